"""A real site, its index and the real server, once per module; Debian's Chromium to look at it.

Skipped, with the reason, when Playwright or Chromium is missing: `.ci/run`
installs Chromium (`apt-get install -y chromium`); Playwright never downloads
a browser of its own here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.labels import facet_labels
from entraide.server.app import create_app
from entraide.server.search_service import SearchService
from entraide.sitebuild import build_site
from tests.conftest import copy_sources
from tests.live_server import serving, static_files

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

# A page whose title and text are markup: the search page must show them as text.
HOSTILE_PAGE = """\
---
title: Zorglub <img src=x onerror="window.__xss=1"> piège
description: Description <script>window.__xss=2</script> piégée.
type: faq
mediation: [urgence]
themes: [logement]
---

# Zorglub

Texte zorglub <b onmouseover="window.__xss=3">gras</b> <script>window.__xss=4</script>.
"""


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright pour Python absent (pip install -e '.[dev]')"
    if not CHROMIUM.is_file():
        return f"Chromium absent ({CHROMIUM}) : apt-get install -y chromium"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _missing()
    for item in items:
        if "tests/browser" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                skip = pytest.mark.skip(reason=f"tests dans un navigateur sautés : {reason}")
                item.add_marker(skip)


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy) -> dict[str, Path]:
    """The repository's own pages (plus one hostile page), built once with their index.

    ``disk`` is the same site built for reading from disk (``use_directory_urls:
    false``, as the offline bundle is), opened through ``file://``.
    """
    project = copy_sources(tmp_path_factory.mktemp("site-navigateur"))
    (project / "docs" / "faq" / "zorglub.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    site = build_site(project / "mkdocs.yml", project / "site", strict=False).site_dir
    disk_config = project / "mkdocs-disque.yml"
    disk_config.write_text("INHERIT: mkdocs.yml\nuse_directory_urls: false\n", encoding="utf-8")
    disk = build_site(disk_config, project / "site-disque", strict=False).site_dir
    index_dir = project / ".entraide-index"
    return {"project": project, "site": site, "index": index_dir, "disk": disk}


@pytest.fixture(scope="module")
def server(project_site: dict[str, Path], taxonomy: Taxonomy) -> Iterator[str]:
    """`entraide serve`'s application on a free loopback port."""
    service = SearchService(lambda: SearchEngine(project_site["index"], taxonomy))
    app = create_app(project_site["site"], service, labels=facet_labels(taxonomy))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def static_host(project_site: dict[str, Path]) -> Iterator[str]:
    """The same site on a plain static server, without the API (like a network's web host)."""
    with static_files(project_site["site"]) as url:
        yield url


@dataclass(frozen=True)
class Host:
    """One way the site is published, and how to address its pages."""

    name: str
    root: str
    directory_urls: bool

    def address(self, source: str, query: str = "") -> str:
        """The address of the page built from ``source`` (``faq/index.md``), as MkDocs makes it."""
        folder, _, name = source.rpartition("/")
        stem = name.removesuffix(".md")
        prefix = f"{folder}/" if folder else ""
        if self.directory_urls:
            page = prefix if stem == "index" else f"{prefix}{stem}/"
        else:
            page = f"{prefix}{stem}.html"
        return f"{self.root}/{page}{query}"

    def owns(self, url: str) -> bool:
        return url.startswith(self.root + "/") or url.startswith("data:")


@pytest.fixture(scope="module", params=["serve", "statique", "disque"])
def host(request: pytest.FixtureRequest, project_site: dict[str, Path]) -> Host:
    """The site behind `entraide serve`, on a plain static server, and opened from disk."""
    if request.param == "serve":
        return Host("serve", request.getfixturevalue("server"), True)
    if request.param == "statique":
        return Host("statique", request.getfixturevalue("static_host"), True)
    return Host("disque", project_site["disk"].as_uri(), False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.js_errors = errors
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
