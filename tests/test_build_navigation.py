"""The navigation Material prints into every page stays small on a large site.

MkDocs' automatic navigation (no ``nav:``, as ``entraide build --docs`` builds)
lists every page, and every page carries it: past ``nav_max_pages`` pages it keeps
sections, index pages and the plugin's top-level pages; a configured ``nav:`` is
never trimmed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from entraide.sitebuild import build_site

FOREIGN_PAGES = {
    "index.md": "# Accueil\n\nLes fiches.\n",
    "alpha.md": "# Alpha\n\nUne fiche.\n",
    "beta.md": "# Bêta\n\nUne fiche.\n",
    "gamma.md": "# Gamma\n\nUne fiche.\n",
    "dossier/index.md": "# Dossier\n\nSes fiches.\n",
    "dossier/delta.md": "# Delta\n\nUne fiche.\n",
}


class _PrimaryNavLinks(HTMLParser):
    """The addresses the primary navigation (Material's left sidebar) links to."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # <nav> elements open inside the primary navigation
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (values.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href"):
            self.links.add(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def nav_links(site: Path, page: str) -> set[str]:
    parser = _PrimaryNavLinks()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parser.links


def _limit(project: Path, max_pages: int) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - entraide:\n" in text
    entry = f"  - entraide:\n      nav_max_pages: {max_pages}\n"
    config.write_text(text.replace("  - entraide:\n", entry, 1), encoding="utf-8")
    return config


def _build_foreign(project: Path, tmp_path: Path, max_pages: int) -> Path:
    docs = tmp_path / "pages"
    for name, text in FOREIGN_PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    site = tmp_path / "out"
    build_site(_limit(project, max_pages), site, docs_dir=docs)
    return site


def test_a_large_automatic_navigation_keeps_sections_and_index_pages(
    project: Path, tmp_path: Path
) -> None:
    site = _build_foreign(project, tmp_path, max_pages=3)
    links = nav_links(site, "alpha")
    assert {"..", "../dossier/", "../recherche/", "../themes/"} <= links
    assert not {"../beta/", "../gamma/", "../dossier/delta/", "../themes/logement/"} & links
    for page in ("beta", "gamma", "dossier/delta"):
        assert (site / page / "index.html").is_file(), f"{page} is built, only not listed"
    alpha = (site / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'href="../beta/"' in alpha, "previous/next links still lead through every page"


def test_a_small_automatic_navigation_lists_every_page(project: Path, tmp_path: Path) -> None:
    site = _build_foreign(project, tmp_path, max_pages=200)
    links = nav_links(site, "alpha")
    assert {"../beta/", "../gamma/", "../dossier/delta/", "../themes/logement/"} <= links


def test_a_configured_navigation_is_never_trimmed(project: Path) -> None:
    build_site(_limit(project, 3), project / "site")
    links = nav_links(project / "site", "procedures")
    assert {"../glossaire/", "../contribuer/", "../quoi-de-neuf/"} <= links
