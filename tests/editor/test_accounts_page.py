"""The admins' accounts page, on the real server: the same actions as ``entraide users``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from entraide.accounts.roles import Role
from entraide.accounts.store import AccountStore
from entraide.content.taxonomy import Taxonomy
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from tests.editor.sessions import PASSWORD, hidden_fields, page_text, sign_in, signed_in
from tests.live_server import serving


@pytest.fixture
def base(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Accueil</title>")
    editor = Editor(repo_root / "mkdocs.yml", repo_root / "docs", taxonomy, _state(tmp_path))
    with serving(create_app(site, editor=editor)) as url:
        yield url


def _state(tmp_path: Path) -> Path:
    return tmp_path / ".entraide-edition"


def _row_form(page: httpx.Response, action: str, login: str) -> dict[str, str]:
    soup = BeautifulSoup(page.text, "html.parser")
    for form in soup.select(f'form[action="/edition/comptes/{action}"]'):
        found = form.select_one(f'input[name="identifiant"][value="{login}"]')
        if found is not None:
            return {str(i["name"]): str(i.get("value", "")) for i in form.select("input")}
    raise AssertionError(f"no {action} form for {login}")


def test_an_admin_creates_an_account_whose_link_signs_in(base: str, tmp_path: Path) -> None:
    admin = signed_in(base, _state(tmp_path), "Marc Petit", Role.ADMIN)
    page = admin.get("/edition/comptes")
    assert page.status_code == 200
    assert "Comptes" in page_text(admin.get("/edition/"))  # the admin's menu leads there
    fields = hidden_fields(page.text, 'form[action="/edition/comptes/creer"]')
    created = admin.post(
        "/edition/comptes/creer", data={**fields, "nom": "Awa Diallo", "role": "relecteur"}
    )
    assert created.status_code == 201
    link = BeautifulSoup(created.text, "html.parser").select_one("code.lien-connexion")
    assert link is not None
    assert link.get_text().startswith(f"{base}/edition/premiere-connexion?jeton=")
    newcomer = httpx.Client()
    form = newcomer.get(link.get_text())
    chosen = newcomer.post(
        f"{base}/edition/premiere-connexion",
        data={**hidden_fields(form.text), "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
    )
    assert chosen.status_code == 303
    account = AccountStore(_state(tmp_path)).get("awa-diallo")
    assert account is not None and account.role is Role.RELECTEUR and account.has_password


def test_removing_an_account_ends_its_session_and_an_admin_cannot_remove_themself(
    base: str, tmp_path: Path
) -> None:
    admin = signed_in(base, _state(tmp_path), "Marc Petit", Role.ADMIN)
    awa = signed_in(base, _state(tmp_path), "Awa Diallo")
    page = admin.get("/edition/comptes")
    assert not BeautifulSoup(page.text, "html.parser").select(
        'form[action="/edition/comptes/supprimer"] input[value="marc-petit"]'
    )
    removed = admin.post(
        "/edition/comptes/supprimer", data=_row_form(page, "supprimer", "awa-diallo")
    )
    assert removed.status_code == 200
    assert "Compte supprimé : Awa Diallo (awa-diallo)" in page_text(removed)
    assert awa.get("/edition/").status_code == 303
    fields = hidden_fields(removed.text, 'form[action="/edition/comptes/creer"]')
    itself = admin.post("/edition/comptes/supprimer", data={**fields, "identifiant": "marc-petit"})
    assert itself.status_code == 400
    assert "votre propre compte" in page_text(itself)
    assert AccountStore(_state(tmp_path)).get("marc-petit") is not None


def test_a_new_link_replaces_the_old_one(base: str, tmp_path: Path) -> None:
    admin = signed_in(base, _state(tmp_path), "Marc Petit", Role.ADMIN)
    first = AccountStore(_state(tmp_path)).add("Awa Diallo", Role.CONTRIBUTEUR)
    page = admin.get("/edition/comptes")
    renewed = admin.post("/edition/comptes/lien", data=_row_form(page, "lien", "awa-diallo"))
    assert renewed.status_code == 200
    assert "Lien de connexion à usage unique pour Awa Diallo" in page_text(renewed)
    assert AccountStore(_state(tmp_path)).account_for_token(first.token) is None


def test_only_admins_reach_the_page_and_bad_input_is_refused_in_french(
    base: str, tmp_path: Path
) -> None:
    reviewer = signed_in(base, _state(tmp_path), "Awa Diallo", Role.RELECTEUR)
    refused = reviewer.get("/edition/comptes")
    assert refused.status_code == 403 and "ne permet pas de gérer les comptes" in page_text(refused)
    assert "Comptes" not in page_text(reviewer.get("/edition/"))
    admin = signed_in(base, _state(tmp_path), "Marc Petit", Role.ADMIN)
    before = (_state(tmp_path) / "comptes.json").read_bytes()
    for name, role, message in (
        ("Zoé <zoe@example.org>", "contributeur", "Git ne peut pas l'inscrire"),
        ("Zoé Martin", "chef", "Rôle inconnu « chef »"),
        ("awa diallo", "admin", "existe déjà"),
    ):
        fields = hidden_fields(
            admin.get("/edition/comptes").text, 'form[action="/edition/comptes/creer"]'
        )
        bad = admin.post("/edition/comptes/creer", data={**fields, "nom": name, "role": role})
        assert bad.status_code == 400, name
        assert message in page_text(bad), name
    forged = admin.post("/edition/comptes/creer", data={"nom": "Zoé Martin", "role": "admin"})
    assert forged.status_code == 403 and "Formulaire refusé" in page_text(forged)
    assert (_state(tmp_path) / "comptes.json").read_bytes() == before


def test_changing_ones_password_ends_the_other_sessions(base: str, tmp_path: Path) -> None:
    awa = signed_in(base, _state(tmp_path), "Awa Diallo")
    elsewhere = sign_in(base, "awa-diallo")  # the same person at another desk
    home = awa.get("/edition/")
    assert BeautifulSoup(home.text, "html.parser").select_one(
        'header a[href="/edition/mot-de-passe"]'
    )
    new = "un tout nouveau mot de passe"

    def change(current: str, password: str, confirmation: str) -> httpx.Response:
        fields = hidden_fields(awa.get("/edition/mot-de-passe").text, "main form")
        data = {**fields, "actuel": current, "mot_de_passe": password, "confirmation": confirmation}
        return awa.post("/edition/mot-de-passe", data=data)

    wrong = change("pas le bon", new, new)
    assert wrong.status_code == 401 and "n'est pas le bon" in page_text(wrong)
    short = change(PASSWORD, "court", "court")
    assert short.status_code == 400 and "12 caractères au moins" in page_text(short)
    mismatch = change(PASSWORD, new, new + "!")
    assert mismatch.status_code == 400 and "différents" in page_text(mismatch)
    assert elsewhere.get("/edition/").status_code == 200  # nothing changed yet
    done = change(PASSWORD, new, new)
    assert done.status_code == 303
    assert "Mot de passe changé" in page_text(awa.get(done.headers["location"]))
    assert awa.get("/edition/").status_code == 200  # this session goes on
    assert elsewhere.get("/edition/").status_code == 303  # the other one ended
    sign_in(base, "awa-diallo", new)
    assert AccountStore(_state(tmp_path)).authenticate("awa-diallo", PASSWORD) is None
