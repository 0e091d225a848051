"""Required sections per type, read from the taxonomy, with the line to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from tests.pages import VALID_BODY, VALID_FRONT_MATTER, page

SECTION_CODES = ("missing-section", "section-heading", "section-order")
PROCEDURE = "docs/procedures/ameli/carte-vitale.md"
BODY_LINE = 15


def sections(taxonomy: Taxonomy, tmp_path: Path, text: str, path: str = PROCEDURE):
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page(path, path.removeprefix("docs/"), text, context)
    return [(p.code, p.line, p.severity) for p in result.problems if p.code in SECTION_CODES]


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle) + 1


def test_complete_procedure_passes(taxonomy: Taxonomy, tmp_path: Path) -> None:
    assert sections(taxonomy, tmp_path, page()) == []


def test_extra_sections_and_tracks_in_between_are_fine(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace(
        "## Étapes\n",
        "## Pour qui\n\nTexte.\n\n## Étapes\n\n### Sur le site\n\n/// urgence\nX\n///\n",
    )
    assert sections(taxonomy, tmp_path, page(body=body)) == []


def test_missing_section_points_where_it_belongs(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = page(body=VALID_BODY.replace("\n## En cas de blocage\n\nTexte.\n", ""))
    [(code, line, severity)] = sections(taxonomy, tmp_path, text)
    assert (code, severity) == ("missing-section", "error")
    assert line == line_of(text, "## Données personnelles et mandat")


def test_missing_last_section_points_at_the_end(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = page(body=VALID_BODY.replace("\n## Sources officielles\n\nTexte.\n", ""))
    [(code, line, _)] = sections(taxonomy, tmp_path, text)
    assert code == "missing-section"
    assert line == len(text.rstrip("\n").split("\n"))


def test_message_lists_the_expected_sections(taxonomy: Taxonomy, tmp_path: Path) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    text = page(body="# Titre\n\nTexte.\n")
    problems = check_page(PROCEDURE, PROCEDURE[5:], text, context).problems
    missing = [p for p in problems if p.code == "missing-section"]
    assert len(missing) == 6
    assert any("« ## Prérequis »" in p.message for p in missing)
    assert all("« Étapes », « Pièges fréquents »" in p.message for p in missing)


def test_near_miss_headings_are_named(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace("## Étapes", "## Etapes").replace(
        "## Pièges fréquents", "### Pièges fréquents"
    )
    text = page(body=body)
    assert sections(taxonomy, tmp_path, text) == [
        ("section-heading", line_of(text, "## Etapes"), "error"),
        ("section-heading", line_of(text, "### Pièges fréquents"), "error"),
    ]


def test_sections_out_of_order_warn(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace("## Prérequis", "## TEMP").replace("## Étapes", "## Prérequis")
    body = body.replace("## TEMP", "## Étapes")
    text = page(body=body)
    assert sections(taxonomy, tmp_path, text) == [
        ("section-order", line_of(text, "## Étapes"), "warning")
    ]


def test_headings_in_code_blocks_do_not_count(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace("\n## Étapes\n", "\n```\n## Étapes\n```\n")
    codes = [code for code, _, _ in sections(taxonomy, tmp_path, page(body=body))]
    assert codes == ["missing-section"]


def test_ruse_sections_come_from_the_taxonomy(taxonomy: Taxonomy, tmp_path: Path) -> None:
    front = VALID_FRONT_MATTER.replace("type: procedure", "type: ruse")
    required = taxonomy.types["ruse"].required_sections
    body = "# Ruse\n" + "".join(f"\n## {name}\n\nTexte.\n" for name in required)
    path = "docs/pedagogy/ruse.md"
    assert sections(taxonomy, tmp_path, page(front, body), path) == []
    text = page(front, body.replace("## Matériel", "## Materiel"))
    assert [c for c, _, _ in sections(taxonomy, tmp_path, text, path)] == ["section-heading"]


def test_faq_has_free_structure(taxonomy: Taxonomy, tmp_path: Path) -> None:
    front = VALID_FRONT_MATTER.replace("type: procedure", "type: faq")
    text = page(front, "# Question ?\n\n**Réponse courte.**\n")
    assert sections(taxonomy, tmp_path, text, "docs/faq/question.md") == []


def test_setext_headings_are_read(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace("## Étapes\n", "Étapes\n------\n")
    assert sections(taxonomy, tmp_path, page(body=body)) == []
