"""Review dates that make sense, and figures that say when they hold.

The header's own rules (a readable period, no date in the future) live in
:mod:`entraide.content.validation`; these are the ones a reviewer would add:
a period that means something, a date a person could really have checked on,
and no amount stated without the date it is valid for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from entraide.content.problems import Problem, error, warning
from entraide.content.review import PERIOD_HINT, parse_period
from entraide.content.rules.markdown_source import line_at
from entraide.content.rules.page_source import PageSource

OLDEST_REVIEW = date(2000, 1, 1)
LONGEST_PERIOD_DAYS = 2 * 366

_AMOUNT = re.compile(
    r"(?<![\w,.])\d{1,3}(?:[ \u00a0\u202f.]\d{3})*(?:,\d{1,2})?[ \u00a0\u202f]?(?:€|euros?\b)",
    re.I,
)
_DATED = re.compile(
    r"\b(?:19|20)\d\d\b|chaque année|revalori|change|évolue|simulat|barème|en vigueur", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def check_review_dates(source: PageSource) -> Iterator[Problem]:
    yield from _period_problems(source)
    reviewed = source.meta("last_reviewed_on")
    if isinstance(reviewed, date) and reviewed < OLDEST_REVIEW:
        yield error(
            source.display,
            source.meta_line("last_reviewed_on"),
            "implausible-review-date",
            f"la date de vérification {reviewed.isoformat()} est invraisemblable : indiquez "
            "le jour où une personne a relu la page (AAAA-MM-JJ).",
        )
    yield from _undated_amounts(source)


def _period_problems(source: PageSource) -> Iterator[Problem]:
    review_in = source.meta("review_in")
    period = parse_period(review_in) if isinstance(review_in, str) else None
    if period is None:
        return
    start = date(2000, 1, 1)
    days = (period.after(start) - start).days
    if days == 0:
        yield error(
            source.display,
            source.meta_line("review_in"),
            "review-period-empty",
            f"un délai de « {review_in} » ne laisse aucun temps avant la prochaine "
            f"vérification : {PERIOD_HINT}.",
        )
    elif days > LONGEST_PERIOD_DAYS:
        yield warning(
            source.display,
            source.meta_line("review_in"),
            "review-period-too-long",
            f"« {review_in} » entre deux vérifications, c'est trop long : les démarches "
            "changent chaque année. Choisissez « 1 an » ou moins.",
        )


def _undated_amounts(source: PageSource) -> Iterator[Problem]:
    masked = source.masked_body
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(masked), None]:
        end = brk.start() if brk else len(masked)
        paragraph = masked[start:end]
        amount = _AMOUNT.search(paragraph)
        if amount and not _DATED.search(paragraph):
            yield warning(
                source.display,
                line_at(masked, start + amount.start(), source.body_line),
                "undated-amount",
                f"le montant « {amount.group().strip()} » n'a pas de date : les montants "
                "changent souvent. Précisez à quelle date il est valable (« au 1er avril "
                "2026 ») ou renvoyez au simulateur officiel.",
            )
        start = brk.end() if brk else end
