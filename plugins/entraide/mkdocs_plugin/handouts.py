"""Take it with you, in the site: handout print views, print CSS and the « Imprimer » button.

The rules and HTML live in :mod:`entraide.handouts`; this adapter only moves
them into MkDocs: it registers the ``/// a-remettre`` block, adds the print
views as generated files (never into docs/), and decorates rendered pages.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from entraide.content.taxonomy import Taxonomy
from entraide.handouts.block import HandoutExtension
from entraide.handouts.index_page import index_markdown
from entraide.handouts.model import INDEX_PATH
from entraide.handouts.print_view import (
    SCRIPT,
    STYLESHEET,
    HandoutSheet,
    print_view_html,
    sheet_for,
)
from entraide.presentation.print_links import short_address, with_print_addresses
from entraide.website.model import url_for

ASSETS = Path(__file__).resolve().parents[1] / "handouts" / "assets"
PRINT_CSS = "assets/entraide/impression.css"
_ACTIONS = '<div class="entraide-handout__actions"></div>'


class TakeAway:
    """Per-build state of the handouts and print features (reset by :meth:`on_config`)."""

    def __init__(self) -> None:
        self.sheets: dict[str, HandoutSheet] = {}
        self.files: Files | None = None
        self.proofread_label = ""

    def on_config(self, config: MkDocsConfig, taxonomy: Taxonomy) -> None:
        self.sheets, self.files = {}, None
        self.proofread_label = taxonomy.handouts.proofread_label
        extensions = [e for e in config.markdown_extensions if not isinstance(e, HandoutExtension)]
        config.markdown_extensions[:] = [*extensions, HandoutExtension(taxonomy.handouts.label)]
        if PRINT_CSS not in config.extra_css:
            config.extra_css.append(PRINT_CSS)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)

    def on_files(self, config: MkDocsConfig, files: Files, taxonomy: Taxonomy) -> None:
        """One print view per handout, their index page, and the assets."""
        site_url = config.site_url or ""
        for file in files.documentation_pages():
            sheet = sheet_for(file.src_uri, file.content_string, site_url)
            if sheet is not None:
                self.sheets[file.src_uri] = sheet
        for sheet in self.sheets.values():
            url = url_for(sheet.page_path, config.use_directory_urls)
            html = print_view_html(sheet, taxonomy.handouts, url)
            files.append(File.generated(config, sheet.path, content=html))
        # Always there, even empty: the navigation names it.
        content = index_markdown(list(self.sheets.values()), taxonomy)
        files.append(File.generated(config, INDEX_PATH, content=content))
        for uri, name in (
            (STYLESHEET, "fiche.css"),
            (PRINT_CSS, "impression.css"),
            (SCRIPT, "emporter.js"),
        ):
            text = (ASSETS / name).read_text(encoding="utf-8")
            files.append(File.generated(config, uri, content=text))
        self.files = files

    def on_page_content(self, html: str, page: MkDocsPage) -> str:
        """Links get their printed address; the handout section gets its print link.

        Generated pages (listings, review list) are left alone: they are lists of
        links, read on screen, and print addresses there would weigh on every entry.
        """
        if page.file.generated_by is not None:
            return html
        base = page.canonical_url or ""

        def absolute(href: str) -> str | None:
            if href.startswith("#") or not href:
                return None
            target = urljoin(base, href) if base else href
            return target if urlsplit(target).scheme in ("http", "https") else None

        html = with_print_addresses(html, absolute)
        sheet = self.sheets.get(page.file.src_uri)
        if sheet is None or _ACTIONS not in html or self.files is None:
            return html
        view = self.files.get_file_from_path(sheet.path)
        index = self.files.get_file_from_path(INDEX_PATH)
        if view is None or index is None:
            return html
        links = [
            f'<a class="md-button" href="{view.url_relative_to(page.file)}">'
            "Ouvrir la fiche à imprimer</a>",
            f'<a href="{index.url_relative_to(page.file)}">Toutes les fiches à remettre</a>',
        ]
        if sheet.handout.qr:
            links.append(
                f'<span>Code QR vers <a href="{escape(sheet.handout.qr)}">'
                f"{escape(short_address(sheet.handout.qr))}</a></span>"
            )
        if sheet.proofread:
            label = escape(self.proofread_label)
            links.append(f'<span class="entraide-handout__falc">{label}</span>')
        actions = '<div class="entraide-handout__actions">' + "".join(links) + "</div>"
        return html.replace(_ACTIONS, actions, 1)
