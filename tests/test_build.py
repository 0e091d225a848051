"""Real MkDocs builds of the repository's site through the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import entraide
from entraide.sitebuild import STAMP_NAME, BuildError, build_site, is_stale
from tests.build_helpers import build, captured_mkdocs_logs, html
from tests.pages import replace


def test_repository_site_builds_strict_in_french(project: Path) -> None:
    result = build(project)
    assert result.warnings == 0
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home
    assert "Médiation d'urgence" in home
    page = html(project, "procedures/caf/prime-activite")
    # The page's own title (from its front matter), not the file name MkDocs falls back to.
    title = BeautifulSoup(page, "html.parser").title
    assert title is not None and title.get_text().startswith("Demander la prime d'activité")
    assert "edit/main/docs/procedures/caf/prime-activite.md" in page
    assert not (project / "site/search").exists(), "no Material search index"
    assert (project / "site/assets/recherche/index.js").is_file(), "Entraide's static index"


def test_broken_front_matter_fails_strict_naming_the_file(project: Path) -> None:
    bad = project / "docs/procedures/caf/cassee.md"
    bad.write_text(replace("mediation: [urgence, autonomie]", "mediation: [urgense]"))
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError, match="strict"):
        build(project)
    [message] = [m for m in logs.messages if m.startswith("docs/procedures/caf/cassee.md")]
    assert message.startswith("docs/procedures/caf/cassee.md:5: erreur [unknown-value]")
    assert "Vouliez-vous dire « urgence »" in message


def test_normal_build_warns_but_keeps_every_other_page(project: Path) -> None:
    bad = project / "docs/faq/cassee.md"
    bad.write_text("---\ntitle: [\n---\n# Cassée\n")
    with captured_mkdocs_logs() as logs:
        result = build(project, strict=False)
    assert result.warnings >= 1
    assert any("docs/faq/cassee.md:2" in m and "YAML" in m for m in logs.messages)
    assert (project / "site/procedures/caf/prime-activite/index.html").is_file()


def test_dead_internal_link_fails_strict(project: Path) -> None:
    page = project / "docs/faq/mot-de-passe-confie.md"
    page.write_text(page.read_text() + "\n[Lien mort](../nulle-part.md)\n")
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError):
        build(project)
    assert any("nulle-part.md" in m for m in logs.messages)


def test_build_stamp_tells_when_the_site_is_stale(project: Path) -> None:
    config = project / "mkdocs.yml"
    assert is_stale(config, project / "site")
    build_site(config, project / "site")
    assert (project / "site" / STAMP_NAME).is_file()
    assert not is_stale(config, project / "site")
    (project / "docs/faq/nouvelle.md").write_text("# Nouvelle\n")
    assert is_stale(config, project / "site")


def test_a_new_sources_catalogue_makes_the_site_stale(project: Path) -> None:
    config = project / "mkdocs.yml"
    build_site(config, project / "site")
    assert not is_stale(config, project / "site")
    catalogue = project / "sources" / "catalogue.json"
    catalogue.parent.mkdir()
    catalogue.write_text("[]\n", encoding="utf-8")
    assert is_stale(config, project / "site")


def test_an_upgrade_or_a_theme_edit_makes_the_site_stale(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` kept serving pages built by the previous version after an upgrade."""
    config = project / "mkdocs.yml"
    (project / "overrides").rename(project / "theme-local")
    # A network's own override of one of Material's partials (empty by default).
    override = project / "theme-local" / "partials" / "comments.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<!-- commentaires -->\n", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "custom_dir: overrides", "custom_dir: theme-local"
        ),
        encoding="utf-8",
    )
    build_site(config, project / "site")
    assert not is_stale(config, project / "site")

    monkeypatch.setattr(entraide, "__version__", "99.0.0")
    assert is_stale(config, project / "site")
    monkeypatch.undo()
    assert not is_stale(config, project / "site")

    override.write_text(override.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert is_stale(config, project / "site")
