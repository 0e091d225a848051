"""Checks on the sources a page cites, called by ``entraide check``."""

from __future__ import annotations

from entraide.content.page import Page
from entraide.content.problems import Problem, error
from entraide.sources.catalogue import Catalogue, source_id


def check_page_sources(
    page: Page, catalogue: Catalogue | None, display_path: str, line: int
) -> list[Problem]:
    """A problem for each service-public fiche ``page`` cites that the catalogue lacks.

    ``line`` is the line of the ``sources`` key. Plain web addresses are not
    checked; without a catalogue there is nothing to check against.
    """
    if catalogue is None:
        return []
    problems = []
    for reference in page.sources:
        identifier = source_id(reference)
        if identifier is None or identifier in catalogue:
            continue
        problems.append(
            error(
                display_path,
                line,
                "unknown-source",
                f"la fiche service-public « {identifier} » n'existe pas dans le catalogue "
                "des sources officielles : vérifiez l'identifiant sur service-public.fr "
                "(il figure à la fin de l'adresse de la fiche). Si la fiche est récente, "
                "mettez le catalogue à jour avec « entraide sources import ».",
            )
        )
    return problems
