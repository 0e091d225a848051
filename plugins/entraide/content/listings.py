"""Listings: which pages belong under each posture, type, theme, organisation and public.

Plain data, no HTML: the site generator renders it. Where listing pages live
(their paths) is decided here once, so badges, navigation and listings agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from entraide.content.folding import fold_accents
from entraide.content.page import Page
from entraide.content.taxonomy import Taxonomy

# Facet key in front matter -> folder of its listing pages in the site.
FACET_FOLDERS: dict[str, str] = {
    "mediation": "mediation",
    "type": "types",
    "themes": "themes",
    "organisations": "organismes",
    "publics": "publics",
}
FACET_TITLES: dict[str, str] = {
    "mediation": "Par posture de médiation",
    "type": "Par type de page",
    "themes": "Par thème",
    "organisations": "Par organisme",
    "publics": "Par public",
}
# How each facet's listing pages group their entries.
GROUPING: dict[str, str] = {
    "mediation": "type",
    "type": "themes",
    "themes": "type",
    "organisations": "type",
    "publics": "type",
}


def listing_path(facet: str, slug: str) -> str:
    """Path (relative to docs) of the listing page of one facet value."""
    return f"{FACET_FOLDERS[facet]}/{slug}.md"


def facet_index_path(facet: str) -> str:
    return f"{FACET_FOLDERS[facet]}/index.md"


@dataclass(frozen=True)
class Group:
    label: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Listing:
    facet: str
    slug: str
    label: str
    explanation: str
    groups: tuple[Group, ...]

    @property
    def path(self) -> str:
        return listing_path(self.facet, self.slug)

    @property
    def count(self) -> int:
        return sum(len(group.pages) for group in self.groups)


def select(pages: Iterable[Page], filters: Mapping[str, Sequence[str]]) -> list[Page]:
    """Pages carrying every filter value (``{"type": ["procedure"]}``)."""
    return [
        page
        for page in pages
        if all(set(values) & set(page.facet_values(key)) for key, values in filters.items())
    ]


def group_pages(pages: Iterable[Page], by: str, taxonomy: Taxonomy) -> tuple[Group, ...]:
    """Group pages by a facet, in the taxonomy's order; a page may sit in several groups.

    Pages with no value for the facet go last, under "Autres".
    """
    terms = taxonomy.facet(by)
    buckets: dict[str, list[Page]] = {slug: [] for slug in terms}
    others: list[Page] = []
    for page in pages:
        values = [v for v in page.facet_values(by) if v in buckets]
        for value in values:
            buckets[value].append(page)
        if not values:
            others.append(page)
    groups = [
        Group(taxonomy.heading(by, slug), tuple(sorted(found, key=lambda p: fold_accents(p.title))))
        for slug, found in buckets.items()
        if found
    ]
    if others:
        groups.append(Group("Autres", tuple(sorted(others, key=lambda p: fold_accents(p.title)))))
    return tuple(groups)


def build_listings(pages: Sequence[Page], taxonomy: Taxonomy) -> list[Listing]:
    """One listing per value of every facet, empty ones included (badges link to them)."""
    listings = []
    for facet in FACET_FOLDERS:
        for slug, term in taxonomy.facet(facet).items():
            tagged = select(pages, {facet: [slug]})
            listings.append(
                Listing(
                    facet=facet,
                    slug=slug,
                    label=term.label,
                    explanation=term.explanation,
                    groups=group_pages(tagged, GROUPING[facet], taxonomy),
                )
            )
    return listings


@dataclass(frozen=True)
class ListingDirective:
    """``<!-- entraide:liste type=procedure par=organisations -->`` in a page.

    Lets a hand-written page (a section index) embed a listing that stays up to
    date, whatever the site generator.
    """

    start: int
    end: int
    filters: dict[str, list[str]]
    group_by: str | None


_DIRECTIVE = re.compile(r"<!--\s*entraide:liste\b(?P<args>[^>]*?)-->")


def find_directives(markdown: str) -> list[ListingDirective]:
    directives = []
    for match in _DIRECTIVE.finditer(markdown):
        filters: dict[str, list[str]] = {}
        group_by = None
        for pair in match["args"].split():
            key, _, value = pair.partition("=")
            if key == "par" and value in FACET_FOLDERS:
                group_by = value
            elif key in FACET_FOLDERS and value:
                filters.setdefault(key, []).extend(value.split(","))
        directives.append(ListingDirective(match.start(), match.end(), filters, group_by))
    return directives
