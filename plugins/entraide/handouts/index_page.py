"""The « Fiches à remettre » page: every handout, by theme and by organisation."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from entraide.content.taxonomy import Taxonomy
from entraide.handouts.model import FOLDER
from entraide.handouts.print_view import HandoutSheet


def _line(sheet: HandoutSheet) -> str:
    view = PurePosixPath(sheet.path).relative_to(FOLDER).as_posix()
    label = " — *Facile à lire*" if sheet.proofread else ""
    return f"- [{sheet.title}]({view}){label} · [le guide](../{sheet.page_path})"


def _groups(
    sheets: list[HandoutSheet], key: str, taxonomy: Taxonomy
) -> Iterable[tuple[str, list[HandoutSheet]]]:
    terms = taxonomy.facet(key)
    for slug, term in sorted(terms.items(), key=lambda item: item[1].label):
        members = [s for s in sheets if slug in getattr(s, key)]
        if members:
            yield term.label, sorted(members, key=lambda s: s.title)


def index_markdown(sheets: list[HandoutSheet], taxonomy: Taxonomy) -> str:
    lines = [
        "---",
        "title: Fiches à remettre",
        "description: Les fiches faciles à lire à imprimer pour les personnes accompagnées.",
        "---",
        "",
        "# Fiches à remettre",
        "",
        "Chaque fiche tient sur une page A4 : ce qu'il faut avoir, les étapes en mots "
        "simples, qui appeler, et un code QR vers le site officiel. Ouvrez-la, puis "
        "« Imprimer la fiche ». Les fiches marquées *Facile à lire* ont été relues par "
        "des personnes du public ; les autres sont des brouillons à améliorer.",
        "",
        "La commande `entraide handouts` en fait des PDF, avec un classeur par thème "
        "et par organisme.",
        "",
    ]
    if not sheets:
        lines += ["Aucune page n'a encore de fiche à remettre.", ""]
        return "\n".join(lines)
    for heading, key in (("Par thème", "themes"), ("Par organisme", "organisations")):
        lines += [f"## {heading}", ""]
        for label, members in _groups(sheets, key, taxonomy):
            lines += [f"### {label}", "", *(_line(s) for s in members), ""]
    return "\n".join(lines)
