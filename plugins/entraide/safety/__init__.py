"""What keeps a contributor's page from running anything in a reader's browser.

The HTML allow-list (:mod:`html_policy`), what it changed on a page
(:mod:`html_changes`), which files may be published (:mod:`assets`) and the
Content-Security-Policy of every page (:mod:`csp`). No MkDocs import here.
"""
