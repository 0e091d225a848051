"""``entraide new`` for the practice kit: the type's default posture is written in the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.taxonomy import Taxonomy
from entraide.content.templates.drafts import draft_page
from entraide.content.validation import validate_text


def test_new_persona_and_simulator_default_to_autonomy(taxonomy: Taxonomy, tmp_path: Path) -> None:
    for page_type, folder in (
        ("persona", "entrainement/foyers"),
        ("simulateur", "entrainement/simulateurs"),
    ):
        draft = draft_page(
            taxonomy,
            tmp_path,
            page_type,
            "Un exemple",
            themes=["logement"],
            today=date(2026, 12, 2),
        )
        assert draft.docs_path == f"{folder}/un-exemple.md"
        assert "mediation: [autonomie]" in draft.text
        result = validate_text(
            draft.docs_path, draft.docs_path, draft.text, taxonomy, date(2026, 12, 2)
        )
        assert result.page is not None and result.page.mediation == ("autonomie",)
        assert result.page.type == page_type


def test_explicit_posture_wins_over_the_default(taxonomy: Taxonomy, tmp_path: Path) -> None:
    draft = draft_page(
        taxonomy, tmp_path, "persona", "Un exemple", mediation=["urgence"], today=date(2026, 12, 2)
    )
    assert "mediation: [urgence]" in draft.text
