"""The freshness report in French text, JSON and Markdown.

Paths and links are given by the caller: the CLI shows paths from the
repository root, the site links pages relative to its generated page.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from entraide.content.markdown_text import markdown_literal
from entraide.content.page import Page
from entraide.content.review import french_date
from entraide.freshness.report import FreshnessItem, FreshnessReport

PathOf = Callable[[Page], str]
ThemeLabel = Callable[[str], str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def status(item: FreshnessItem) -> str:
    if item.due is None:
        return "sources-changed"
    return "expired" if item.expired else "due-soon"


def due_phrase(item: FreshnessItem, report: FreshnessReport) -> str:
    if item.due is None:
        return "pas d'échéance de vérification lisible"
    days = (item.due - report.as_of).days
    if days == 0:
        return f"la vérification expire aujourd'hui ({french_date(item.due)})"
    if days < 0:
        return (
            f"vérification expirée depuis le {french_date(item.due)} "
            f"(il y a {_plural(-days, 'jour')})"
        )
    return f"à revérifier avant le {french_date(item.due)} (dans {_plural(days, 'jour')})"


def source_phrases(item: FreshnessItem) -> list[str]:
    reviewed = item.page.last_reviewed_on
    since = f" ({french_date(reviewed)})" if reviewed else ""
    return [
        f"la fiche officielle {change.source_id} (« {change.title} ») a changé le "
        f"{french_date(change.changed_on)} depuis la dernière vérification{since}"
        for change in item.source_changes
    ]


def summary(report: FreshnessReport) -> str:
    expired = sum(1 for item in report.items if item.expired)
    soon = sum(1 for item in report.items if item.due is not None and not item.expired)
    sources = sum(1 for item in report.items if item.source_changes)
    day = french_date(report.as_of)
    if not report.items:
        return (
            f"Aucune page à revérifier au {day} : aucune vérification expirée ni à échéance "
            f"d'ici le {french_date(report.horizon)}, aucune source officielle modifiée."
        )
    return (
        f"Au {day} : {_plural(len(report.items), 'page')} à revérifier — "
        f"{expired} vérification(s) expirée(s), {soon} à échéance d'ici le "
        f"{french_date(report.horizon)}, {sources} page(s) dont une source officielle a changé."
    )


def render_text(report: FreshnessReport, path_of: PathOf, theme_label: ThemeLabel) -> str:
    lines = [summary(report)]
    for owner, themes in report.grouped():
        lines += ["", f"Responsable : {owner}"]
        for theme, items in themes:
            lines.append(f"  Thème : {theme_label(theme)}")
            for item in items:
                lines.append(f"    {path_of(item.page)} — {item.page.title}")
                if item.due is not None:
                    lines.append(f"      {due_phrase(item, report)}")
                lines += [f"      {phrase}" for phrase in source_phrases(item)]
    return "\n".join(lines) + "\n"


def render_json(report: FreshnessReport, path_of: PathOf) -> str:
    pages = [
        {
            "path": path_of(item.page),
            "title": item.page.title,
            "owner": item.page.owner,
            "themes": list(item.page.themes),
            "last_reviewed_on": (
                item.page.last_reviewed_on.isoformat() if item.page.last_reviewed_on else None
            ),
            "review_in": item.page.review_in,
            "due": item.due.isoformat() if item.due else None,
            "days_left": (item.due - report.as_of).days if item.due else None,
            "status": status(item),
            "source_changes": [
                {"id": c.source_id, "title": c.title, "changed_on": c.changed_on.isoformat()}
                for c in item.source_changes
            ],
        }
        for item in report.items
    ]
    data = {
        "as_of": report.as_of.isoformat(),
        "within_days": report.within_days,
        "total": len(pages),
        "pages": pages,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_markdown(
    report: FreshnessReport, link_of: PathOf, theme_label: ThemeLabel, heading_level: int = 2
) -> str:
    """Markdown grouped by owner (``heading_level``) then theme, one linked item a page."""
    owner_mark, theme_mark = "#" * heading_level, "#" * (heading_level + 1)
    lines = [summary(report)]
    for owner, themes in report.grouped():
        lines += ["", f"{owner_mark} {markdown_literal(owner)}"]
        for theme, items in themes:
            lines += ["", f"{theme_mark} {markdown_literal(theme_label(theme))}", ""]
            for item in items:
                detail = due_phrase(item, report) if item.due is not None else ""
                entry = f"- [{markdown_literal(item.page.title)}]({link_of(item.page)})"
                lines.append(f"{entry} — {detail}" if detail else entry)
                lines += [f"    - {markdown_literal(phrase)}" for phrase in source_phrases(item)]
    return "\n".join(lines) + "\n"
