"""The ``entraide`` MkDocs plugin: the domain's pages, badges and listings in the site.

Every rule lives in the domain (validation, listings) or the presentation layer
(HTML); each event below only moves data between MkDocs and them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from entraide.content.checking import check_page
from entraide.content.glossary import GLOSSARY_DIRECTIVE, glossary_markdown, glossary_terms
from entraide.content.listings import (
    FACET_FOLDERS,
    build_listings,
    facet_index_path,
    find_directives,
    select,
)
from entraide.content.page import Page
from entraide.content.problems import Problem
from entraide.content.redirects import read_redirects
from entraide.content.rendering import tracks_extension
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from entraide.mkdocs_plugin.config import EntraideConfig
from entraide.mkdocs_plugin.handouts import TakeAway
from entraide.mkdocs_plugin.history import SiteHistory
from entraide.mkdocs_plugin.icons import posture_icons_css
from entraide.mkdocs_plugin.search import StaticSearch
from entraide.mkdocs_plugin.training import TrainingSite
from entraide.presentation.badges import facets_html, posture_badges_html
from entraide.presentation.listing_pages import (
    Entries,
    embedded_listing,
    facet_index_markdown,
    fill_entries,
    listing_markdown,
)
from entraide.presentation.redirect_page import redirect_html
from entraide.presentation.review_notice import review_html
from entraide.search.errors import SearchError
from entraide.search.indexing import IndexReport
from entraide.search.static_index import StaticIndexReport
from entraide.tracks import TracksExtension

log = logging.getLogger("mkdocs.plugins.entraide")

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/entraide/mediation.css"
JS_URI = "assets/entraide/mediation.js"
_H1_END = re.compile(r"</h1>", re.IGNORECASE)


class EntraidePlugin(BasePlugin[EntraideConfig]):
    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.root = Path.cwd()
        self.pages: dict[str, Page] = {}
        self.files: Files | None = None
        self.entries: Entries = {}
        self.today = date.today()
        self.history = SiteHistory()  # Git history, freshness, recent changes
        self.search = StaticSearch()  # the search page and its static index
        self.takeaway = TakeAway()  # handouts, print, « Imprimer »
        self.training = TrainingSite()  # practice kit: papers, simulators

    @property
    def content_pages(self) -> list[Page]:
        return list(self.pages.values())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the taxonomy and reset per-build state (`mkdocs serve` reuses this object)."""
        self.root = Path(config.config_file_path).parent
        self.pages, self.files, self.entries = {}, None, {}
        self.today = date.today()
        self.history.start_build(self.root)
        self.search.start_build(config)
        self.training.start_build(config)
        try:
            self.taxonomy = load_taxonomy(self.root / self.config.taxonomy)
        except TaxonomyError as exc:
            raise PluginError(str(exc)) from exc
        extensions = [e for e in config.markdown_extensions if not isinstance(e, TracksExtension)]
        config.markdown_extensions[:] = [*extensions, tracks_extension(self.taxonomy)]
        self.takeaway.on_config(config, self.taxonomy)
        if "abbr" in config.markdown_extensions:
            # Tooltips for the field's jargon on every page (a page's own *[X]: wins).
            abbr = config.mdx_configs.setdefault("abbr", {})
            abbr["glossary"] = {**glossary_terms(self.taxonomy), **abbr.get("glossary", {})}
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        return config

    def _display(self, file: File) -> str:
        if file.abs_src_path:
            try:
                return Path(file.abs_src_path).relative_to(self.root).as_posix()
            except ValueError:
                return file.abs_src_path
        return file.src_uri

    def _report(self, problem: Problem) -> None:
        if problem.is_error:
            log.warning(problem.located())
        else:
            log.info(problem.located())

    def _validate_sources(self, config: MkDocsConfig, files: Files) -> None:
        """Check every page once, before any page renders."""
        assert self.taxonomy is not None
        context = CheckContext(Path(config.docs_dir), self.taxonomy, self.today)
        for file in files.documentation_pages():
            # published=False: MkDocs' own validation checks links and anchors.
            result = check_page(
                self._display(file), file.src_uri, file.content_string, context, published=False
            )
            if result.page is not None:
                # The body is already in MkDocs' hands; keeping a copy costs memory.
                self.pages[file.src_uri] = replace(result.page, body="", meta={})
            if self.config.check_pages:
                for problem in result.problems:
                    self._report(problem)

    def _generate_listings(self, config: MkDocsConfig, files: Files) -> None:
        assert self.taxonomy is not None
        listings = build_listings(self.content_pages, self.taxonomy)
        for listing in listings:
            content = listing_markdown(listing, self.entries)
            files.append(File.generated(config, listing.path, content=content))
        for facet in FACET_FOLDERS:
            content = facet_index_markdown(facet, listings)
            files.append(File.generated(config, facet_index_path(facet), content=content))

    def _generate_assets(self, config: MkDocsConfig, files: Files) -> None:
        assert self.taxonomy is not None
        icons, missing = posture_icons_css(self.taxonomy)
        for name in missing:
            log.warning(f"{self.config.taxonomy} : icône « {name} » introuvable dans Material.")
        css = (ASSETS / "mediation.css").read_text(encoding="utf-8") + icons
        files.append(File.generated(config, CSS_URI, content=css))
        js = (ASSETS / "mediation.js").read_text(encoding="utf-8")
        files.append(File.generated(config, JS_URI, content=js))

    def _generate_redirects(self, config: MkDocsConfig, files: Files) -> None:
        """A page at each moved page's old address that sends the reader on."""
        pages = {file.src_uri: file for file in files.documentation_pages()}
        report = read_redirects(self.config.redirects, pages)
        name = Path(config.config_file_path).name
        for problem in report.problems:
            log.warning(f"{name} : {problem}")
        for absent in report.absent:
            log.info(f"{name} : {absent}")
        for redirect in report.redirects:
            old = File(redirect.old, None, config.site_dir, config.use_directory_urls)
            url = get_relative_url(pages[redirect.target].url, old.url) + redirect.fragment
            html_path = old.dest_uri
            files.append(File.generated(config, html_path, content=redirect_html(url)))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Validate sources, then add listing pages, assets and redirects as generated files."""
        self._validate_sources(config, files)
        assert self.taxonomy is not None
        self.training.add_files(
            config,
            files,
            CheckContext(Path(config.docs_dir), self.taxonomy, self.today),
            self._display,
            self._report if self.config.check_pages else None,
            {uri: page.title for uri, page in self.pages.items()},
        )
        self._generate_listings(config, files)
        self._generate_assets(config, files)
        self._generate_redirects(config, files)
        if self.taxonomy is not None:
            self.takeaway.on_files(config, files, self.taxonomy)
        self.history.add_files(config, files, self.pages, self.taxonomy)
        self.search.add_files(config, files)
        self.files = files
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Fill ``<!-- entraide:liste ... -->`` and ``<!-- entraide:glossaire -->`` directives."""
        if self.taxonomy is not None and GLOSSARY_DIRECTIVE.search(markdown):
            glossary = glossary_markdown(self.taxonomy)
            markdown = GLOSSARY_DIRECTIVE.sub(lambda _: glossary, markdown)
        directives = find_directives(markdown)
        if not directives or self.taxonomy is None:
            return markdown
        for directive in reversed(directives):
            pages = select(self.content_pages, directive.filters)
            listing = embedded_listing(
                pages, directive.group_by, page.file.src_uri, self.taxonomy, self.entries
            )
            markdown = markdown[: directive.start] + listing + markdown[directive.end :]
        return markdown

    def _href(self, page: MkDocsPage, target: str) -> str:
        assert self.files is not None
        file = self.files.get_file_from_path(target)
        return file.url_relative_to(page.file) if file else target

    def _report_url(self, page: MkDocsPage, config: MkDocsConfig, title: str) -> str:
        if config.repo_url:
            subject = quote(f"À revérifier : {title}")
            body = quote(f"Page : {page.canonical_url or page.url}\n\nCe qui a changé : ")
            return f"{config.repo_url.rstrip('/')}/issues/new?title={subject}&body={body}"
        return self._href(page, "contribuer.md")

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Listing entries, then badges, facets and review notice under the title.

        The header goes after the H1, never before: MkDocs reads the title from it.
        """
        html = self.history.page_html(html, page)
        html = self.takeaway.on_page_content(html, page)
        if self.taxonomy is None:
            return html
        href = lambda target: self._href(page, target)  # noqa: E731
        html = fill_entries(html, self.entries, self.taxonomy, href)
        html = self.training.page_html(html, page)
        model = self.pages.get(page.file.src_uri)
        if model is None:
            return html
        block = (
            '<div class="entraide-meta">'
            + posture_badges_html(model, self.taxonomy, href)
            + facets_html(model, self.taxonomy, href)
            + review_html(model, self.today, self._report_url(page, config, model.title))
            + "</div>"
        )
        match = _H1_END.search(html)
        if match is None:
            return block + html
        return html[: match.end()] + block + html[match.end() :]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The search index, once every page is written (unless ``entraide build`` defers it)."""
        if self.taxonomy is not None and self.files is not None:
            index_dir = self.root / self.config.index_dir
            self.search.post_build(config, self.files, self.taxonomy, index_dir)

    def publish_search(self, config: MkDocsConfig) -> tuple[IndexReport, StaticIndexReport]:
        """The search index of a build that succeeded (called by ``entraide build``)."""
        if self.taxonomy is None or self.files is None:
            raise SearchError("la construction n'a pas lu les pages.")
        index_dir = self.root / self.config.index_dir
        return self.search.publish(config, self.files, self.taxonomy, index_dir)
