"""The editor's links on served pages: with ``--edit`` only, on editable pages only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup

from entraide.content.taxonomy import Taxonomy
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from entraide.server.editor.site_links import source_candidates
from tests.live_server import serving


def _page(title: str) -> str:
    return (
        '<!doctype html><html lang="fr"><body><main><article class="md-content__inner">'
        f"<h1>{title}</h1><p>Texte.</p></article></main></body></html>"
    )


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    site = tmp_path / "site"
    for folder in (docs / "faq", docs / "assets", site / "faq" / "acces", site / "recherche"):
        folder.mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n")
    (docs / "faq" / "index.md").write_text("# FAQ\n")
    (docs / "faq" / "acces.md").write_text("# Accès\n")
    (site / "index.html").write_text(_page("Accueil"))
    (site / "faq" / "index.html").write_text(_page("FAQ"))
    (site / "faq" / "acces" / "index.html").write_text(_page("Accès"))
    (site / "recherche" / "index.html").write_text(_page("Recherche"))  # generated page
    (site / "orpheline.html").write_text(_page("Sans source"))
    return docs, site


@pytest.fixture
def urls(
    sources: tuple[Path, Path], tmp_path: Path, repo_root: Path, taxonomy: Taxonomy
) -> Iterator[tuple[str, str]]:
    docs, site = sources
    editor = Editor(
        config_file=repo_root / "mkdocs.yml",
        docs_dir=docs,
        taxonomy=taxonomy,
        state_dir=tmp_path / ".entraide-edition",
    )
    with serving(create_app(site)) as plain, serving(create_app(site, editor=editor)) as edit:
        yield plain, edit


def _links(html: str) -> dict[str, dict[str, list[str]]]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for link in soup.select(".entraide-edition a"):
        parts = urlsplit(link["href"])
        found[link.get_text()] = {"path": [parts.path], **parse_qs(parts.query)}
    return found


def test_pages_get_the_links_only_with_the_editor(urls: tuple[str, str]) -> None:
    plain, edit = urls
    assert _links(httpx.get(plain + "/faq/acces/").text) == {}
    page = httpx.get(edit + "/faq/acces/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert int(page.headers["content-length"]) == len(page.content)
    links = _links(page.text)
    assert links == {
        "Proposer une modification": {"path": ["/edition/modifier"], "page": ["faq/acces.md"]}
    }
    soup = BeautifulSoup(page.text, "html.parser")
    heading = soup.select_one("article h1")
    assert heading is not None
    following = heading.find_next_sibling()
    assert following is not None
    assert "entraide-edition" in following.get("class", [])


def test_section_pages_also_invite_new_pages(urls: tuple[str, str]) -> None:
    _, edit = urls
    links = _links(httpx.get(edit + "/faq/").text)
    assert links["Proposer une page"] == {"path": ["/edition/nouvelle"], "section": ["faq"]}
    assert links["Proposer une modification"]["page"] == ["faq/index.md"]
    home = _links(httpx.get(edit + "/").text)
    assert set(home) == {"Proposer une modification"}


def test_pages_without_an_editable_source_are_left_alone(urls: tuple[str, str]) -> None:
    _, edit = urls
    for path in ("/recherche/", "/orpheline.html"):
        page = httpx.get(edit + path)
        assert page.status_code == 200
        assert _links(page.text) == {}, path
    assert httpx.get(edit + "/nulle-part/").status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["index.md", "README.md"]),
        ("/faq/", ["faq/index.md", "faq/README.md", "faq.md"]),
        ("/faq/acces/", ["faq/acces/index.md", "faq/acces/README.md", "faq/acces.md"]),
        ("/faq/acces.html", ["faq/acces.md"]),
        ("/faq/index.html", ["faq/index.md", "faq/README.md", "faq.md"]),
        ("/assets/logo.png", []),
    ],
)
def test_source_candidates(url: str, expected: list[str]) -> None:
    assert source_candidates(url) == expected
