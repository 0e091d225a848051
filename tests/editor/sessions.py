"""Signed-in clients for editor tests: accounts made in the real store, signed in through the
real sign-in form, so every editor test goes through the same gate people do."""

from __future__ import annotations

from pathlib import Path

import httpx
from bs4 import BeautifulSoup

from entraide.accounts.account import Account
from entraide.accounts.roles import Role
from entraide.accounts.store import AccountStore

PASSWORD = "une phrase assez longue pour entrer"


def create_account(
    state_dir: Path, name: str, role: Role = Role.CONTRIBUTEUR, password: str = PASSWORD
) -> Account:
    """An account that has already chosen its password (its sign-in link used)."""
    store = AccountStore(state_dir)
    return store.redeem(store.add(name, role).token, password)


def hidden_fields(html: str, selector: str = "form") -> dict[str, str]:
    """The hidden fields of the first form matching ``selector``, as a browser would post them."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no form {selector!r} in the page"
    return {
        str(field["name"]): str(field.get("value", ""))
        for field in form.select("input[type=hidden][name]")
    }


def sign_in(base_url: str, login: str, password: str = PASSWORD) -> httpx.Client:
    """A client signed in through ``/edition/connexion``; its cookie jar holds the session."""
    client = httpx.Client(base_url=base_url)
    page = client.get("/edition/connexion")
    fields = hidden_fields(page.text, 'form[action="/edition/connexion"]')
    response = client.post(
        "/edition/connexion", data={**fields, "identifiant": login, "mot_de_passe": password}
    )
    assert response.status_code == 303, response.text
    return client


def signed_in(
    base_url: str, state_dir: Path, name: str, role: Role = Role.CONTRIBUTEUR
) -> httpx.Client:
    """A new account named ``name`` with ``role``, signed in."""
    return sign_in(base_url, create_account(state_dir, name, role).login)


def page_text(response: httpx.Response) -> str:
    """What a person reads on the page (entities decoded, tags gone, spaces collapsed)."""
    return " ".join(BeautifulSoup(response.text, "html.parser").get_text(" ").split())
