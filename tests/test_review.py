from __future__ import annotations

from datetime import date

import pytest

from entraide.content.review import french_date, parse_period


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("6 mois", date(2026, 8, 31), date(2027, 2, 28)),
        ("1 an", date(2024, 2, 29), date(2025, 2, 28)),
        ("2 years", date(2026, 1, 1), date(2028, 1, 1)),
        ("90 jours", date(2026, 1, 1), date(2026, 4, 1)),
        ("3 semaines", date(2026, 1, 1), date(2026, 1, 22)),
    ],
)
def test_periods(text: str, start: date, due: date) -> None:
    period = parse_period(text)
    assert period is not None
    assert period.after(start) == due


@pytest.mark.parametrize("text", ["bientôt", "6", "mois", "-1 an", ""])
def test_unreadable_periods(text: str) -> None:
    assert parse_period(text) is None


def test_french_date() -> None:
    assert french_date(date(2026, 2, 1)) == "1er février 2026"
    assert french_date(date(2026, 12, 25)) == "25 décembre 2026"
