"""Template markers left in a page keep it from being published."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from tests.pages import VALID_BODY, VALID_FRONT_MATTER, page


def placeholders(taxonomy: Taxonomy, tmp_path: Path, text: str) -> list[tuple[str, int]]:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page("docs/procedures/ameli/x.md", "procedures/ameli/x.md", text, context)
    return [(p.code, p.line) for p in result.problems if p.code == "template-placeholder"]


def test_markers_in_header_and_body_are_errors(taxonomy: Taxonomy, tmp_path: Path) -> None:
    front = VALID_FRONT_MATTER.replace("owner: Groupe de test", "owner: À COMPLÉTER")
    body = VALID_BODY.replace("## Étapes\n\nTexte.", "## Étapes\n\nÀ COMPLÉTER : les étapes.")
    text = page(front, body)
    lines = text.split("\n")
    assert placeholders(taxonomy, tmp_path, text) == [
        ("template-placeholder", lines.index("owner: À COMPLÉTER") + 1),
        ("template-placeholder", lines.index("À COMPLÉTER : les étapes.") + 1),
    ]


def test_the_words_in_a_sentence_or_in_code_are_fine(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = VALID_BODY.replace(
        "Texte.", "Le dossier est à compléter avant lundi : `À COMPLÉTER`.", 1
    )
    assert placeholders(taxonomy, tmp_path, page(body=body)) == []


def test_each_missing_key_is_reported_once(taxonomy: Taxonomy, tmp_path: Path) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    text = "---\ntitle: Une page\n---\n# Une page\n"
    result = check_page("docs/faq/x.md", "faq/x.md", text, context)
    missing = [p.message for p in result.problems if p.code == "missing-key"]
    assert len(missing) == len(set(missing)) == 7
