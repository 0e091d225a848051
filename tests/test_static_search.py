"""The static search index a build writes into the site: complete, clean, at the right addresses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from entraide.search.site_paths import SITE_FOLDER
from entraide.search.static_index import term_hash
from entraide.sitebuild import build_site
from tests.build_helpers import build
from tests.conftest import copy_sources

_PUT = re.compile(r'^EntraideIndex\.put\(("[^"]*"),("[^"]*"),(.*)\);\n$', re.DOTALL)


def read_static(path: Path) -> Any:
    """The data of one index file (a script calling ``EntraideIndex.put``)."""
    match = _PUT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} is not an index script"
    return json.loads(match.group(3))


def indexed_pages(site: Path) -> dict[str, dict[str, Any]]:
    folder = site / SITE_FOLDER / "d"
    pages = [read_static(path) for path in folder.glob("*.js")]
    return {page["path"]: page for page in pages}


def page_file(site: Path, url: str) -> Path:
    target = site / url
    return target / "index.html" if url.endswith("/") or not url else target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_sources(tmp_path_factory.mktemp("statique"))
    build(project, strict=False)
    return project


def test_every_page_is_indexed_at_its_address_and_the_search_page_is_not(built: Path) -> None:
    site = built / "site"
    pages = indexed_pages(site)
    sources = {
        path.relative_to(built / "docs").as_posix()
        for path in (built / "docs").rglob("*.md")
        if "search:\n  exclude: true" not in path.read_text(encoding="utf-8")
    }
    assert set(pages) == sources
    assert "recherche.md" not in pages
    for page in pages.values():
        assert page_file(site, page["url"]).is_file(), page["url"]
    entry = read_static(site / SITE_FOLDER / "index.js")
    assert entry["pages"] == len(pages)
    assert entry["labels"]["publics"], "facet labels travel with the index"
    assert not (site / "search").exists(), "Material's search index is gone"


def test_page_chrome_never_reaches_the_index_text(built: Path) -> None:
    """Badges, review notices, history lines and listings are the site's, not the page's."""
    pages = indexed_pages(built / "site")
    text = " ".join(page["text"] + " " + page["description"] for page in pages.values())
    for chrome in ("Vérifié le", "À revérifier", "Modifié le"):
        assert chrome not in text, chrome
    assert not any(path.startswith(("mediation/", "themes/", "organismes/")) for path in pages)


def test_postings_are_where_the_browser_looks_for_them(built: Path) -> None:
    """A term's postings are in the shard its hash names, as recherche-moteur.js computes it."""
    folder = built / "site" / SITE_FOLDER
    entry = read_static(folder / "index.js")
    shard = read_static(folder / "p" / f"{term_hash('~apl') % entry['buckets']:x}.js")
    postings = shard["~apl"]
    pages, position = [], 0
    for delta in postings[::2]:
        position += int(delta)
        pages.append(position)
    numbers = {read_static(f)["path"]: int(f.stem, 16) for f in (folder / "d").glob("*.js")}
    assert numbers["procedures/caf/aide-au-logement.md"] in pages
    assert all(weight > 0 for weight in postings[1::2])


def test_urls_follow_use_directory_urls(built: Path, tmp_path: Path) -> None:
    """The offline bundle reads .html files from disk: addresses must be MkDocs' own."""
    config = built / "mkdocs-disque.yml"
    config.write_text("INHERIT: mkdocs.yml\nuse_directory_urls: false\n", encoding="utf-8")
    site = build_site(config, tmp_path / "disque", strict=False).site_dir
    pages = indexed_pages(site)
    prime = pages["procedures/caf/prime-activite.md"]
    assert prime["url"] == "procedures/caf/prime-activite.html"
    for page in pages.values():
        assert page_file(site, page["url"]).is_file(), page["url"]
    assert (site / "recherche.html").is_file()


def test_build_any_folder_of_markdown(repo_root: Path, corpus: Path, tmp_path: Path) -> None:
    """``entraide build --docs DIR``: foreign pages, our theme, plugin and static search."""
    from tests.test_search_cli import entraide

    docs = tmp_path / "pages"
    docs.mkdir()
    for name in ("F1427.md", "F2726.md", "F100.md"):
        shutil.copy2(corpus / "markdown/particuliers" / name, docs / name)
    out = tmp_path / "out"
    result = entraide(
        "build",
        "--docs",
        str(docs),
        "--site-dir",
        str(out),
        "-f",
        str(repo_root / "mkdocs.yml"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "recherche" / "index.html").is_file(), "the search page comes with the plugin"
    pages = indexed_pages(out)
    assert set(pages) == {"F1427.md", "F2726.md", "F100.md"}
    assert not (repo_root / f".{out.name}.index").exists()
    assert (tmp_path / ".out.index").is_dir(), "its index lives beside the output"
