"""Review periods: when a person's check of a page stops being trustworthy.

Follows GOV.UK's tech-docs convention (``last_reviewed_on`` + ``review_in``), so
a page says in words how long its check holds ("6 mois", "1 an").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_PERIOD = re.compile(
    r"^\s*(?P<count>\d{1,3})\s*(?P<unit>jours?|days?|semaines?|weeks?|mois|months?|ans?|années?|years?)\s*$",
    re.IGNORECASE,
)
_DAYS_PER_UNIT = {"jour": 1, "day": 1, "semaine": 7, "week": 7}
_MONTHS_PER_UNIT = {"mois": 1, "month": 1, "an": 12, "année": 12, "year": 12}

PERIOD_HINT = "écrivez par exemple « 6 mois », « 1 an » ou « 90 jours »"


@dataclass(frozen=True)
class ReviewPeriod:
    months: int = 0
    days: int = 0

    def after(self, start: date) -> date:
        """``start`` plus the period; the 31st plus one month is the month's last day."""
        month_index = start.month - 1 + self.months
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=self.days)


def parse_period(text: str) -> ReviewPeriod | None:
    """The period written in ``text``, or None when it cannot be read."""
    match = _PERIOD.match(text)
    if not match:
        return None
    count = int(match["count"])
    unit = match["unit"].lower()
    singular = unit if unit == "mois" else unit.rstrip("s")
    if singular in _DAYS_PER_UNIT:
        return ReviewPeriod(days=count * _DAYS_PER_UNIT[singular])
    return ReviewPeriod(months=count * _MONTHS_PER_UNIT[singular])


def french_date(value: date) -> str:
    """``3 février 2026``: how service-public writes "Vérifié le"."""
    months = (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    )  # fmt: skip
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"
