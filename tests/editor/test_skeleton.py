"""The editor's composition: mounted only with ``--edit``, POST only there, a strict policy."""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from entraide.cli.edit_mode import edit_problem
from entraide.cli.main import main
from entraide.content.taxonomy import Taxonomy
from entraide.server.app import create_app
from entraide.server.editor.app import EDITOR_POLICY, Editor
from tests.editor.sessions import signed_in
from tests.live_server import serving


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "faq").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Accueil</title><p>Accueil</p>")
    (site / "faq" / "index.html").write_text("<!doctype html><title>FAQ</title><p>FAQ</p>")
    return site


def _editor(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Editor:
    return Editor(
        config_file=repo_root / "mkdocs.yml",
        docs_dir=repo_root / "docs",
        taxonomy=taxonomy,
        state_dir=tmp_path / ".entraide-edition",
    )


@pytest.fixture
def plain(site_dir: Path) -> Iterator[str]:
    with serving(create_app(site_dir)) as url:
        yield url


@pytest.fixture
def editing(site_dir: Path, tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[str]:
    with serving(create_app(site_dir, editor=_editor(tmp_path, repo_root, taxonomy))) as url:
        yield url


def test_without_editor_nothing_is_mounted_and_only_get_is_allowed(plain: str) -> None:
    assert httpx.get(plain + "/edition/").status_code == 404
    assert httpx.get(plain + "/edition/static/editeur.css").status_code == 404
    for path in ("/", "/edition/", "/edition/api/apercu", "/faq/"):
        refused = httpx.post(plain + path, data={"a": "b"})
        assert refused.status_code == 405, path
        assert refused.headers["allow"] == "GET, HEAD"


def test_editor_pages_are_french_accessible_and_run_no_inline_code(
    editing: str, tmp_path: Path
) -> None:
    moved = httpx.get(editing + "/edition")
    assert moved.status_code == 307
    assert moved.headers["location"] == "/edition/"
    client = signed_in(editing, tmp_path / ".entraide-edition", "Awa Diallo")
    home = client.get("/edition/")
    assert home.status_code == 200
    assert home.headers["content-security-policy"] == EDITOR_POLICY
    assert "script-src 'self';" in EDITOR_POLICY
    assert "unsafe-inline" not in EDITOR_POLICY
    assert home.headers["cache-control"] == "no-store"
    soup = BeautifulSoup(home.text, "html.parser")
    assert soup.html is not None
    assert soup.html["lang"] == "fr"
    skip = soup.select_one("a.evitement")
    assert skip is not None
    assert skip["href"] == "#contenu"
    assert soup.select_one("main#contenu") is not None
    assert soup.select_one("header") is not None
    assert soup.select_one("footer") is not None
    # No inline code: every script is a file of the editor, no style element or attribute.
    scripts = soup.find_all("script")
    assert scripts
    assert all(script.get("src", "").startswith("/edition/static/") for script in scripts)
    assert all(not script.string for script in scripts)
    assert not soup.find_all("style")
    assert not soup.select("[style]")
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_editor_static_files_and_errors(editing: str, tmp_path: Path) -> None:
    css = httpx.get(editing + "/edition/static/editeur.css")
    assert css.status_code == 200
    assert ":focus-visible" in css.text
    assert httpx.get(editing + "/edition/static/editeur.js").status_code == 200
    client = signed_in(editing, tmp_path / ".entraide-edition", "Awa Diallo")
    missing = client.get("/edition/nulle-part")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.text
    assert missing.headers["content-security-policy"] == EDITOR_POLICY
    traversal = httpx.get(editing + "/edition/static/..%2f..%2fapp.py")
    assert traversal.status_code == 404


def test_site_keeps_its_policy_and_get_only_with_the_editor_on(editing: str) -> None:
    page = httpx.get(editing + "/faq/")
    assert page.status_code == 200
    assert page.headers.get("content-security-policy") != EDITOR_POLICY
    for path in ("/", "/faq/", "/api/search"):
        refused = httpx.post(editing + path, data={"a": "b"})
        assert refused.status_code == 405, path


def test_serve_edit_refuses_a_network_address_without_confirmation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    code = main(["serve", "-f", str(project / "mkdocs.yml"), "--edit", "--host", "0.0.0.0"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--edit refusé sur l'adresse 0.0.0.0" in err
    assert "--edit-on-network" in err
    assert not (project / "site").exists()


def test_serve_edit_needs_a_git_repository(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["serve", "-f", str(project / "mkdocs.yml"), "--edit", "--port", "0"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--edit demande un dépôt Git" in err
    assert not (project / "site").exists()


def test_serve_edit_needs_a_branch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Proposals start from, and are accepted into, the branch the served files are on."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    identity = ["-c", "user.name=Test", "-c", "user.email=test@entraide.invalid"]
    subprocess.run(["git", "-C", str(project), "add", "taxonomy.yml"], check=True)
    subprocess.run(["git", "-C", str(project), *identity, "commit", "-qm", "x"], check=True)
    subprocess.run(["git", "-C", str(project), "checkout", "-q", "--detach"], check=True)
    code = main(["serve", "-f", str(project / "mkdocs.yml"), "--edit", "--port", "0"])
    assert code == 1
    assert "HEAD détachée" in capsys.readouterr().err
    assert not (project / "site").exists()


def test_edit_problem_in_a_network_repository(project: Path) -> None:
    """A network's pages are composed from its base and its own layer: not editable yet."""
    args = argparse.Namespace(
        edit=True, edit_on_network=False, host="127.0.0.1", config_file=project / "mkdocs.yml"
    )
    problem = edit_problem(args, loopback=True, in_network=True)
    assert problem is not None
    assert "dépôt d'un réseau" in problem
    args.edit = False
    assert edit_problem(args, loopback=False, in_network=True) is None
