"""The one site model: its walk, URLs and generated pages agree with what MkDocs builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files

from entraide.content.repository import ContentRepository
from entraide.content.taxonomy import load_taxonomy
from entraide.search.indexing import markdown_files
from entraide.sitebuild import build_site
from entraide.website.model import SiteModel, generated_pages, url_for, walk
from tests.conftest import ROOT

TRICKY = (
    "index.md",
    "faq/acces.md",
    "faq/README.md",
    "faq/image.png",
    ".brouillon.md",
    ".cache/page.md",
    "faq/.notes/idee.md",
    "templates/modele.md",
    "procedures/templates/garde.md",
    "procedures/caf/#note.md",
)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    for path in TRICKY:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("# Titre\n\nTexte.\n", encoding="utf-8")
    return docs


def test_walk_publishes_exactly_what_mkdocs_publishes(docs: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: Test\ndocs_dir: {docs}\n", encoding="utf-8")
    config = load_config(config_file=str(config_file))
    published = {f.src_uri for f in get_files(config) if f.inclusion.is_included()}
    assert {path for path, _ in walk(docs)} == published
    assert "procedures/templates/garde.md" in published
    assert not {".brouillon.md", ".cache/page.md", "templates/modele.md"} & published


def test_checker_indexer_and_model_list_the_same_pages(docs: Path, tmp_path: Path) -> None:
    shutil.copy2(ROOT / "taxonomy.yml", tmp_path / "taxonomy.yml")
    model = {file.path for file in SiteModel.plain(docs).pages()}
    repository = ContentRepository.open(tmp_path, docs)
    checked = {repository.docs_path(path) for path in repository.markdown_files()}
    indexed = {path for path, _ in markdown_files(docs, tmp_path / "index")}
    assert model == checked == indexed
    assert "faq/.notes/idee.md" not in model


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    "path",
    ["index.md", "README.md", "faq/index.md", "faq/README.md", "faq/acces.md",
     "faq/accès rapide.md", "a/b/c.markdown", "img/logo.png", "quoi-de-neuf/atom.xml"],
)  # fmt: skip
def test_url_for_matches_mkdocs(path: str, directory_urls: bool) -> None:
    assert url_for(path, directory_urls) == File(path, "/d", "/s", directory_urls).url


def test_generated_pages_are_exactly_the_pages_the_build_adds(tmp_path: Path) -> None:
    """The sitemap lists every page MkDocs built: the written ones plus the generated ones."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Accueil\n\nTexte.\n", encoding="utf-8")
    result = build_site(project / "mkdocs.yml", project / "site")
    sitemap = (result.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    built = {
        url.removeprefix("https://entraide.example.org/")
        for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    }
    taxonomy = load_taxonomy(project / "taxonomy.yml")
    pages = {p for p in generated_pages(taxonomy) if p.endswith(".md")} | {"index.md"}
    assert built == {url_for(p, True).removeprefix("./") for p in pages}
    feed = next(p for p in generated_pages(taxonomy) if not p.endswith(".md"))
    assert (result.site_dir / url_for(feed, True)).is_file()
