"""Review dates that make sense, and amounts that say when they hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from tests.pages import VALID_BODY, VALID_FRONT_MATTER, page

CODES = ("implausible-review-date", "review-period-empty", "review-period-too-long")


def problems(taxonomy: Taxonomy, tmp_path: Path, text: str, codes: tuple[str, ...] = CODES):
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page("docs/procedures/ameli/x.md", "procedures/ameli/x.md", text, context)
    return [(p.code, p.line, p.severity) for p in result.problems if p.code in codes]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("review_in: 6 mois", "review_in: 0 mois", ("review-period-empty", 11, "error")),
        ("review_in: 6 mois", "review_in: 5 ans", ("review-period-too-long", 11, "warning")),
        ("review_in: 6 mois", "review_in: 30 mois", ("review-period-too-long", 11, "warning")),
        (
            "last_reviewed_on: 2026-10-01",
            "last_reviewed_on: 1926-10-01",
            ("implausible-review-date", 10, "error"),
        ),
    ],
)
def test_review_dates_that_make_no_sense(
    taxonomy: Taxonomy, tmp_path: Path, old: str, new: str, expected: tuple[str, int, str]
) -> None:
    text = page(VALID_FRONT_MATTER.replace(old, new))
    assert problems(taxonomy, tmp_path, text) == [expected]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("review_in: 6 mois", "review_in: 3 mois"),
        ("review_in: 6 mois", "review_in: 1 an"),
        ("review_in: 6 mois", "review_in: 2 ans"),
        ("review_in: 6 mois", "review_in: 90 jours"),
        ("last_reviewed_on: 2026-10-01", "last_reviewed_on: 2025-01-15"),
    ],
)
def test_sensible_review_dates_pass(taxonomy: Taxonomy, tmp_path: Path, old: str, new: str) -> None:
    assert problems(taxonomy, tmp_path, page(VALID_FRONT_MATTER.replace(old, new))) == []


def test_an_expired_review_is_for_the_freshness_report_not_an_error(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    text = page(
        VALID_FRONT_MATTER.replace("last_reviewed_on: 2026-10-01", "last_reviewed_on: 2025-01-01")
    )
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page("docs/procedures/ameli/x.md", "procedures/ameli/x.md", text, context)
    assert result.problems == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "La prime peut atteindre 245,50 € par mois.",
        "Le forfait est de 1 234 euros.",
        "- Plafond : 12 000 €\n- Durée : un an",
    ],
)
def test_undated_amounts_warn(taxonomy: Taxonomy, tmp_path: Path, paragraph: str) -> None:
    text = page(body=VALID_BODY.replace("Texte.\n\n## Étapes", f"{paragraph}\n\n## Étapes"))
    line = text.split("\n").index(paragraph.split("\n")[0]) + 1
    found = problems(taxonomy, tmp_path, text, ("undated-amount",))
    assert found == [("undated-amount", line, "warning")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "La prime peut atteindre 245,50 € par mois au 1er avril 2026.",
        "Le montant change chaque année : faites la simulation sur caf.fr.",
        "Le montant (12 €) est revalorisé en avril.",
        "Comptez 20 minutes et 3 documents ; le cerfa 12345*01.",
        "Le 3230 est un service gratuit + prix de l'appel.",
    ],
)
def test_dated_amounts_and_other_numbers_pass(
    taxonomy: Taxonomy, tmp_path: Path, paragraph: str
) -> None:
    text = page(body=VALID_BODY.replace("Texte.\n\n## Étapes", f"{paragraph}\n\n## Étapes"))
    assert problems(taxonomy, tmp_path, text, ("undated-amount",)) == []
