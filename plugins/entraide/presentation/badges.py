"""The block under a page's title: posture badges, type, themes, organisations.

Each posture badge carries text and an icon (never colour alone, RGAA/WCAG)
and links to that posture's listing page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from entraide.content.listings import listing_path
from entraide.content.page import Page
from entraide.content.taxonomy import Taxonomy

Href = Callable[[str], str]


def posture_badges_html(page: Page, taxonomy: Taxonomy, href: Href, compact: bool = False) -> str:
    """Inline markup, so it also fits inside a Markdown list item of a listing."""
    items = []
    for slug in page.mediation:
        posture = taxonomy.mediation.get(slug)
        if posture is None:
            continue
        text = posture.label if compact else posture.badge
        items.append(
            f'<a class="entraide-badge entraide-badge--{escape(slug)}" '
            f'href="{escape(href(listing_path("mediation", slug)))}" '
            f'title="{escape(posture.explanation)}">'
            f'<span class="entraide-badge__icon" aria-hidden="true"></span>{escape(text)}</a>'
        )
    if not items:
        return ""
    return '<span class="entraide-badges">' + " ".join(items) + "</span>"


def _facet_links(page: Page, taxonomy: Taxonomy, href: Href, facet: str) -> str:
    terms = taxonomy.facet(facet)
    return ", ".join(
        f'<a href="{escape(href(listing_path(facet, slug)))}">{escape(terms[slug].label)}</a>'
        for slug in page.facet_values(facet)
        if slug in terms
    )


def facets_html(page: Page, taxonomy: Taxonomy, href: Href) -> str:
    parts = []
    for facet, label in (("type", "Type"), ("themes", "Thèmes"), ("organisations", "Organismes")):
        links = _facet_links(page, taxonomy, href, facet)
        if links:
            parts.append(
                f'<span class="entraide-facets__item"><span class="entraide-facets__label">'
                f"{label} :</span> {links}</span>"
            )
    if not parts:
        return ""
    return '<p class="entraide-facets">' + "".join(parts) + "</p>"
