"""The ``entraide`` MkDocs plugin: the domain's pages, badges and listings in the site.

Every rule lives in the domain (validation, listings) or the presentation layer
(HTML); each event below only moves data between MkDocs and them.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
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
from entraide.editing.cms import CmsSettings
from entraide.mkdocs_plugin.cms import cms_settings, write_admin
from entraide.mkdocs_plugin.config import EntraideConfig
from entraide.mkdocs_plugin.handouts import TakeAway
from entraide.mkdocs_plugin.history import SiteHistory
from entraide.mkdocs_plugin.icons import posture_icons_css
from entraide.mkdocs_plugin.navigation import compact_navigation
from entraide.mkdocs_plugin.network import CSS_URI as NETWORK_CSS_URI
from entraide.mkdocs_plugin.network import NetworkBuild, colours_css
from entraide.mkdocs_plugin.safety import SiteSafety
from entraide.mkdocs_plugin.search import StaticSearch
from entraide.mkdocs_plugin.training import TrainingSite
from entraide.network.base import BaseError
from entraide.network.config import NetworkConfigError
from entraide.network.layout import CONFIG_FILE as NETWORK_CONFIG_FILE
from entraide.network.layout import LOCAL_DIR as NETWORK_LOCAL_DIR
from entraide.network.site import open_network
from entraide.presentation.listing_pages import (
    Entries,
    embedded_listing,
    facet_index_markdown,
    fill_entries,
    listing_markdown,
)
from entraide.presentation.page_header import META_KEY, header
from entraide.presentation.redirect_page import redirect_html
from entraide.search.errors import SearchError
from entraide.search.static_index import StaticIndexReport
from entraide.tracks import TracksExtension
from entraide.website.model import Side, SiteModel

log = logging.getLogger("mkdocs.plugins.entraide")

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/entraide/mediation.css"
JS_URI = "assets/entraide/mediation.js"


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
        self.site: SiteModel | None = None  # the files the site publishes
        self.network: NetworkBuild | None = None  # set in a network's repository
        self.takeaway = TakeAway()  # handouts, print, « Imprimer »
        self.training = TrainingSite()  # practice kit: papers, simulators
        self.safety = SiteSafety()  # HTML allow-list, files, Content-Security-Policy
        self.cms = CmsSettings()  # admin/ for a Git-host CMS, when the site asks for one

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
        self.network = None
        self.training.start_build(config)
        self.safety.start_build(
            self.root,
            csp=self.config.content_security_policy,
            file_scheme=self.config.csp_file_scheme,
        )
        try:
            if (self.root / NETWORK_CONFIG_FILE).is_file():
                self.network = NetworkBuild(open_network(self.root, self.today))
                self.network.configure(config)
                self.site = self.network.site.model
                self.taxonomy = self.network.site.taxonomy
                self.history.start_build(
                    self.root, self.root / NETWORK_LOCAL_DIR, self.network.written_source
                )
            else:
                self.site = SiteModel.plain(Path(config.docs_dir), self.root)
                self.taxonomy = load_taxonomy(self.root / self.config.taxonomy)
        except (TaxonomyError, NetworkConfigError, BaseError) as exc:
            raise PluginError(str(exc)) from exc
        # A network's CMS edits its own repository: the base's options do not apply to it.
        self.cms = (
            self.network.site.config.cms if self.network else cms_settings(self.config.cms, config)
        )
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
        if self.site is not None and file.abs_src_path and not file.generated_by:
            published = self.site.of_source(Path(file.abs_src_path))
            if published is not None:
                return published.display
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

    def _read(self, file: File) -> bool:
        return self.site is not None and bool(file.abs_src_path) and not file.generated_by

    def _site_files(self, config: MkDocsConfig, files: Files) -> Files:
        """The documentation files as the site model composes them, theme files kept.

        MkDocs walked ``docs_dir`` alone; the model may stack layers (a network's
        base, generated and local pages), and its walk is the one every tool shares.
        """
        assert self.site is not None
        docs_dir = Path(config.docs_dir).resolve()
        kept = [
            file
            for file in files
            if not self._read(file) or not Path(file.abs_src_path or "").is_relative_to(docs_dir)
        ]
        site_files = Files(kept)
        for published in self.site.files.values():
            site_files.append(
                File(
                    published.path,
                    str(published.layer.docs_dir),
                    config.site_dir,
                    config.use_directory_urls,
                )
            )
        return site_files

    def _validate_sources(self, config: MkDocsConfig, files: Files) -> None:
        """Check every page once, before any page renders."""
        assert self.taxonomy is not None and self.site is not None
        context = CheckContext(Path(config.docs_dir), self.taxonomy, self.today)
        for file in files.documentation_pages():
            # published=False: MkDocs' own validation checks links and anchors.
            result = check_page(
                self._display(file), file.src_uri, file.content_string, context, published=False
            )
            if result.page is not None:
                # The body is already in MkDocs' hands; keeping a copy costs memory.
                self.pages[file.src_uri] = replace(result.page, body="", meta={})
            if not self.config.check_pages:
                continue
            published = self.site.get(file.src_uri)
            written = self.site.written_page(file.src_uri)
            if published is not None and published.layer.side is Side.GENERATED and written:
                # A shared page with its « Chez nous » block: blame the page as written
                # (its lines), the block is checked below as the network wrote it.
                text = written.source.read_text(encoding="utf-8")
                result = check_page(written.display, written.path, text, context, published=False)
            for problem in result.problems:
                self._report(problem)
        if self.network is not None:
            self._check_network(context, config.strict)

    def _check_network(self, context: CheckContext, strict: bool) -> None:
        """The network's « Chez nous » blocks (what they say) and its layering.

        A replaced page whose shared version moved is a reminder to re-read it, like
        a review date: shown by a plain build, by ``check`` and on « À revérifier »,
        but it does not stop a strict build (``serve``, CI) from publishing.
        """
        assert self.network is not None
        site = self.network.site
        for _, source in sorted(site.completions.items()):
            display = f"local : {source.relative_to(site.root).as_posix()}"
            text = source.read_text(encoding="utf-8")
            # Not a page of its own: no header to check, only what it says.
            result = check_page(display, source.name, text, context, published=False)
            for problem in result.problems:
                self._report(problem)
        for problem in site.layer_problems():
            if problem.is_error or not strict:
                log.warning(problem.located())
            else:
                log.info(problem.located())

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
        if self.network is not None:
            css = colours_css(self.network.site)
            files.append(File.generated(config, NETWORK_CSS_URI, content=css))

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
        """Drop what may not be published, validate sources, then add listing pages,
        assets and redirects as generated files."""
        files = self._site_files(config, files)
        assert self.taxonomy is not None and self.site is not None
        self.safety.filter_files(files, self.site, self.taxonomy)
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
        review_extra = self.network.review_markdown() if self.network else ""
        self.history.add_files(config, files, self.pages, self.taxonomy, review_extra)
        self.search.add_files(config, files)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """MkDocs' automatic navigation stays small on a large site; a configured one is kept."""
        if config.nav is None:
            return compact_navigation(nav, self.config.nav_max_pages)
        return nav

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
        if self.network is not None:
            url = self.network.report_url(page.canonical_url or page.url, title)
            if url:
                return url
        if config.repo_url:
            subject = quote(f"À revérifier : {title}")
            body = quote(f"Page : {page.canonical_url or page.url}\n\nCe qui a changé : ")
            return f"{config.repo_url.rstrip('/')}/issues/new?title={subject}&body={body}"
        return self._href(page, "contribuer.md")

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Our additions, then the whole page through the HTML allow-list; front-matter
        values escaped here, before any page's template prints them in its menus, then
        the data of the theme's partials (badges, review notice, history line)."""
        self.safety.page_meta(page)
        html = self.safety.page_html(self._decorate(html, page), page)
        page.meta[META_KEY] = self._partials_data(page, config)
        # The practice kit's blocks come from its checked data files, not from the page,
        # and carry an inert JSON island (no inline script runs) the allow-list cannot
        # express: they are added after it.
        return self.training.page_html(html, page)

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        return self.safety.post_page(output, page)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if template_name.endswith(".html"):
            return self.safety.post_page(output_content, None)
        return output_content

    def _decorate(self, html: str, page: MkDocsPage) -> str:
        """Print addresses and handout links, then the entries of listings."""
        html = self.takeaway.on_page_content(html, page)
        if self.taxonomy is None:
            return html
        href = lambda target: self._href(page, target)  # noqa: E731
        return fill_entries(html, self.entries, self.taxonomy, href)

    def _partials_data(self, page: MkDocsPage, config: MkDocsConfig) -> dict[str, object]:
        """Plain data for ``partials/entraide-*.html``: the history line of a page written
        in docs; badges, facets and review notice of a content page (none on free pages)."""
        data: dict[str, object] = {"history": self.history.page_fact(page)}
        model = self.pages.get(page.file.src_uri)
        if model is None or self.taxonomy is None:
            return data
        href = lambda target: self._href(page, target)  # noqa: E731
        report_url = self._report_url(page, config, model.title)
        return data | header(model, self.taxonomy, href, self.today, report_url)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The site's safety checks, then the search index once every page is written
        (unless ``entraide build`` defers it)."""
        self.safety.post_build(Path(config.site_dir))
        if self.taxonomy is not None and self.site is not None:
            write_admin(Path(config.site_dir), self.cms, self.taxonomy, self.site)
        if self.taxonomy is not None and self.files is not None:
            self.search.post_build(config, self.files, self.taxonomy, self.index_dir)

    @property
    def index_dir(self) -> Path:
        """The Whoosh index of the pages, whose static copy the site carries."""
        return self.root / self.config.index_dir

    def export_search(self, config: MkDocsConfig, index_dir: Path) -> StaticIndexReport:
        """Write the static copy of an up-to-date index into the site (``entraide build``)."""
        if self.taxonomy is None or self.files is None:
            raise SearchError("la construction n'a pas lu les pages.")
        return self.search.export(config, self.files, self.taxonomy, index_dir)
