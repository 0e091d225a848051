"""The practice kit in the MkDocs site: papers as generated files, blocks in pages.

The plugin calls this once per build (``add_files``) and once per page
(``page_html``). The data files beside persona and simulator pages are read
and checked here, then taken out of the published files: what people see is
the pages and papers rendered from them, never the raw YAML.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from importlib.resources import files as package_files
from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from entraide.content.problems import Problem
from entraide.content.rules import CheckContext
from entraide.presentation.training_blocks import (
    paper_links,
    persona_html,
    resources_html,
    simulator_html,
    simulator_script,
)
from entraide.resources.manifest import Resource, read_manifest
from entraide.training.data_check import check_data_text
from entraide.training.files import PERSONA, SIMULATOR, data_kind, is_source_data
from entraide.training.household import Household, check_household
from entraide.training.papers import render_paper
from entraide.training.simulator import Simulator, check_simulator
from entraide.training.yaml_source import DataSyntaxError, parse_data

log = logging.getLogger("mkdocs.plugins.entraide")

PAPERS_CSS = "assets/entraide/papiers.css"
SIMULATOR_CSS = "assets/entraide/simulateur.css"
SIMULATOR_JS = "assets/entraide/simulateur.js"
# Beside the runtime: simulateur.js loads « simulateurs/<slug>.js » from its own folder.
SIMULATORS_DIR = "assets/entraide/simulateurs"
_ASSETS = {
    PAPERS_CSS: "papiers.css",
    SIMULATOR_CSS: "simulateur.css",
    SIMULATOR_JS: "simulateur.js",
}


def _page_of(data_uri: str) -> str:
    return str(PurePosixPath(data_uri).with_suffix(".md"))


class TrainingSite:
    """Per-build state of the practice kit; ``start_build`` resets it."""

    def __init__(self) -> None:
        self.households: dict[str, Household] = {}
        self.simulators: dict[str, Simulator] = {}
        self.pages: dict[str, tuple[str, str]] = {}  # page src_uri -> (kind, slug)
        self.papers: dict[str, dict[str, File]] = {}
        self.titles: Mapping[str, str] = {}
        self.resources: dict[str, tuple[PurePosixPath, list[Resource]]] = {}
        self.files: Files | None = None

    def start_build(self, config: MkDocsConfig) -> None:
        """Forget the previous build (``mkdocs serve`` keeps the plugin) and add the assets."""
        self.households, self.simulators, self.pages, self.papers = {}, {}, {}, {}
        self.titles, self.files, self.resources = {}, None, {}
        if SIMULATOR_CSS not in config.extra_css:
            config.extra_css.append(SIMULATOR_CSS)
        if SIMULATOR_JS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SIMULATOR_JS)

    def add_files(
        self,
        config: MkDocsConfig,
        files: Files,
        context: CheckContext,
        display: Callable[[File], str],
        report: Callable[[Problem], None] | None,
        titles: Mapping[str, str],
    ) -> None:
        """Read every data file, report its problems, generate papers and assets.

        ``titles`` maps the docs path of each content page to its title.
        """
        self.titles = titles
        for file in list(files):
            if not is_source_data(file.src_uri, context.taxonomy):
                continue
            files.remove(file)
            kind = data_kind(file.src_uri, context.taxonomy)
            if kind is None:
                self._read_manifest(file)
                continue
            text = file.content_string
            if report is not None:
                for problem in check_data_text(display(file), file.src_uri, text, context):
                    report(problem)
            self._read(kind, file, display(file), text)
        for uri, name in _ASSETS.items():
            content = package_files("entraide.training").joinpath("assets", name).read_text("utf-8")
            files.append(File.generated(config, uri, content=content))
        for page_uri, (kind, slug) in self.pages.items():
            if kind == PERSONA:
                self._add_papers(config, files, page_uri, self.households[slug])
            else:
                script = simulator_script(slug, self.simulators[slug].as_json(self.households))
                files.append(File.generated(config, f"{SIMULATORS_DIR}/{slug}.js", content=script))
        self.files = files

    def _read_manifest(self, file: File) -> None:
        """A folder's downloads, listed on its ``index.md`` (problems: ``entraide check``)."""
        try:
            resources = read_manifest(file.content_string)
        except (DataSyntaxError, KeyError, TypeError):
            log.warning(f"{file.src_uri} : illisible, lancez « entraide check ».")
            return
        folder = PurePosixPath(file.src_uri).parent
        self.resources[str(folder / "index.md")] = (folder, resources)

    def _read(self, kind: str, file: File, display: str, text: str) -> None:
        slug = PurePosixPath(file.src_uri).stem
        try:
            source = parse_data(text)
        except DataSyntaxError:
            return
        if kind == PERSONA:
            household, _ = check_household(display, slug, source)
            if household is not None:
                self.households[slug] = household
                self.pages[_page_of(file.src_uri)] = (PERSONA, slug)
        elif kind == SIMULATOR:
            simulator, _ = check_simulator(display, slug, source)
            if simulator is not None:
                self.simulators[slug] = simulator
                self.pages[_page_of(file.src_uri)] = (SIMULATOR, slug)

    def _add_papers(
        self, config: MkDocsConfig, files: Files, page_uri: str, household: Household
    ) -> None:
        page_file = files.get_file_from_path(page_uri)
        if page_file is None:
            return
        css = files.get_file_from_path(PAPERS_CSS)
        assert css is not None
        folder = PurePosixPath(page_uri).with_suffix("") / "papiers"
        title = f"{household.applicant['first_name']} {household.applicant['last_name']}"
        generated: dict[str, File] = {}
        for paper in household.data["papers"]:
            paper_file = File.generated(config, str(folder / f"{paper}.html"), content="")
            paper_file.content_string = render_paper(
                household,
                paper,
                title,
                css.url_relative_to(paper_file),
                page_file.url_relative_to(paper_file),
            )
            files.append(paper_file)
            generated[paper] = paper_file
        self.papers[household.slug] = generated

    def page_html(self, html: str, page: MkDocsPage) -> str:
        """Add the household, simulator or downloads block at the end of the page's text.

        The page-history line stays under it: the theme prints that after the text.
        """
        if page.file.src_uri in self.resources and self.files is not None:
            base, resources = self.resources[page.file.src_uri]
            href = self._href(page)
            html += resources_html([(href(str(base / r.file)), r) for r in resources])
        found = self.pages.get(page.file.src_uri)
        if found is None or self.files is None:
            return html
        kind, slug = found
        href = self._href(page)
        if kind == PERSONA:
            household = self.households[slug]
            papers = paper_links(
                household, lambda paper: self.papers[slug][paper].url_relative_to(page.file)
            )
            simulators = [
                (href(uri), self._title(uri))
                for uri, (k, s) in self.pages.items()
                if k == SIMULATOR and slug in self.simulators[s].personas
            ]
            return html + persona_html(household, papers, simulators)
        simulator = self.simulators[slug]
        folder = self._persona_folder()
        personas = [
            (href(f"{folder}/{p}.md"), self._title(f"{folder}/{p}.md"))
            for p in simulator.personas
            if p in self.households
        ]
        procedure = (href(simulator.procedure), self._title(simulator.procedure))
        return html + simulator_html(simulator, procedure, personas)

    def _persona_folder(self) -> str:
        return next(
            (str(PurePosixPath(uri).parent) for uri, (k, _) in self.pages.items() if k == PERSONA),
            "entrainement/foyers",
        )

    def _href(self, page: MkDocsPage) -> Callable[[str], str]:
        def href(target: str) -> str:
            assert self.files is not None
            file = self.files.get_file_from_path(target)
            return file.url_relative_to(page.file) if file else target

        return href

    def _title(self, uri: str) -> str:
        return self.titles.get(uri) or PurePosixPath(uri).stem
