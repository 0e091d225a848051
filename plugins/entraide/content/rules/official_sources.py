"""Cited official sources: a procedure rests on at least one, and each fiche exists.

The catalogue (``sources/catalogue.json``, kept by ``entraide sources
import``) knows every fiche; checking a page against it belongs to the
sources package.
"""

from __future__ import annotations

from collections.abc import Iterator

from entraide.content.problems import Problem, error
from entraide.content.rules.page_source import PageSource
from entraide.sources.checks import check_page_sources


def check_official_sources(source: PageSource) -> Iterator[Problem]:
    page = source.page
    if page is None:
        return
    page_type = source.context.taxonomy.types.get(page.type)
    if (
        page_type is not None
        and "sources" in page_type.required_keys
        and not page.sources
        and isinstance(source.meta("sources"), list)
    ):
        yield error(
            source.display,
            source.meta_line("sources"),
            "no-source",
            f"une page de type « {page_type.label.lower()} » doit citer au moins une source "
            "officielle : ajoutez l'identifiant de la fiche service-public.fr (par exemple "
            "« sources: [F1427] ») ou l'adresse https:// du site officiel.",
        )
    if source.context.catalogue is not None:
        yield from check_page_sources(
            page, source.context.catalogue, source.display, source.meta_line("sources")
        )
