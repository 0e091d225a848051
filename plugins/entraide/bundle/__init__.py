"""The offline bundle: the site for reading from disk, zipped, that says its age.

Plain Python: what the home page says about the copy (``notice``), which
version of the base it holds (``version``), what would still leave the folder
(``remote``) and the archive itself (``archive``). ``cli/bundle.py`` drives them
around an offline build.
"""
