"""The ``entraide`` MkDocs plugin: validation through the domain, one concern an event."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from entraide.content.page import Page
from entraide.content.problems import Problem
from entraide.content.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from entraide.content.validation import validate_text
from entraide.mkdocs_plugin.config import EntraideConfig

log = logging.getLogger("mkdocs.plugins.entraide")


class EntraidePlugin(BasePlugin[EntraideConfig]):
    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.root = Path.cwd()
        self.pages: dict[str, Page] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state: `mkdocs serve` keeps this object across rebuilds."""
        self.root = Path(config.config_file_path).parent
        self.pages = {}
        path = self.root / self.config.taxonomy
        try:
            self.taxonomy = load_taxonomy(path)
        except TaxonomyError as exc:
            raise PluginError(str(exc)) from exc
        return config

    def _report(self, problem: Problem) -> None:
        if problem.is_error:
            log.warning(problem.located())
        else:
            log.info(problem.located())

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Validate the page's source and remember what it says about itself."""
        if self.taxonomy is None or not self.config.check_pages:
            return markdown
        source = page.file.abs_src_path
        display = page.file.src_uri
        if source:
            try:
                display = Path(source).relative_to(self.root).as_posix()
            except ValueError:
                display = source
        result = validate_text(
            display, page.file.src_uri, page.file.content_string, self.taxonomy, date.today()
        )
        for problem in result.problems:
            self._report(problem)
        if result.page is not None:
            self.pages[page.file.src_uri] = result.page
        return markdown
