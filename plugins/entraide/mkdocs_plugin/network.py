"""The MkDocs side of a network's site: its generated configuration and its build hooks.

A network repository has no ``mkdocs.yml`` of its own: the base's is inherited
(MkDocs' ``INHERIT``) by ``.entraide-site.yml``, written here before each build
with the network's name, colours, logo and footer. During the build the plugin
asks :class:`NetworkBuild` for the network's part; everything it knows comes from
:func:`entraide.network.site.open_network`.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig

from entraide.content.review import french_date
from entraide.network.contacts import Contact
from entraide.network.layout import (
    BASE_CACHE,
    DIRECTORY_PAGE,
    GENERATED_CONFIG,
    LOCAL_DIR,
    OVERRIDES_DIR,
)
from entraide.network.site import LOCAL_INDEX, NetworkSite

CSS_URI = "assets/entraide/reseau.css"
# The base's theme files, relative to the network's root.
BASE_OVERRIDES = f"{BASE_CACHE}/{OVERRIDES_DIR}"
_HEADER = (
    "# Généré par entraide à chaque construction, d'après entraide-reseau.yml et la base\n"
    "# épinglée : ne le modifiez pas (vos changements seraient perdus).\n"
)


def footer_html(site: NetworkSite) -> str:
    """The footer line: who publishes, where they are, which base version."""
    parts = [escape(site.config.name)]
    if site.config.address:
        parts.append(escape(site.config.address))
    parts.append(
        f"Contenus partagés : Entraide {escape(site.version)} "
        f'(<span class="entraide-base-commit">{site.pin.commit[:12]}</span>), CC BY-SA 4.0'
    )
    return " · ".join(parts)


def _logo(site: NetworkSite) -> str:
    logo = site.config.logo
    return logo.removeprefix(f"{LOCAL_DIR}/") if logo else ""


def write_config(site: NetworkSite) -> Path:
    """``.entraide-site.yml`` beside ``entraide-reseau.yml``; rewritten only when it changes."""
    # The network's own theme files win; the base's stay under them (NetworkBuild.configure).
    own = (site.root / OVERRIDES_DIR).is_dir()
    theme: dict[str, object] = {"custom_dir": OVERRIDES_DIR if own else BASE_OVERRIDES}
    if _logo(site):
        theme["logo"] = _logo(site)
    values: dict[str, object] = {
        "INHERIT": f"{BASE_CACHE}/mkdocs.yml",
        "site_name": site.config.name,
        "site_url": site.config.site_url or None,
        "docs_dir": f"{BASE_CACHE}/docs",
        "site_dir": "site",
        "edit_uri": "",
        "copyright": footer_html(site),
        "theme": theme,
    }
    # JSON is YAML: every value is quoted and escaped, whatever the network wrote.
    text = _HEADER + "".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items())
    target = site.root / GENERATED_CONFIG
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def colours_css(site: NetworkSite) -> str:
    rules = []
    if site.config.primary:
        rules.append(f"--md-primary-fg-color: {site.config.primary};")
        rules.append(f"--md-typeset-a-color: {site.config.primary};")
    if site.config.accent:
        rules.append(f"--md-accent-fg-color: {site.config.accent};")
    body = "\n  ".join(rules)
    chez_nous = (
        ".md-typeset .admonition.entraide-chez-nous { border-color: var(--md-accent-fg-color); }\n"
        ".md-typeset .entraide-chez-nous > .admonition-title { background-color: "
        "var(--md-accent-fg-color--transparent); }\n"
    )
    colours = f':root,\n[data-md-color-scheme="default"] {{\n  {body}\n}}\n' if rules else ""
    return colours + chez_nous


class NetworkBuild:
    """What the plugin asks of the network during one build."""

    def __init__(self, site: NetworkSite) -> None:
        self.site = site

    def configure(self, config: MkDocsConfig) -> None:
        """Nav entries for « Chez nous », the colours' stylesheet, the base's theme files."""
        if config.nav is not None and not any(
            isinstance(item, dict) and "Chez nous" in item for item in config.nav
        ):
            config.nav.append(
                {"Chez nous": [{"Pages locales": LOCAL_INDEX}, {"Qui appeler": DIRECTORY_PAGE}]}
            )
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        # The network's own overrides folder is the custom_dir: the base's goes just under it.
        base = (self.site.root / BASE_OVERRIDES).resolve()
        dirs = config.theme.dirs
        present = any(Path(folder).resolve() == base for folder in dirs)
        if config.theme.custom_dir and base.is_dir() and not present:
            dirs.insert(1, str(base))

    def written_source(self, built: Path) -> Path:
        """Under a composed page, the shared page it was made from (whose history it shows)."""
        model = self.site.model
        published = model.of_source(built)
        written = model.written_page(published.path) if published is not None else None
        return written.source if written is not None else built

    def report_url(self, page_url: str, title: str) -> str | None:
        """Where readers report a problem: the network's contact, not the base's tracker."""
        contact = self.site.config.report_contact
        if not contact:
            return None
        if "@" in contact and not contact.startswith(("http://", "https://")):
            subject = quote(f"À revérifier : {title}")
            body = quote(f"Page : {page_url}\n\nCe qui a changé : ")
            return f"mailto:{contact}?subject={subject}&body={body}"
        return contact

    def review_markdown(self) -> str:
        """Local pages to re-read and contacts due for a check, for « À revérifier »."""
        parts = []
        moved = [p for p in self.site.layer_problems() if p.code in ("replaced-page-changed",)]
        if moved:
            parts.append(
                "## Pages locales à relire\n\nLa page partagée qu'elles remplacent a changé "
                "depuis leur écriture :\n\n"
                + "\n".join(f"- {escape(p.path)} (ligne {p.line})" for p in moved)
            )
        today = self.site.today
        due = [c for c in self.site.directory.contacts if c.is_due(today, 30)]
        if due:
            parts.append(
                "## Contacts locaux à revérifier\n\n" + "\n".join(_due_line(c) for c in due)
            )
        return "".join(f"\n\n{part}" for part in parts)


def _due_line(contact: Contact) -> str:
    verified = french_date(contact.verified_on) if contact.verified_on else "jamais"
    due = contact.due_on()
    when = f", à revoir le {french_date(due)}" if due else ""
    where = f"contacts.yml, ligne {contact.line}"
    return f"- {escape(contact.name)} ({where}) : vérifié le {verified}{when}"
