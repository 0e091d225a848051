"""Cited official sources: every service-public fiche a page names must exist.

The catalogue (``sources/catalogue.json``, kept by ``entraide sources
import``) knows every fiche; the check itself belongs to the sources package.
"""

from __future__ import annotations

from collections.abc import Iterator

from entraide.content.problems import Problem
from entraide.content.rules.page_source import PageSource
from entraide.sources.checks import check_page_sources


def check_official_sources(source: PageSource) -> Iterator[Problem]:
    if source.page is None or source.context.catalogue is None:
        return
    yield from check_page_sources(
        source.page, source.context.catalogue, source.display, source.meta_line("sources")
    )
