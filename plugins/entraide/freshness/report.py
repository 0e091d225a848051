"""The freshness report: expired and soon-expired checks, official sources that moved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from entraide.content.page import Page
from entraide.sources.catalogue import Catalogue, source_id

DEFAULT_WINDOW_DAYS = 30
# Where the site puts the "À revérifier" page (path relative to docs).
REVIEW_PAGE = "a-reverifier.md"
NO_OWNER = "(sans responsable)"
NO_THEME = "(sans thème)"


@dataclass(frozen=True)
class SourceChange:
    """An official fiche that changed after the page was last checked."""

    source_id: str
    title: str
    changed_on: date


@dataclass(frozen=True)
class FreshnessItem:
    page: Page
    due: date | None
    expired: bool
    source_changes: tuple[SourceChange, ...] = ()

    @property
    def owner(self) -> str:
        return self.page.owner or NO_OWNER

    @property
    def theme(self) -> str:
        """The page's first theme: each page is listed once, under its main theme."""
        return self.page.themes[0] if self.page.themes else NO_THEME


@dataclass(frozen=True)
class FreshnessReport:
    as_of: date
    within_days: int
    items: tuple[FreshnessItem, ...]

    @property
    def horizon(self) -> date:
        return self.as_of + timedelta(days=self.within_days)

    def grouped(self) -> list[tuple[str, list[tuple[str, list[FreshnessItem]]]]]:
        """Items by owner, then by theme, both sorted; items by due date."""
        owners: dict[str, dict[str, list[FreshnessItem]]] = {}
        for item in self.items:
            owners.setdefault(item.owner, {}).setdefault(item.theme, []).append(item)
        return [
            (owner, [(theme, themes[theme]) for theme in sorted(themes)])
            for owner, themes in sorted(owners.items())
        ]


def _source_changes(page: Page, catalogue: Catalogue | None) -> tuple[SourceChange, ...]:
    if catalogue is None or page.last_reviewed_on is None:
        return ()
    changes = []
    for reference in page.sources:
        identifier = source_id(reference)
        entry = catalogue.get(identifier) if identifier else None
        if entry is None or entry.changed_on is None:
            continue
        if entry.changed_on > page.last_reviewed_on:
            changes.append(SourceChange(entry.id, entry.title, entry.changed_on))
    return tuple(changes)


def _sort_key(item: FreshnessItem) -> tuple[date, str]:
    return item.due or date.max, item.page.path


def build_report(
    pages: Iterable[Page],
    as_of: date,
    within_days: int = DEFAULT_WINDOW_DAYS,
    catalogue: Catalogue | None = None,
) -> FreshnessReport:
    """Pages whose check expired by ``as_of``, expires within ``within_days``, or
    whose official sources changed since the check."""
    horizon = as_of + timedelta(days=within_days)
    items = []
    for page in pages:
        due = page.review_due
        changes = _source_changes(page, catalogue)
        if (due is not None and due <= horizon) or changes:
            items.append(FreshnessItem(page, due, page.review_expired(as_of), changes))
    return FreshnessReport(as_of, within_days, tuple(sorted(items, key=_sort_key)))
