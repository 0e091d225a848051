"""The site side of page history: "Modifié le", "À revérifier", "Quoi de neuf", the feed.

Held apart from ``plugin.py``, which calls three methods: :meth:`SiteHistory.start_build`
from ``on_config`` (``mkdocs serve`` keeps the plugin object, so state is reset
there), :meth:`SiteHistory.add_files` from ``on_files`` once the pages are read,
and :meth:`SiteHistory.page_fact` from ``on_page_content`` (the theme's
``partials/entraide-historique.html`` prints it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from entraide.content.page import Page
from entraide.content.review import french_date
from entraide.content.taxonomy import Taxonomy
from entraide.freshness.render import render_markdown
from entraide.freshness.report import DEFAULT_WINDOW_DAYS, REVIEW_PAGE, build_report
from entraide.history.git_log import read_history
from entraide.history.model import HistorySource, PageHistory, RepositoryHistory
from entraide.history.recent import (
    DEFAULT_RECENT,
    FEED,
    RECENT_PAGE,
    RecentChange,
    atom_feed,
    contributors_phrase,
    recent_markdown,
)
from entraide.sources.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue

log = logging.getLogger("mkdocs.plugins.entraide")


class SiteHistory:
    """Per-build state: the Git history (read once per build) and the build date."""

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.history = RepositoryHistory(HistorySource.NONE)
        self.local = RepositoryHistory(HistorySource.NONE)
        self.local_folder: Path | None = None
        self.source_of: Callable[[Path], Path] = lambda path: path

    def start_build(
        self,
        root: Path,
        local_folder: Path | None = None,
        source_of: Callable[[Path], Path] = lambda path: path,
    ) -> None:
        """``local_folder``: a network's own pages, whose history is its repository's;
        ``source_of``: the file a built page was written in (under a composed page)."""
        self.root = root
        self.history = RepositoryHistory(HistorySource.NONE)
        self.local = RepositoryHistory(HistorySource.NONE)
        self.local_folder = local_folder
        self.source_of = source_of

    def _for_file(self, path: Path) -> PageHistory | None:
        source = self.source_of(path)
        return self.history.for_file(source) or self.local.for_file(source)

    def add_files(
        self,
        config: MkDocsConfig,
        files: Files,
        pages: Mapping[str, Page],
        taxonomy: Taxonomy | None,
        review_extra: str = "",
    ) -> None:
        """Read the history in one pass, then add the generated pages and the feed.

        ``review_extra`` (Markdown) ends the « À revérifier » page: a network's
        contacts due for a check.
        """
        self.history = read_history(Path(config.docs_dir))
        if self.local_folder is not None:
            self.local = read_history(self.local_folder)
        if self.history.warning:
            # INFO, not WARNING: a build outside Git or in CI's shallow clone is
            # legitimate and must not fail `--strict`; the message still shows.
            log.info(f"Historique des pages : {self.history.warning}")
        review = self._review_markdown(pages, taxonomy) + review_extra
        self._add(files, config, REVIEW_PAGE, review)
        changes = self._recent_changes(files, pages)
        self._add(files, config, RECENT_PAGE, self._recent_markdown(changes))
        self._add(files, config, FEED, self._feed(config, changes))

    def _add(self, files: Files, config: MkDocsConfig, path: str, content: str) -> None:
        if files.get_file_from_path(path) is not None:
            log.info(f"{path} existe déjà dans docs : la page générée n'est pas ajoutée.")
            return
        files.append(File.generated(config, path, content=content))

    @property
    def today(self) -> date:
        return self.history.built_at.date()

    def _review_markdown(self, pages: Mapping[str, Page], taxonomy: Taxonomy | None) -> str:
        catalogue = None
        try:
            catalogue = load_catalogue(self.root / CATALOGUE_PATH)
        except CatalogueError as exc:
            log.warning(str(exc))
        report = build_report(pages.values(), self.today, DEFAULT_WINDOW_DAYS, catalogue)

        def theme_label(slug: str) -> str:
            return taxonomy.label("themes", slug) if taxonomy else slug

        intro = (
            "Les pages dont la vérification a expiré ou expire dans les "
            f"{DEFAULT_WINDOW_DAYS} jours, et celles dont une fiche officielle citée a changé "
            "depuis leur dernière vérification, par responsable puis par thème. "
            f"État à la construction du site, le {french_date(self.today)}."
        )
        body = render_markdown(report, lambda page: page.path, theme_label)
        return f"# À revérifier\n\n{intro}\n\n{body}"

    def _recent_changes(self, files: Files, pages: Mapping[str, Page]) -> list[RecentChange]:
        changes = []
        for src_uri, page in pages.items():
            file = files.get_file_from_path(src_uri)
            source = file.abs_src_path if file else None
            history = self._for_file(Path(source)) if source else None
            if file is not None and history is not None:
                changes.append(RecentChange(page, history, file.url))
        changes.sort(key=lambda c: (c.history.modified, c.page.path), reverse=True)
        return changes[:DEFAULT_RECENT]

    def _recent_markdown(self, changes: list[RecentChange]) -> str:
        if self.history.source is HistorySource.NONE:
            intro = (
                "L'historique Git n'est pas disponible pour cette construction du site : "
                "la liste des dernières modifications ne peut pas être établie."
            )
            return f"# Quoi de neuf\n\n{intro}\n"
        intro = (
            f"Les {DEFAULT_RECENT} pages modifiées le plus récemment, d'après l'historique "
            f"du dépôt. [S'abonner au flux Atom]({FEED}) pour les suivre dans "
            "un lecteur de flux."
        )
        if self.history.source is HistorySource.SHALLOW:
            intro += (
                '\n\n!!! warning "Historique incomplet"\n\n'
                "    Ce site a été construit depuis un clone Git superficiel : "
                "les dates ci-dessous peuvent être fausses."
            )
        listing = recent_markdown(changes, lambda page: page.path) if changes else ""
        return f"# Quoi de neuf\n\n{intro}\n\n{listing}"

    def _feed(self, config: MkDocsConfig, changes: list[RecentChange]) -> str:
        site_url = config.site_url or ""
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        if not site_url:
            log.info(
                "site_url n'est pas défini dans mkdocs.yml : le flux Atom aura des liens relatifs."
            )
        absolute = [RecentChange(c.page, c.history, f"{site_url}{c.url}") for c in changes]
        return atom_feed(
            absolute,
            f"{config.site_name} — quoi de neuf",
            site_url or "/",
            f"{site_url}{FEED}",
            self.history.built_at,
        )

    def page_fact(self, page: MkDocsPage) -> dict[str, str] | None:
        """ "Modifié le … par N contributeurs" of a page written in docs (None: generated)."""
        source = page.file.abs_src_path
        if page.file.generated_by or not source:
            return None
        history = self._for_file(Path(source))
        if history is not None:
            text = f"Modifié le {french_date(history.modified.date())}"
            who = contributors_phrase(history)
            if who:
                text += f" {who}"
            if self.history.source is HistorySource.SHALLOW:
                text += " (historique Git incomplet : date peut-être fausse)"
        elif self.history.source is HistorySource.NONE:
            text = (
                f"Modifié le {french_date(self.today)} "
                "(date de construction du site : historique Git indisponible)"
            )
        else:
            text = "Page pas encore enregistrée dans l'historique Git"
        return {"text": text}
