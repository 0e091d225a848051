"""Posture badges: text and an icon (never colour alone, RGAA/WCAG), linking to that
posture's listing page.

:func:`posture_badges` is the data the theme's ``partials/entraide-badges.html``
prints under a page's title; :func:`posture_badges_html` is the same badges inline,
inside a listing's entries (generated Markdown, where no template runs).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from entraide.content.listings import listing_path
from entraide.content.page import Page
from entraide.content.taxonomy import Taxonomy

Href = Callable[[str], str]


def posture_badges(
    page: Page, taxonomy: Taxonomy, href: Href, compact: bool = False
) -> list[dict[str, str]]:
    """One entry per known posture of the page: slug, text, explanation, link."""
    badges = []
    for slug in page.mediation:
        posture = taxonomy.mediation.get(slug)
        if posture is None:
            continue
        badges.append(
            {
                "slug": slug,
                "text": posture.label if compact else posture.badge,
                "explanation": posture.explanation,
                "href": href(listing_path("mediation", slug)),
            }
        )
    return badges


def posture_badges_html(page: Page, taxonomy: Taxonomy, href: Href, compact: bool = False) -> str:
    """Inline markup, so it also fits inside a Markdown list item of a listing."""
    items = [
        f'<a class="entraide-badge entraide-badge--{escape(badge["slug"])}" '
        f'href="{escape(badge["href"])}" title="{escape(badge["explanation"])}">'
        f'<span class="entraide-badge__icon" aria-hidden="true"></span>{escape(badge["text"])}</a>'
        for badge in posture_badges(page, taxonomy, href, compact)
    ]
    if not items:
        return ""
    return '<span class="entraide-badges">' + " ".join(items) + "</span>"
