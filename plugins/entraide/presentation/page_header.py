"""What the site shows about a page around its text, as plain data for the theme.

The plugin puts this data in ``page.meta["entraide"]``; the markup lives in the
theme's partials (``partials/entraide-*.html``), so a network restyles badges,
review notice and history line through its ``overrides/`` folder, and another
site generator would only need the same data. Values are plain text: the
partials escape them.
"""

from __future__ import annotations

from datetime import date

from entraide.content.listings import listing_path
from entraide.content.page import Page
from entraide.content.review import french_date
from entraide.content.taxonomy import Taxonomy
from entraide.presentation.badges import Href, posture_badges

# The key of ``page.meta`` the partials read.
META_KEY = "entraide"
# The facets shown under the title, in this order, with their French labels.
_FACETS = (("type", "Type"), ("themes", "Thèmes"), ("organisations", "Organismes"))


def facets(page: Page, taxonomy: Taxonomy, href: Href) -> list[dict[str, object]]:
    """Each facet the page has: its label and links to the listing of each value."""
    shown: list[dict[str, object]] = []
    for facet, label in _FACETS:
        terms = taxonomy.facet(facet)
        links = [
            {"text": terms[slug].label, "href": href(listing_path(facet, slug))}
            for slug in page.facet_values(facet)
            if slug in terms
        ]
        if links:
            shown.append({"label": label, "links": links})
    return shown


def review(page: Page, today: date, report_url: str | None) -> dict[str, object] | None:
    """« Vérifié le … » and the « À revérifier » banner's facts; None when never reviewed.

    ``expired`` is computed at build time; the partial also writes the due date in
    the page, because a static site may be rebuilt months after a page expires and
    ``mediation.js`` shows the banner then.
    """
    reviewed, due = page.last_reviewed_on, page.review_due
    if reviewed is None or due is None:
        return None
    return {
        "reviewed_on": reviewed.isoformat(),
        "reviewed": french_date(reviewed),
        "due_on": due.isoformat(),
        "due": french_date(due),
        "expired": due <= today,
        "report_url": report_url or "",
    }


def header(
    page: Page, taxonomy: Taxonomy, href: Href, today: date, report_url: str | None
) -> dict[str, object]:
    """Everything under a content page's title: badges, facets, review notice."""
    return {
        "badges": posture_badges(page, taxonomy, href),
        "facets": facets(page, taxonomy, href),
        "review": review(page, today, report_url),
    }
