"""The sign-in pages and the accounts page in Chromium: what an admin and a newcomer click,
with axe on each page (no serious or critical violation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entraide.accounts.roles import Role
from entraide.accounts.store import AccountStore
from entraide.content.taxonomy import Taxonomy
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from entraide.server.editor.auth import first_sign_in_link
from tests.browser.test_accessibility import check
from tests.live_server import serving

PASSWORD = "une phrase assez longue pour entrer"


@pytest.fixture
def editing(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[tuple[str, Path]]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><html lang='fr'><title>Accueil</title>")
    state = tmp_path / ".entraide-edition"
    editor = Editor(repo_root / "mkdocs.yml", repo_root / "docs", taxonomy, state)
    with serving(create_app(site, editor=editor)) as url:
        yield url, state


def test_an_admin_signs_in_creates_an_account_and_the_newcomer_signs_in(
    page: Any, editing: tuple[str, Path], artifacts: Path
) -> None:
    url, state = editing
    invitation = AccountStore(state).add("Marc Petit", Role.ADMIN)
    page.goto(first_sign_in_link(url, invitation.token))
    assert page.get_by_role("heading", level=1).inner_text() == "Bienvenue, Marc Petit"
    check(page, "premiere-connexion", artifacts)
    page.get_by_label("Nouveau mot de passe").fill(PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(PASSWORD + " autre")
    page.get_by_role("button", name="Enregistrer et se connecter").click()
    assert "différents" in page.get_by_role("alert").inner_text()
    page.get_by_label("Nouveau mot de passe").fill(PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer et se connecter").click()
    page.wait_for_url(url + "/edition/")

    page.get_by_role("link", name="changer de mot de passe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Changer de mot de passe"
    check(page, "mot-de-passe", artifacts)
    page.get_by_role("link", name="Comptes").click()
    page.get_by_label("Nom de la personne").fill("Awa Diallo")
    page.get_by_label("relecteur", exact=False).check()
    page.get_by_role("button", name="Créer le compte").click()
    link = page.locator("code.lien-connexion").inner_text()
    assert link.startswith(url + "/edition/premiere-connexion?jeton=")
    page.screenshot(path=str(artifacts / "editeur-comptes.png"), full_page=True)
    check(page, "comptes", artifacts)

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(url + "/edition/connexion?fin=1")
    assert "Vous êtes déconnecté·e" in page.locator("main").inner_text()
    page.get_by_label("Identifiant").fill("marc-petit")
    page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    assert "Identifiant ou mot de passe incorrect" in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(artifacts / "editeur-connexion-erreur.png"), full_page=True)
    check(page, "connexion", artifacts)

    newcomer = page.context.browser.new_context(locale="fr-FR").new_page()
    newcomer.goto(link)
    newcomer.get_by_label("Nouveau mot de passe").fill(PASSWORD)
    newcomer.get_by_label("Le même mot de passe, une seconde fois").fill(PASSWORD)
    newcomer.get_by_role("button", name="Enregistrer et se connecter").click()
    newcomer.wait_for_url(url + "/edition/")
    assert "Awa Diallo" in newcomer.locator("header").inner_text()
    assert newcomer.get_by_role("link", name="Relecture").is_visible()
    assert newcomer.get_by_role("link", name="Comptes").count() == 0
    newcomer.context.close()
