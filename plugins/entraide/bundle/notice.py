"""What the home page of an offline copy says: which base, built when, and when it is old.

A copy on a USB key is read for months. Each page has a review period; once a
copy is older than a page's period, that page may be out of date. The dates
are computed here, and compared with the reader's today by the page script
(``emporter.js``), since the copy is opened long after it was made; without
script, the first of those dates is written out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from entraide.bundle.version import BaseVersion
from entraide.content.page import Page
from entraide.content.review import french_date, parse_period

_H1_END = "</h1>"


def stale_dates(pages: Iterable[Page], built_on: date) -> list[date]:
    """For each page with a review period: the day this copy becomes older than it."""
    dates = []
    for page in pages:
        period = parse_period(page.review_in)
        if period is not None:
            dates.append(period.after(built_on))
    return sorted(dates)


def notice_html(version: BaseVersion, built_on: date, stale: list[date]) -> str:
    if version.name:
        committed = f" du {french_date(version.committed_on)}" if version.committed_on else ""
        base = f"la version <code>{escape(version.name)}</code>{committed} de la base"
    else:
        base = "une version de la base hors Git (sans numéro)"
    first = (
        f" Remplacez-la avant le {french_date(stale[0])} : des pages devront alors être "
        "revérifiées."
        if stale
        else ""
    )
    dates = " ".join(d.isoformat() for d in stale)
    return (
        f'<div class="admonition info entraide-copie" data-entraide-copie '
        f'data-stale-dates="{dates}">'
        '<p class="admonition-title">Copie hors ligne</p>'
        f"<p>Cette copie d'Entraide contient {base}, construite le "
        f"{french_date(built_on)}. Elle se lit sans connexion.{first}</p>"
        "<p data-entraide-copie-ancienne hidden><strong>Cette copie est ancienne :</strong> "
        "<span data-entraide-copie-nombre></span> page(s) auraient dû être revérifiées depuis "
        "sa construction. Les démarches ont pu changer : demandez une copie récente ou "
        "vérifiez sur le site en ligne.</p></div>"
    )


def with_notice(home_html: str, notice: str) -> str:
    """The home page with the notice under its title (or first, without a title)."""
    end = home_html.find(_H1_END)
    if end < 0:
        marker = home_html.find('<article class="md-content__inner')
        end = home_html.find(">", marker) + 1 if marker >= 0 else 0
        return home_html[:end] + notice + home_html[end:]
    end += len(_H1_END)
    return home_html[:end] + notice + home_html[end:]
