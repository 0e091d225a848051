"""French formats for amounts and dates, as papers print them."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_NNBSP = "\u202f"


def euros(amount: float) -> str:
    """``1045.3`` → ``1 045,30 €`` (narrow no-break spaces, as French typography wants)."""
    whole, cents = f"{amount:,.2f}".split(".")
    return whole.replace(",", _NNBSP) + "," + cents + "\u00a0€"


def long_date(value: str | date) -> str:
    """``1951-03-14`` → ``14 mars 1951``."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def short_date(value: str | date) -> str:
    """``1951-03-14`` → ``14/03/1951``."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def month_name(value: str | date) -> str:
    """``2026-10-05`` → ``octobre 2026``."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{MONTHS[day.month - 1]} {day.year}"
