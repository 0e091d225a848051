"""The site side of search: the search page, its scripts, and the static index.

One search runs everywhere the site is published: the browser engine reads the
static index written here after each build, on a static host, from ``file://``
and behind ``entraide serve`` alike. The index comes from the Whoosh index of
the pages (updated incrementally, in ``index_dir``), so results are those of
``entraide search``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from entraide.content.taxonomy import Taxonomy, TaxonomyError
from entraide.network.base import BaseError
from entraide.network.config import NetworkConfigError
from entraide.search.errors import SearchError
from entraide.search.indexing import IndexReport
from entraide.search.labels import facet_labels
from entraide.search.site_paths import SEARCH_PAGE, SITE_FOLDER
from entraide.search.static_index import StaticIndexReport, export_static_index
from entraide.sitebuild import index_site

log = logging.getLogger("mkdocs.plugins.entraide")

ASSETS = Path(__file__).parent / "assets"
# The search page's template, the header that holds the search box and the page
# partials (badges, review notice, history line); a site's own custom_dir still
# overrides them.
TEMPLATES = Path(__file__).parent / "templates"
SCRIPTS = ("recherche-moteur.js", "recherche.js", "recherche-entete.js")
SCRIPT_FOLDER = "assets/entraide"
# Extra config key through which templates find the search page and the index.
EXTRA_KEY = "entraide_recherche"

_SEARCH_PAGE_MARKDOWN = """---
title: Rechercher
template: recherche.html
search:
  exclude: true
hide:
  - navigation
  - toc
---

# Rechercher dans Entraide
"""


class StaticSearch:
    """Per-build state of search; :meth:`start_build` resets it (``mkdocs serve``).

    ``deferred``: ``entraide build`` publishes the index itself, only once the
    build succeeded (a refused page never reaches the search); a plain
    ``mkdocs build`` writes it at the end of the build.
    """

    def __init__(self) -> None:
        self.index: IndexReport | None = None
        self.static: StaticIndexReport | None = None
        self.deferred = False

    def start_build(self, config: MkDocsConfig) -> None:
        self.index = None
        self.static = None
        dirs = config.theme.dirs
        if str(TEMPLATES) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        header = f"{SCRIPT_FOLDER}/recherche-entete.js"
        if header not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(header)

    def add_files(self, config: MkDocsConfig, files: Files) -> None:
        """The scripts, and a search page when the docs folder has none (``--docs DIR``)."""
        for name in SCRIPTS:
            content = (ASSETS / name).read_text(encoding="utf-8")
            files.append(File.generated(config, f"{SCRIPT_FOLDER}/{name}", content=content))
        page = files.get_file_from_path(SEARCH_PAGE)
        if page is None:
            page = File.generated(config, SEARCH_PAGE, content=_SEARCH_PAGE_MARKDOWN)
            files.append(page)
        config.extra[EXTRA_KEY] = {
            "page": page.url,
            "index": f"{SITE_FOLDER}/",
            "scripts": SCRIPT_FOLDER,
        }

    def export(
        self, config: MkDocsConfig, files: Files, taxonomy: Taxonomy, index_dir: Path
    ) -> StaticIndexReport:
        """Write the static copy of the index in ``index_dir`` into the site.

        Raises :class:`~entraide.search.errors.SearchError` when the index cannot be read.
        """
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        self.static = export_static_index(
            index_dir, Path(config.site_dir), urls, facet_labels(taxonomy)
        )
        return self.static

    def post_build(
        self, config: MkDocsConfig, files: Files, taxonomy: Taxonomy, index_dir: Path
    ) -> None:
        """At the end of a plain ``mkdocs build``: publish, or say why not.

        The index is updated by :func:`entraide.sitebuild.index_site`, as ``entraide
        build`` does it: in a network, the merged pages (local ones in, hidden ones out).
        """
        if self.deferred:
            return
        try:
            self.index = index_site(Path(config.config_file_path), Path(config.docs_dir), index_dir)
            for problem in self.index.problems:
                log.info(problem.located())
            self.export(config, files, taxonomy, index_dir)
        except (SearchError, TaxonomyError, NetworkConfigError, BaseError) as exc:
            log.warning(f"Recherche : index non écrit dans le site ({exc}).")
