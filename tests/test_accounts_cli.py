"""``entraide users`` as a person runs it: a real process, then the printed link in the real
server."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from entraide.accounts.store import AccountStore
from entraide.cli.main import main
from entraide.content.taxonomy import Taxonomy
from entraide.editing.state import state_dir
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from tests.editor.sessions import PASSWORD, hidden_fields, page_text, sign_in
from tests.live_server import serving
from tests.test_cli import entraide

LINK = re.compile(r"^  (https?://\S+/edition/premiere-connexion\?jeton=\S+)$", re.MULTILINE)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A folder with a site configuration: all ``entraide users`` needs to find the accounts."""
    root = tmp_path / "base"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: Essai\n", encoding="utf-8")
    return root


def test_users_add_prints_a_link_that_signs_in(
    site_root: Path, tmp_path: Path, repo_root: Path, taxonomy: Taxonomy
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Accueil</title>")
    editor = Editor(repo_root / "mkdocs.yml", repo_root / "docs", taxonomy, state_dir(site_root))
    added = entraide(
        "users",
        "add",
        "Awa Diallo",
        "--role",
        "relecteur",
        "--adresse",
        "https://entraide.example:8443/",
        "-f",
        str(site_root / "mkdocs.yml"),
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    assert "Compte créé : Awa Diallo (identifiant : awa-diallo, rôle : relecteur)." in added.stdout
    assert "usage unique, valable jusqu'au" in added.stdout
    match = LINK.search(added.stdout)
    assert match is not None, added.stdout
    link = match.group(1)
    assert link.startswith("https://entraide.example:8443/edition/premiere-connexion?jeton=")
    with serving(create_app(site, editor=editor)) as url:
        client = httpx.Client(base_url=url)
        page = client.get(link.removeprefix("https://entraide.example:8443"))
        assert "Bienvenue, Awa Diallo" in page_text(page)
        fields = hidden_fields(page.text)
        chosen = client.post(
            "/edition/premiere-connexion",
            data={**fields, "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
        )
        assert chosen.status_code == 303
        home = client.get("/edition/")
        assert home.status_code == 200 and "Relecture" in page_text(home)  # a reviewer's menu
        sign_in(url, "awa-diallo")  # and the chosen password works from now on
        assert client.get(link.removeprefix("https://entraide.example:8443")).status_code == 410


def test_users_list_link_and_remove(site_root: Path) -> None:
    def users(*args: str) -> subprocess.CompletedProcess[str]:
        return entraide("users", *args, cwd=site_root)

    assert "Aucun compte" in users("list").stdout
    assert users("add", "Awa Diallo", "--role", "contributeur").returncode == 0
    assert users("add", "Marc Petit", "--role", "admin").returncode == 0
    listing = users("list").stdout
    assert re.search(r"awa-diallo\s+contributeur\s+Awa Diallo\s+\(lien en attente", listing)
    assert re.search(r"marc-petit\s+admin\s+Marc Petit", listing)
    assert "2 compte(s)." in listing
    first = LINK.search(users("add", "Zoé Martin", "--role", "relecteur").stdout)
    again = users("link", "Zoé Martin")
    assert again.returncode == 0 and "Nouveau lien pour Zoé Martin (zoe-martin)" in again.stdout
    second = LINK.search(again.stdout)
    assert first and second and first.group(1) != second.group(1)
    store = AccountStore.for_root(site_root)
    token = second.group(1).rpartition("jeton=")[2]
    assert store.account_for_token(token) is not None
    assert store.account_for_token(first.group(1).rpartition("jeton=")[2]) is None
    as_json = json.loads(users("list", "--json").stdout)
    assert as_json[0] == {
        "login": "awa-diallo",
        "name": "Awa Diallo",
        "role": "contributeur",
        "state": "link-pending",
    }
    made = json.loads(users("add", "Éloïse Lefèvre", "--role", "admin", "--json").stdout)
    assert made["login"] == "eloise-lefevre" and made["name"] == "Éloïse Lefèvre"
    assert made["link"].startswith("http://127.0.0.1:8000/edition/premiere-connexion?jeton=")
    assert store.account_for_token(made["link"].rpartition("jeton=")[2]) is not None
    removed = users("remove", "awa-diallo")
    assert removed.returncode == 0 and "Compte supprimé : Awa Diallo" in removed.stdout
    logins = [account.login for account in store.accounts()]
    assert logins == ["eloise-lefevre", "marc-petit", "zoe-martin"]


def test_users_errors_are_french_and_change_nothing(site_root: Path, tmp_path: Path) -> None:
    def users(*args: str, cwd: Path = site_root) -> subprocess.CompletedProcess[str]:
        return entraide("users", *args, cwd=cwd)

    assert users("add", "Awa Diallo", "--role", "admin").returncode == 0
    before = (state_dir(site_root) / "comptes.json").read_bytes()
    twice = users("add", "awa diallo", "--role", "contributeur")
    assert twice.returncode == 1
    assert "un compte « awa-diallo » existe déjà" in twice.stderr
    assert "entraide users link awa-diallo" in twice.stderr
    role = users("add", "Marc Petit", "--role", "chef")
    assert role.returncode == 2 and "rôle inconnu « chef »" in role.stderr
    bad_name = users("add", "Marc <marc@example.org>", "--role", "admin")
    assert bad_name.returncode == 1 and "Git ne peut pas l'inscrire" in bad_name.stderr
    address = users("add", "Marc Petit", "--role", "admin", "--adresse", "127.0.0.1:8000")
    assert address.returncode == 2 and "adresse invalide" in address.stderr
    unknown = users("remove", "personne")
    assert unknown.returncode == 1 and "aucun compte « personne »" in unknown.stderr
    elsewhere = users("list", cwd=tmp_path)
    assert elsewhere.returncode == 2 and "mkdocs.yml introuvable" in elsewhere.stderr
    assert (state_dir(site_root) / "comptes.json").read_bytes() == before
    (state_dir(site_root) / "comptes.json").write_text("[", encoding="utf-8")
    damaged = users("list")
    assert damaged.returncode == 1
    assert "comptes.json, ligne 1, colonne 2 : fichier des comptes abîmé" in damaged.stderr
    assert "Traceback" not in damaged.stderr


def test_serve_edit_refuses_to_start_with_an_unreadable_session_key(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(project),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "début",
        ],
        check=True,
    )
    key = state_dir(project) / "cle-session"
    key.parent.mkdir()
    key.write_text("pas-une-cle", encoding="ascii")
    code = main(["serve", "-f", str(project / "mkdocs.yml"), "--edit", "--port", "0"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{key} : clé de session illisible" in err and "Supprimez ce fichier" in err
    assert not (project / "site").exists()
