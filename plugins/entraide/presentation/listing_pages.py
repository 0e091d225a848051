"""Markdown of listing pages and of the listings embedded in section pages.

Listings are Markdown with relative ``.md`` links, so the site generator
resolves URLs and its link validation covers them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from html import escape

from entraide.content.listings import (
    FACET_TITLES,
    Group,
    Listing,
    facet_index_path,
    group_pages,
    sort_key,
)
from entraide.content.page import Page
from entraide.content.taxonomy import Taxonomy
from entraide.presentation.badges import posture_badges_html


def relative_link(from_path: str, to_path: str) -> str:
    """A ``.md`` link from one docs page to another, as Markdown expects."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def _entry(page: Page, from_path: str, taxonomy: Taxonomy) -> str:
    badges = posture_badges_html(
        page, taxonomy, lambda target: relative_link(from_path, target), compact=True
    )
    title = page.title.replace("[", "\\[").replace("]", "\\]")
    line = f"- [{title}]({relative_link(from_path, page.path)}) {badges}"
    if page.description:
        line += f"  \n  {escape(page.description)}"
    return line


def entries_markdown(pages: Iterable[Page], from_path: str, taxonomy: Taxonomy) -> str:
    return "\n".join(_entry(page, from_path, taxonomy) for page in pages)


def groups_markdown(
    groups: Sequence[Group], from_path: str, taxonomy: Taxonomy, level: int = 2
) -> str:
    if not groups:
        return (
            "*Aucune page pour l'instant.* [Proposez-en une !]("
            + relative_link(from_path, "contribuer.md")
            + ")\n"
        )
    return "\n\n".join(
        f"{'#' * level} {group.label} ({len(group.pages)})\n\n"
        + entries_markdown(group.pages, from_path, taxonomy)
        for group in groups
    )


def embedded_listing(
    pages: Sequence[Page], group_by: str | None, from_path: str, taxonomy: Taxonomy
) -> str:
    """A listing inside a hand-written page, under its current headings."""
    if group_by is None:
        ordered = sorted(pages, key=lambda p: sort_key(p.title))
        return entries_markdown(ordered, from_path, taxonomy) or "*Aucune page pour l'instant.*"
    return groups_markdown(group_pages(pages, group_by, taxonomy), from_path, taxonomy)


def _pages_count(count: int) -> str:
    return f"{count} page{'s' if count > 1 else ''}"


def listing_markdown(listing: Listing, taxonomy: Taxonomy) -> str:
    description = listing.explanation or f"Les pages d'Entraide : {listing.label}."
    front = (
        "---\n"
        f"title: {_yaml_string(listing.label)}\n"
        f"description: {_yaml_string(description)}\n"
        "---\n\n"
    )
    intro = f"{escape(listing.explanation)}\n\n" if listing.explanation else ""
    return (
        f"{front}# {listing.label}\n\n{intro}{_pages_count(listing.count)}.\n\n"
        + groups_markdown(listing.groups, listing.path, taxonomy)
        + "\n"
    )


def facet_index_markdown(facet: str, listings: Sequence[Listing]) -> str:
    path = facet_index_path(facet)
    title = FACET_TITLES[facet]
    rows = [
        f"- [{listing.label}]({relative_link(path, listing.path)}) — {_pages_count(listing.count)}"
        for listing in listings
        if listing.facet == facet
    ]
    return f"---\ntitle: {_yaml_string(title)}\n---\n\n# {title}\n\n" + "\n".join(rows) + "\n"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
