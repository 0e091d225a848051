"""The practice kit: fictional households, their papers, form simulators, entitlements.

Plain Python, no MkDocs: the site adapter (``mkdocs_plugin/training.py``), the
``entraide check`` rules and ``entraide training rights`` all read through here.
"""
