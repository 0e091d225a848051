"""Listing pages and the listings embedded in section pages.

A listing is written in two passes: Markdown holds the headings (so the table
of contents works) and one placeholder per group; the entries themselves are
rendered straight to HTML afterwards. Running thousands of entries with inline
badges through the Markdown parser would double the build time of a large site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from html import escape

from entraide.content.folding import fold_accents
from entraide.content.frontmatter import yaml_scalar
from entraide.content.listings import (
    FACET_TITLES,
    Group,
    Listing,
    facet_index_path,
    group_pages,
)
from entraide.content.page import Page
from entraide.content.taxonomy import Taxonomy
from entraide.presentation.badges import Href, posture_badges_html

Entries = dict[str, tuple[Page, ...]]
_PLACEHOLDER = re.compile(r"<!-- entraide:entries (?P<key>[^ ]+) -->")


def relative_link(from_path: str, to_path: str) -> str:
    """A ``.md`` link from one docs page to another, as Markdown expects."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def _placeholder(entries: Entries, owner: str, pages: tuple[Page, ...]) -> str:
    key = f"{owner}#{len(entries)}"
    entries[key] = pages
    return f"<!-- entraide:entries {key} -->"


def _empty(from_path: str) -> str:
    link = relative_link(from_path, "contribuer.md")
    return f"*Aucune page pour l'instant.* [Proposez-en une !]({link})"


def groups_markdown(groups: Sequence[Group], from_path: str, entries: Entries) -> str:
    if not groups:
        return _empty(from_path) + "\n"
    return "\n\n".join(
        f"## {group.label} ({len(group.pages)})\n\n{_placeholder(entries, from_path, group.pages)}"
        for group in groups
    )


def embedded_listing(
    pages: Sequence[Page],
    group_by: str | None,
    from_path: str,
    taxonomy: Taxonomy,
    entries: Entries,
) -> str:
    """A listing inside a hand-written page, under its current headings."""
    if group_by is not None:
        return groups_markdown(group_pages(pages, group_by, taxonomy), from_path, entries)
    if not pages:
        return _empty(from_path)
    ordered = tuple(sorted(pages, key=lambda p: fold_accents(p.title)))
    return _placeholder(entries, from_path, ordered)


def entries_html(pages: Sequence[Page], taxonomy: Taxonomy, href: Href) -> str:
    items = []
    for page in pages:
        description = (
            f'<span class="entraide-listing__description">{escape(page.description)}</span>'
            if page.description
            else ""
        )
        items.append(
            f'<li><a class="entraide-listing__title" href="{escape(href(page.path))}">'
            f"{escape(page.title)}</a> "
            f"{posture_badges_html(page, taxonomy, href, compact=True)}{description}</li>"
        )
    return '<ul class="entraide-listing">' + "".join(items) + "</ul>"


def fill_entries(
    html: str, entries: Entries, taxonomy: Taxonomy, href: Callable[[str], str]
) -> str:
    """Replace each placeholder left in rendered HTML by its entries."""
    if "<!-- entraide:entries " not in html:
        return html

    def entries_for(match: re.Match[str]) -> str:
        pages = entries.get(match["key"])
        return match[0] if pages is None else entries_html(pages, taxonomy, href)

    return _PLACEHOLDER.sub(entries_for, html)


def _pages_count(count: int) -> str:
    return f"{count} page{'s' if count > 1 else ''}"


def _front_matter(title: str, description: str) -> str:
    # Listings repeat other pages' titles: keep them out of the search index.
    return (
        f"---\ntitle: {yaml_scalar(title)}\ndescription: {yaml_scalar(description)}\n"
        "search:\n  exclude: true\n---\n\n"
    )


def listing_markdown(listing: Listing, entries: Entries) -> str:
    description = listing.explanation or f"Les pages d'Entraide : {listing.label}."
    intro = f"{escape(listing.explanation)}\n\n" if listing.explanation else ""
    return (
        _front_matter(listing.label, description)
        + f"# {listing.label}\n\n{intro}{_pages_count(listing.count)}.\n\n"
        + groups_markdown(listing.groups, listing.path, entries)
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
    description = f"Toutes les pages d'Entraide, {title.lower()}."
    return _front_matter(title, description) + f"# {title}\n\n" + "\n".join(rows) + "\n"
