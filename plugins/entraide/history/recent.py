"""Recent changes: the "Quoi de neuf" list and its Atom feed, from the Git history.

The feed is written with the standard library rather than mkdocs-rss-plugin:
that plugin asks Git for each page's dates with its own ``git log`` calls (two
per page), where we already hold every page's history from one pass, and it
knows nothing of our contributors rule (names only) or our page model.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from entraide.content.markdown_text import markdown_literal
from entraide.content.page import Page
from entraide.content.review import french_date
from entraide.history.model import PageHistory

ATOM = "http://www.w3.org/2005/Atom"
DEFAULT_RECENT = 30
# Where the site puts the "Quoi de neuf" page and its feed (paths relative to docs).
RECENT_PAGE = "quoi-de-neuf.md"
FEED = "quoi-de-neuf/atom.xml"


@dataclass(frozen=True)
class RecentChange:
    page: Page
    history: PageHistory
    url: str

    @property
    def is_new(self) -> bool:
        return self.history.changes == 1


def contributors_phrase(history: PageHistory, shown: int = 4) -> str:
    """``par 3 contributeurs (Ana, Bo, Chloé)``: names only, a few of them."""
    count = len(history.contributors)
    if count == 0:
        return ""
    noun = "contributeur" if count == 1 else "contributeurs"
    names = ", ".join(history.contributors[:shown])
    if count > shown:
        names += f" et {count - shown} autre{'s' if count - shown > 1 else ''}"
    return f"par {count} {noun} ({names})"


def recent_markdown(changes: Iterable[RecentChange], link_of: Callable[[Page], str]) -> str:
    """The list under "Quoi de neuf": by day, newest first, one linked item a page."""
    lines: list[str] = []
    day = None
    for change in changes:
        modified = change.history.modified.date()
        if modified != day:
            day = modified
            lines += ["", f"## {french_date(modified).capitalize()}", ""]
        what = "nouvelle page" if change.is_new else f"{change.history.changes} modifications"
        # Author names come from Git, where anyone may write anything: text, never markup.
        who = markdown_literal(contributors_phrase(change.history))
        detail = f"{what}, {who}" if who else what
        title = markdown_literal(change.page.title)
        lines.append(f"- [{title}]({link_of(change.page)}) — {detail}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom_feed(
    changes: Iterable[RecentChange],
    title: str,
    site_url: str,
    feed_url: str,
    updated: datetime,
) -> str:
    """An Atom 1.0 feed, one entry a page change; an entry's id changes with each commit
    so a feed reader shows a page again when it changes again."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    _text(feed, "title", title)
    _text(feed, "id", feed_url)
    _text(feed, "updated", updated.isoformat(timespec="seconds"))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site_url})
    _text(feed, "generator", "Entraide")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", title)
    for change in changes:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", change.page.title)
        _text(entry, "id", f"{change.url}#{change.history.last_commit[:12]}")
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": change.url})
        _text(entry, "published", change.history.created.isoformat(timespec="seconds"))
        _text(entry, "updated", change.history.modified.isoformat(timespec="seconds"))
        for name in change.history.contributors:
            author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(author, "name", name)
        what = "Nouvelle page" if change.is_new else "Page modifiée"
        summary = f"{what} : {change.page.description}" if change.page.description else what
        _text(entry, "summary", summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
