"""The browser editor end to end: the real ``entraide serve --edit``, a real Git repository,
accounts made with ``entraide users add``, Chromium clicking what people click.

A contributor proposes a change through the form (a live check message appears
for an invalid value, then goes once fixed); the proposal is one commit on its
own branch while ``main`` stays; a reviewer reads its diff and preview and
accepts; ``main`` gets the change with its ``Reviewed-by:`` trailer and the
served page shows it after the rebuild. axe checks the form and review pages.
Screenshots go to test-artifacts/ (copies for the closing note: ``ENTRAIDE_NOTE_IMAGES``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.browser.conftest import ROOT
from tests.browser.test_accessibility import check as check_accessibility
from tests.editor.editing_site import PROCEDURE, editing_site, git
from tests.live_server import EntraideProcess, free_port

PASSWORD = "une phrase assez longue pour entrer"
CONTRIBUTOR = "Camille Martin"
SECOND_CONTRIBUTOR = "Alex Bernard"
REVIEWER = "Dominique Petit"
PAGE_URL = "/" + PROCEDURE.removesuffix(".md") + "/"
# Set to a folder (devnotes/…/img) to copy the screenshots there for a closing note;
# unset, tests leave the repository's files alone.
NOTE_IMAGES = os.environ.get("ENTRAIDE_NOTE_IMAGES")


@dataclass
class EditServer:
    url: str
    root: Path
    links: dict[str, str]
    process: EntraideProcess
    signed_up: set[str] = field(default_factory=set)

    def branches(self) -> list[str]:
        listed = git(
            self.root, "for-each-ref", "--format=%(refname:short)", "refs/heads/propositions"
        )
        return listed.splitlines()


def add_account(root: Path, name: str, role: str) -> str:
    """``entraide users add``, as an admin runs it; returns the path of the link it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "users", "add", name, "--role", role],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    link = re.search(r"https?://\S+/edition/\S+", done.stdout)
    assert link is not None, done.stdout
    parts = urlsplit(link[0])
    return f"{parts.path}?{parts.query}"


@pytest.fixture(scope="module")
def edit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditServer]:
    root = editing_site(tmp_path_factory.mktemp("edition"), ROOT)
    links = {
        CONTRIBUTOR: add_account(root, CONTRIBUTOR, "contributeur"),
        SECOND_CONTRIBUTOR: add_account(root, SECOND_CONTRIBUTOR, "contributeur"),
        REVIEWER: add_account(root, REVIEWER, "relecteur"),
    }
    port = free_port()
    process = EntraideProcess(
        "serve", "--edit", "--port", str(port), "--check-every", "0.5", cwd=root
    )
    url = f"http://127.0.0.1:{port}"
    try:
        process.wait_until_serving(url + "/")
        assert f"{url}/edition/" in process.output
        assert "3 compte(s)" in process.output
        yield EditServer(url, root, links, process)
    finally:
        process.stop()


def sign_in(page: Any, server: EditServer, name: str) -> None:
    """The first time, follow the one-time link ``entraide users add`` printed and choose a
    password; afterwards, the sign-in form."""
    if name not in server.signed_up:
        page.goto(server.url + server.links[name])
        page.fill("#mot_de_passe", PASSWORD)
        page.fill("#confirmation", PASSWORD)
        page.get_by_role("button", name="Enregistrer et se connecter").click()
        server.signed_up.add(name)
    else:
        page.goto(server.url + "/edition/connexion")
        page.get_by_label("Identifiant").fill(name)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(server.url + "/edition/")
    assert name in page.locator("header").inner_text()


def ensure_password(browser: Any, server: EditServer, name: str) -> None:
    """The account has chosen its password (through its one-time link if not yet)."""
    if name not in server.signed_up:
        page = new_tab(browser)
        sign_in(page, server, name)
        page.context.close()


def new_tab(browser: Any, width: int = 1280, height: int = 900) -> Any:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def propose_body_change(page: Any, server: EditServer, old: str, new: str, summary: str) -> None:
    """Open the procedure's form from the served page, replace ``old`` by ``new``, send it."""
    page.goto(server.url + PAGE_URL)
    page.get_by_role("link", name="Proposer une modification").click()
    body = page.locator("#champ-corps")
    body.fill(body.input_value().replace(old, new))
    page.fill("#champ-resume", summary)
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url(server.url + "/edition/mes-propositions")


def wait_until(check: Callable[[], bool], bound: float = 180) -> None:
    deadline = time.monotonic() + bound
    while not check():
        assert time.monotonic() < deadline, "la condition n'est jamais devenue vraie"
        time.sleep(0.3)


def open_proposal(page: Any, summary: str) -> None:
    """From the review queue, the proposal whose row carries ``summary``."""
    page.locator("tbody tr", has_text=summary).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/edition/relecture/[^/?]+$"))


def save(page: Any, artifacts: Path, name: str) -> None:
    """A full-page screenshot in test-artifacts/ (and in ``ENTRAIDE_NOTE_IMAGES`` if set)."""
    target = artifacts / name
    page.screenshot(path=str(target), full_page=True)
    if NOTE_IMAGES:
        Path(NOTE_IMAGES).mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, Path(NOTE_IMAGES) / name)


def test_propose_check_review_accept_and_publish(
    browser: Any, edit_server: EditServer, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    main_before = git(edit_server.root, "rev-parse", "main")
    contributor = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = contributor.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, edit_server, CONTRIBUTOR)

    # From the served page, its « Proposer une modification » link opens the form.
    page.goto(edit_server.url + PAGE_URL)
    check_accessibility(page, "editeur-page-du-site", artifacts)
    page.get_by_role("link", name="Proposer une modification").click()
    page.wait_for_url(re.compile(r"/edition/modifier\?page="))
    assert page.input_value("#champ-title") == "Refaire sa carte Vitale"

    # An invalid value: the check's French message appears beside the field as one types.
    page.fill("#champ-review_in", "bientôt")
    expect(page.locator("#message-review_in")).to_have_text(re.compile(r"\w"))
    expect(page.locator("#champ-review_in")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#etat-verification")).to_contain_text("erreur(s) à corriger")
    save(page, artifacts, "editeur-formulaire-verification.png")
    check_accessibility(page, "editeur-formulaire", artifacts)

    # Fixed, and a sentence added to the body: the message goes, the preview shows it.
    page.fill("#champ-review_in", "1 an")
    body = page.locator("#champ-corps")
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nUn mot rare pour ce test : zygomorphe.\n")
    expect(page.locator("#message-review_in")).to_have_text("")
    expect(page.locator("#champ-review_in")).not_to_have_attribute("aria-invalid", "true")
    page.locator("#apercu").get_by_text("zygomorphe").wait_for()
    # The toolbar: the selected word made bold, in the text and in the preview.
    body.evaluate(
        "area => { const at = area.value.indexOf('zygomorphe');"
        " area.focus(); area.setSelectionRange(at, at + 'zygomorphe'.length); }"
    )
    page.get_by_role("button", name="Gras").click()
    assert "**zygomorphe**" in body.input_value()
    page.locator("#apercu strong", has_text="zygomorphe").wait_for()
    page.get_by_role("button", name="Gras").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Italique")).to_be_focused()
    expect(page.locator("#etat-verification")).to_have_text(
        re.compile(r"^(Vérification : aucun problème\.|Aucune erreur ; .*)$")
    )
    page.fill("#champ-resume", "Précision sur la carte Vitale")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url(edit_server.url + "/edition/mes-propositions")
    assert "en attente" in page.inner_text("main")
    assert errors == []

    # One commit by that name on its own branch; main and the served files unchanged.
    [branch] = edit_server.branches()
    assert git(edit_server.root, "rev-list", "--count", f"main..{branch}") == "1"
    assert git(edit_server.root, "log", "-1", "--format=%an", branch) == CONTRIBUTOR
    assert git(edit_server.root, "rev-parse", "main") == main_before
    served_file = edit_server.root / "docs" / PROCEDURE
    assert "zygomorphe" not in served_file.read_text(encoding="utf-8")
    contributor.close()

    # The reviewer reads the diff and the preview, then accepts.
    reviewer = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = reviewer.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, edit_server, REVIEWER)
    page.get_by_role("link", name="Relecture").click()
    open_proposal(page, "Précision sur la carte Vitale")
    page.locator("ins", has_text="zygomorphe").first.wait_for()
    page.locator(".apercu").get_by_text("zygomorphe").wait_for()
    assert "À vérifier de nouveau dans" in page.inner_text("main")  # the field, before and after
    save(page, artifacts, "editeur-relecture-diff.png")
    check_accessibility(page, "editeur-relecture", artifacts)
    page.get_by_role("button", name="Accepter et publier").click()
    page.wait_for_url(re.compile(r"/edition/relecture\?fait=acceptee"))
    reviewer.close()

    message = git(edit_server.root, "log", "-1", "--format=%B", "main")
    assert f"Reviewed-by: {REVIEWER}" in message
    assert "zygomorphe" in served_file.read_text(encoding="utf-8")
    wait_until(lambda: "zygomorphe" in httpx.get(edit_server.url + PAGE_URL).text)


def test_two_proposals_on_one_page_the_second_is_a_conflict_then_taken_up(
    browser: Any, edit_server: EditServer, artifacts: Path
) -> None:
    """Both start from the same main and change the same line: never a silent overwrite."""
    ensure_password(browser, edit_server, CONTRIBUTOR)
    first, second = new_tab(browser), new_tab(browser)
    # Not signed in yet: the site page's link leads through the sign-in page to the form.
    first.goto(edit_server.url + PAGE_URL)
    first.get_by_role("link", name="Proposer une modification").click()
    first.wait_for_url(re.compile(r"/edition/connexion\?suite="))
    first.get_by_label("Identifiant").fill(CONTRIBUTOR)
    first.get_by_label("Mot de passe").fill(PASSWORD)
    first.get_by_role("button", name="Se connecter").click()
    first.wait_for_url(re.compile(r"/edition/modifier\?page="))
    sign_in(second, edit_server, SECOND_CONTRIBUTOR)
    line = "Une photo refusée parce qu'elle est trop sombre."
    propose_body_change(first, edit_server, line, line + " Ou floue.", "Photo floue")
    propose_body_change(second, edit_server, line, line + " Ou de travers.", "Photo de travers")
    first.context.close()
    second.context.close()

    page = new_tab(browser)
    sign_in(page, edit_server, REVIEWER)
    page.goto(edit_server.url + "/edition/relecture")
    open_proposal(page, "Photo floue")
    page.get_by_role("button", name="Accepter et publier").click()
    page.wait_for_url(re.compile(r"/edition/relecture\?fait=acceptee"))
    accepted = git(edit_server.root, "rev-parse", "main")

    open_proposal(page, "Photo de travers")
    page.get_by_role("button", name="Accepter et publier").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "ne peut plus être fusionnée" in alert.inner_text()
    save(page, artifacts, "editeur-relecture-conflit.png")
    assert git(edit_server.root, "rev-parse", "main") == accepted
    text = (edit_server.root / "docs" / PROCEDURE).read_text(encoding="utf-8")
    assert "Ou floue." in text
    assert "Ou de travers." not in text

    # Its author takes it up from « Mes propositions », over the page as it is now.
    author = new_tab(browser)
    sign_in(author, edit_server, SECOND_CONTRIBUTOR)
    author.get_by_role("link", name="Mes propositions", exact=True).click()
    author.get_by_role("link", name="Reprendre cette proposition").click()
    author.wait_for_url(re.compile(r"/edition/modifier\?page=.*proposition="))
    body = author.locator("#champ-corps")
    assert "Ou de travers." in body.input_value()
    body.fill(body.input_value().replace("Ou de travers.", "Ou floue, ou de travers."))
    author.get_by_role("button", name="Envoyer la proposition").click()
    author.wait_for_url(edit_server.url + "/edition/mes-propositions")
    author.context.close()

    page.goto(edit_server.url + "/edition/relecture")
    row = page.locator("tbody tr", has_text="Photo de travers")
    assert "fusion possible" in row.inner_text()
    open_proposal(page, "Photo de travers")
    page.get_by_role("button", name="Accepter et publier").click()
    page.wait_for_url(re.compile(r"/edition/relecture\?fait=acceptee"))
    text = (edit_server.root / "docs" / PROCEDURE).read_text(encoding="utf-8")
    assert "trop sombre. Ou floue, ou de travers." in text
    page.context.close()


def test_a_new_page_from_its_section_at_phone_width(
    browser: Any, edit_server: EditServer, artifacts: Path
) -> None:
    """« Proposer une page » on a section page; the form fits a phone's width and passes axe."""
    ensure_password(browser, edit_server, CONTRIBUTOR)
    page = new_tab(browser, 375, 740)
    sign_in(page, edit_server, CONTRIBUTOR)
    page.goto(edit_server.url + "/procedures/")
    page.get_by_role("link", name="Proposer une page").click()
    page.wait_for_url(re.compile(r"/edition/nouvelle\?section=procedures"))
    assert page.locator("main h1").first.inner_text() == "Proposer une page"
    page.get_by_label("Titre").first.fill("Demander une attestation de droits")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#etat-verification").get_by_text("erreur(s) à corriger").wait_for()
    save(page, artifacts, "editeur-telephone.png")
    check_accessibility(page, "editeur-nouvelle-page", artifacts)
    # The editor's home and its refusals are pages people read too.
    page.goto(edit_server.url + "/edition/")
    check_accessibility(page, "editeur-accueil", artifacts)
    page.get_by_role("link", name="Proposer une page").first.click()
    page.wait_for_url(edit_server.url + "/edition/nouvelle")
    check_accessibility(page, "editeur-choix-section", artifacts)
    refused = page.goto(edit_server.url + "/edition/modifier?page=../mkdocs.yml")
    assert refused is not None
    assert refused.status == 400
    assert "« .. »" in page.get_by_role("alert").inner_text()
    check_accessibility(page, "editeur-refus", artifacts)
    page.context.close()


def test_the_form_says_when_the_session_has_ended(browser: Any, edit_server: EditServer) -> None:
    """Signed out elsewhere while writing: the live check warns before the text is lost."""
    from playwright.sync_api import expect

    ensure_password(browser, edit_server, SECOND_CONTRIBUTOR)
    form = new_tab(browser)
    sign_in(form, edit_server, SECOND_CONTRIBUTOR)
    form.goto(edit_server.url + f"/edition/modifier?page={PROCEDURE}")
    expect(form.locator("#etat-verification")).not_to_contain_text("en cours")
    other = form.context.new_page()
    other.goto(edit_server.url + "/edition/")
    other.get_by_role("button", name="Se déconnecter").click()
    other.wait_for_url(re.compile(r"/edition/connexion"))
    form.fill("#champ-review_in", "1 an")
    expect(form.locator("#etat-verification")).to_contain_text("Copiez d'abord votre texte")
    form.context.close()
