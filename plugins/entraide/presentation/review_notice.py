""" "Vérifié le …" and the "À revérifier" banner.

Expiry is computed at build time and again in the browser (the banner carries
the due date) because a static site may be rebuilt months after a page expires.
"""

from __future__ import annotations

from datetime import date
from html import escape

from entraide.content.page import Page
from entraide.content.review import french_date


def review_html(page: Page, today: date, report_url: str | None) -> str:
    reviewed, due = page.last_reviewed_on, page.review_due
    if reviewed is None or due is None:
        return ""
    expired = due <= today
    report = (
        f' <a class="entraide-review__report" href="{escape(report_url)}">'
        "Signaler un problème sur cette page</a>"
        if report_url
        else ""
    )
    hidden = "" if expired else " hidden"
    return (
        f'<p class="entraide-review" data-review-due="{due.isoformat()}">'
        f'<span class="entraide-review__checked">Vérifié le {french_date(reviewed)}</span>'
        f'<span class="entraide-review__due"> · prochaine vérification prévue le '
        f"{french_date(due)}</span></p>"
        f'<div class="admonition warning entraide-review-expired" data-review-expired{hidden}>'
        '<p class="admonition-title">À revérifier</p>'
        f"<p>Cette page devait être revérifiée le {french_date(due)}. Les démarches changent "
        "souvent : vérifiez chaque étape sur le site officiel avant de vous y fier."
        f"{report}</p></div>"
    )
