"""A site without a configured ``nav:`` keeps a navigation the size of a table of contents.

Material prints the whole navigation into every page, and MkDocs' automatic one
lists every page: a folder of N pages makes N² links. At the service-public
corpus's 3,213 pages (``entraide build --docs``) that was about 1 MB of links in
each page, a 3 GB site and most of a five-minute build, for a menu nobody scrolls.

Past a number of pages, the navigation keeps its sections, their index pages and
the top-level pages the plugin adds (the follow-up pages): the other pages are
still built, keep their previous/next links, and are reached from the index pages
(the listings by theme, organisation… are), from links between pages, and from
the search. A configured ``nav:`` is never touched.
"""

from __future__ import annotations

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def _listed(page: Page) -> bool:
    return page.is_index or (page.is_top_level and page.file.generated_by is not None)


def _trimmed(items: list[StructureItem]) -> list[StructureItem]:
    """``items`` without the pages :func:`_listed` refuses, nor the sections left empty."""
    kept: list[StructureItem] = []
    for item in items:
        if isinstance(item, Section):
            item.children = _trimmed(item.children)
            if item.children:
                kept.append(item)
        elif not isinstance(item, Page) or _listed(item):
            kept.append(item)
    return kept


def compact_navigation(nav: Navigation, max_pages: int) -> Navigation:
    """``nav`` as it is up to ``max_pages`` pages, else trimmed as the module says."""
    if len(nav.pages) > max_pages:
        nav.items = _trimmed(nav.items)
    return nav
