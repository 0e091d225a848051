"""Where search lives in a built site; light, so the site model can name it without Whoosh."""

from __future__ import annotations

# The static index, relative to the site root (two folders deep: the browser engine
# finds the site's root from it).
SITE_FOLDER = "assets/recherche"
# The search page every site gets (generated: no docs folder needs to hold it).
SEARCH_PAGE = "recherche.md"
