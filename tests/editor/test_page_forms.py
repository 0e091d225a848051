"""The page forms over HTTP on the real server: proposals made, and every hostile post refused.

Each refusal is checked for its French message, for the absence of a 500, and
for nothing written: no proposal branch, ``main`` and the served files unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from bs4 import BeautifulSoup

from entraide.accounts.roles import Role
from entraide.cli.edit_mode import make_editor
from entraide.content.taxonomy import load_taxonomy
from entraide.editing.limits import MAX_PAGE_BYTES
from entraide.editing.state import state_dir
from entraide.proposals.store import ProposalStore
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from entraide.sitebuild import build_site
from tests.editor.browser_form import form_fields, replaced, value
from tests.editor.editing_site import PROCEDURE, editing_site, git
from tests.editor.sessions import hidden_fields, signed_in
from tests.live_server import serving

EDIT = f"/edition/modifier?page={PROCEDURE}"


@dataclass
class Served:
    url: str
    root: Path
    main: str
    editor: Editor

    def branches(self) -> list[str]:
        listed = git(self.root, "for-each-ref", "--format=%(refname)", "refs/heads/propositions")
        return listed.splitlines()

    def assert_nothing_written(self) -> None:
        assert self.branches() == []
        assert git(self.root, "rev-parse", "main") == self.main
        assert git(self.root, "status", "--porcelain") == ""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Iterator[Served]:
    root = editing_site(tmp_path_factory.mktemp("formulaires"), repo_root)
    site = build_site(root / "mkdocs.yml", root / "site", strict=True).site_dir
    editor = make_editor(root / "mkdocs.yml", root / "docs", load_taxonomy(root / "taxonomy.yml"))
    with serving(create_app(site, editor=editor)) as url:
        yield Served(url, root, git(root, "rev-parse", "main"), editor)


@pytest.fixture(scope="module")
def contributor(served: Served) -> Iterator[httpx.Client]:
    client = signed_in(served.url, state_dir(served.root), "Camille Martin")
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="module")
def reviewer(served: Served) -> Iterator[httpx.Client]:
    client = signed_in(served.url, state_dir(served.root), "Dominique Petit", Role.RELECTEUR)
    try:
        yield client
    finally:
        client.close()


def _decide(reviewer: httpx.Client, proposal_id: str, action: str, note: str) -> None:
    shown = reviewer.get(f"/edition/relecture/{proposal_id}")
    fields = hidden_fields(shown.text, f'form[action="/edition/relecture/{proposal_id}/{action}"]')
    done = reviewer.post(
        f"/edition/relecture/{proposal_id}/{action}",
        data={**fields, "note": note},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


@pytest.fixture(autouse=True)
def clean_branches(served: Served) -> Iterator[None]:
    yield
    for ref in git(served.root, "for-each-ref", "--format=%(refname)", "refs/").splitlines():
        if "propositions" in ref:
            git(served.root, "update-ref", "-d", ref)


def _post(
    client: httpx.Client, pairs: list[tuple[str, str]], address: str = "/edition/modifier"
) -> httpx.Response:
    """Post ``pairs`` (repeated keys kept) as the browser's form would."""
    return client.post(
        address,
        content=urlencode(pairs).encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def _form(client: httpx.Client, address: str = EDIT) -> list[tuple[str, str]]:
    page = client.get(address)
    assert page.status_code == 200, page.text
    return form_fields(page.text)


def _changed_form(client: httpx.Client, addition: str) -> tuple[list[tuple[str, str]], str]:
    """The procedure's form with ``addition`` after « Le 3646 » in its text, and that text."""
    pairs = _form(client)
    body = value(pairs, "corps").replace("Le 3646", f"Le 3646{addition}")
    return replaced(pairs, "corps", body), body


def _refusal(response: httpx.Response) -> str:
    soup = BeautifulSoup(response.text, "html.parser")
    alert = soup.select_one("[role=alert]")
    assert alert is not None, response.text
    return alert.get_text(" ", strip=True)


def test_the_form_shows_the_page_as_fields_and_text(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = _form(contributor)
    assert value(pairs, "title") == "Refaire sa carte Vitale"
    assert ("mediation", "urgence") in pairs
    assert ("mediation", "autonomie") in pairs
    assert value(pairs, "base") == served.main
    original = (served.root / "docs" / PROCEDURE).read_text(encoding="utf-8")
    assert original.endswith(value(pairs, "corps"))
    assert value(pairs, "corps").startswith("\n# Refaire sa carte Vitale")


def test_a_proposal_is_one_commit_by_its_author_on_its_own_branch(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = _form(contributor)
    body = value(pairs, "corps").replace("Le 3646", "Le 3646 (service gratuit)")
    # Browsers post a textarea's lines with CRLF: the page keeps the repository's LF.
    pairs = replaced(replaced(pairs, "corps", body.replace("\n", "\r\n")), "resume", "Gratuit")
    sent = _post(contributor, pairs)
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/edition/mes-propositions"
    [branch] = served.branches()
    assert branch.startswith("refs/heads/propositions/")
    assert git(served.root, "rev-list", "--count", f"main..{branch}") == "1"
    assert git(served.root, "log", "-1", "--format=%an", branch) == "Camille Martin"
    assert git(served.root, "rev-parse", f"{branch}^") == served.main
    changed = git(served.root, "diff", "--numstat", "main", branch)
    assert changed == f"1\t1\tdocs/{PROCEDURE}"  # one line changed, no CRLF, header kept
    assert git(served.root, "rev-parse", "main") == served.main
    assert git(served.root, "status", "--porcelain") == ""


def test_keys_the_form_does_not_show_cannot_be_posted_in(
    served: Served, contributor: httpx.Client
) -> None:
    """Theme settings (``template``, ``hide``) and unknown keys stay as the page has them."""
    pairs, _ = _changed_form(contributor, " (gratuit)")
    pairs += [("template", "../../../etc/passwd"), ("hide", "navigation"), ("falc.x", "1")]
    pairs += [("title", "Un second titre")]  # a repeated single-value field: one line, no list
    sent = _post(contributor, pairs)
    assert sent.status_code == 303, sent.text
    [branch] = served.branches()
    text = git(served.root, "show", f"{branch}:docs/{PROCEDURE}")
    assert "template" not in text
    assert "hide" not in text
    assert "x:" not in text
    assert "\ntitle: Refaire sa carte Vitale Un second titre\n" in text


def test_an_invalid_value_is_refused_beside_its_field(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = replaced(_form(contributor), "review_in", "bientôt")
    refused = _post(contributor, pairs)
    assert refused.status_code == 422
    assert "corrigez les erreurs" in _refusal(refused)
    soup = BeautifulSoup(refused.text, "html.parser")
    message = soup.select_one("#message-review_in")
    assert message is not None
    assert message.get_text(strip=True)
    assert soup.select_one("#champ-review_in[aria-invalid=true]") is not None
    served.assert_nothing_written()


def test_live_check_places_the_message_and_leaves_the_form_usable(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = _form(contributor)
    wrong = replaced(pairs, "review_in", "bientôt")
    answer = _post(contributor, wrong, "/edition/api/verifier")
    assert answer.status_code == 200
    result = answer.json()
    assert result["errors"] >= 1
    errors = [p for p in result["problems"] if p["severity"] == "error"]
    assert ("review_in", "À vérifier de nouveau dans") in {
        (p["field"], p["field_label"]) for p in errors
    }
    served.assert_nothing_written()
    fixed = replaced(pairs, "review_in", "1 an")
    assert _post(contributor, fixed, "/edition/api/verifier").json()["errors"] == 0
    # The live check never uses up the form's one-time token: the same form still submits.
    assert _post(contributor, fixed).status_code == 303


def test_personal_data_is_refused_before_anything_is_saved(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = _form(contributor)
    body = value(pairs, "corps") + "\nAppelez Mme X au 06 12 34 56 78.\n"
    refused = _post(contributor, replaced(pairs, "corps", body))
    assert refused.status_code == 422
    assert "données personnelles" in _refusal(refused)
    served.assert_nothing_written()
    assert not list((state_dir(served.root)).glob("**/carte-vitale*"))


def test_unsafe_html_is_refused_and_never_previewed(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = _form(contributor)
    body = value(pairs, "corps") + '\n<script>alert("x")</script>\n<img src=x onerror="alert(1)">\n'
    pairs = replaced(pairs, "corps", body)
    preview = _post(contributor, pairs, "/edition/api/apercu")
    assert preview.status_code == 200
    html = preview.json()["html"]
    assert "<script" not in html
    assert "onerror" not in html
    refused = _post(contributor, pairs)
    assert refused.status_code == 422
    soup = BeautifulSoup(refused.text, "html.parser")
    assert "script" in soup.select_one("#verification").get_text()
    assert not soup.select("#apercu script, #apercu [onerror]")
    served.assert_nothing_written()


@pytest.mark.parametrize(
    "page",
    [
        "../mkdocs.yml",
        "procedures/../../mkdocs.yml",
        "/etc/passwd",
        "..\\mkdocs.yml",
        ".git/config",
        "assets/x.md",
        "recherche.md",
        "faq/absente.md",
    ],
)
def test_pages_outside_docs_or_not_editable_are_refused(
    served: Served, contributor: httpx.Client, page: str
) -> None:
    shown = contributor.get("/edition/modifier", params={"page": page})
    assert shown.status_code in (400, 404)
    assert shown.headers["content-type"].startswith("text/html")
    assert _refusal(shown)
    pairs = replaced(_form(contributor), "page", page)
    posted = _post(contributor, pairs)
    assert posted.status_code in (400, 404)
    assert _refusal(posted)
    served.assert_nothing_written()


def test_a_page_reached_through_a_link_out_of_docs_is_refused(
    served: Served, contributor: httpx.Client
) -> None:
    link = served.root / "docs" / "faq" / "dehors.md"
    link.symlink_to(served.root / "mkdocs.yml")
    try:
        shown = contributor.get("/edition/modifier", params={"page": "faq/dehors.md"})
        assert shown.status_code == 400
        assert "lien symbolique" in _refusal(shown)
    finally:
        link.unlink()
    served.assert_nothing_written()


def test_an_oversized_body_is_refused(served: Served, contributor: httpx.Client) -> None:
    pairs = _form(contributor)
    huge = replaced(pairs, "corps", "Texte de remplissage. " * (MAX_PAGE_BYTES // 5))
    refused = _post(contributor, huge)
    assert refused.status_code == 413
    assert "trop volumineux" in _refusal(refused)
    # Just under the transport bound but over the page bound: refused by the page rule.
    large = replaced(pairs, "corps", "x" * (MAX_PAGE_BYTES + 10))
    refused = _post(contributor, large)
    assert refused.status_code == 422
    assert "trop longue" in refused.text
    served.assert_nothing_written()


def test_a_body_without_announced_length_is_bounded_while_read(
    served: Served, contributor: httpx.Client
) -> None:
    pairs = replaced(_form(contributor), "corps", "x" * (4 * MAX_PAGE_BYTES))
    encoded = urlencode(pairs).encode()

    def chunks() -> Iterator[bytes]:  # sent chunked: no Content-Length to refuse early
        for start in range(0, len(encoded), 65_536):
            yield encoded[start : start + 65_536]

    refused = contributor.post(
        "/edition/modifier",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert refused.status_code == 413
    assert "trop volumineux" in _refusal(refused)
    wrong_type = contributor.post("/edition/modifier", json=dict(pairs))
    assert wrong_type.status_code == 415
    assert "Envoi refusé" in _refusal(wrong_type)
    served.assert_nothing_written()


def test_forged_and_replayed_posts_are_refused(served: Served, contributor: httpx.Client) -> None:
    pairs, _ = _changed_form(contributor, ", du lundi au vendredi")
    for forged in (replaced(pairs, "csrf", "faux"), [(k, v) for k, v in pairs if k != "csrf"]):
        refused = _post(contributor, forged)
        assert refused.status_code == 403
        assert "Formulaire refusé" in _refusal(refused)
    anonymous = httpx.Client(base_url=served.url)
    assert _post(anonymous, pairs).status_code in (303, 401)
    served.assert_nothing_written()
    assert _post(contributor, pairs).status_code == 303
    replayed = _post(contributor, pairs)
    assert replayed.status_code == 409
    assert "déjà été envoyé" in _refusal(replayed)
    assert len(served.branches()) == 1


def test_an_expired_form_keeps_what_was_typed_and_saves_nothing(
    served: Served, contributor: httpx.Client
) -> None:
    pairs, body = _changed_form(contributor, ", texte long à retaper")
    auth = served.editor.auth
    lifetime = auth.form_lifetime
    auth.form_lifetime = timedelta(seconds=1)
    try:
        time.sleep(2.1)
        expired = _post(contributor, pairs)
    finally:
        auth.form_lifetime = lifetime
    assert expired.status_code == 403
    assert "votre texte est conservé" in _refusal(expired)
    served.assert_nothing_written()
    kept = form_fields(expired.text)
    assert value(kept, "corps") == body
    assert value(kept, "formulaire") != value(pairs, "formulaire")
    assert _post(contributor, kept).status_code == 303


def test_a_new_page_is_proposed_in_its_section(served: Served, contributor: httpx.Client) -> None:
    pairs = _form(contributor, "/edition/nouvelle?section=faq")
    assert value(pairs, "section") == "faq"
    untitled = _post(contributor, pairs, "/edition/api/verifier").json()
    assert {"field": "title", "field_label": "Titre", "code": "page-path"}.items() <= (
        untitled["problems"][0].items()
    )
    pairs = replaced(pairs, "title", "Quand une personne oublie son mot de passe")
    pairs = replaced(pairs, "description", "Que faire quand le mot de passe est oublié.")
    pairs = replaced(pairs, "owner", "Groupe de test")
    pairs = replaced(pairs, "themes", "securite-numerique")
    pairs = replaced(pairs, "mediation", "autonomie")
    pairs = replaced(
        pairs,
        "corps",
        "\n# Quand une personne oublie son mot de passe\n\nOn passe par « Mot de passe oublié ».\n",
    )
    check = _post(contributor, pairs, "/edition/api/verifier").json()
    assert check["errors"] == 0, check
    sent = _post(contributor, pairs, "/edition/nouvelle")
    assert sent.status_code == 303, sent.text
    [branch] = served.branches()
    files = git(served.root, "diff", "--name-status", "main", branch)
    assert files == "A\tdocs/faq/quand-une-personne-oublie-son-mot-de-passe.md"
    assert not (
        served.root / "docs" / "faq" / "quand-une-personne-oublie-son-mot-de-passe.md"
    ).exists()


def test_the_menu_s_new_page_asks_which_kind_of_page_first(
    served: Served, contributor: httpx.Client
) -> None:
    chooser = contributor.get("/edition/nouvelle")
    assert chooser.status_code == 200
    soup = BeautifulSoup(chooser.text, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main ul.sections a")}
    assert links["Question fréquente"] == "/edition/nouvelle?section=faq"
    assert links["Procédure"] == "/edition/nouvelle?section=procedures"
    assert all(href.startswith("/edition/nouvelle?section=") for href in links.values())
    assert _form(contributor, str(links["Question fréquente"]))


@pytest.mark.parametrize("section", ["../", "assets", "nulle-part", ".git", "faq/../../"])
def test_new_pages_outside_sections_are_refused(
    served: Served, contributor: httpx.Client, section: str
) -> None:
    shown = contributor.get("/edition/nouvelle", params={"section": section})
    assert shown.status_code == 400
    assert _refusal(shown)
    served.assert_nothing_written()


def test_a_sent_back_proposal_is_taken_up_and_a_refused_one_is_not_posted_again(
    served: Served, contributor: httpx.Client, reviewer: httpx.Client
) -> None:
    pairs = _form(contributor)
    first = value(pairs, "corps").replace("Le 3646", "Le 3646 (appel gratuit)")
    assert _post(contributor, replaced(pairs, "corps", first)).status_code == 303
    [proposal] = ProposalStore(served.root).list()
    _decide(reviewer, proposal.id, "renvoyer", "Précisez les horaires.")

    address = f"{EDIT}&proposition={proposal.id}"
    again = _form(contributor, address)
    assert "(appel gratuit)" in value(again, "corps")
    assert value(again, "proposition") == proposal.id
    second = value(again, "corps").replace("(appel gratuit)", "(appel gratuit, 8 h à 17 h)")
    assert _post(contributor, replaced(again, "corps", second)).status_code == 303
    revised = ProposalStore(served.root).get(proposal.id)
    assert revised.version == 2
    assert len(served.branches()) == 1
    tip = git(served.root, "rev-parse", served.branches()[0])

    # Refused: neither the form nor a post of an earlier form takes it up again.
    stale = replaced(_form(contributor, address), "corps", second + "\nEncore.\n")
    _decide(reviewer, proposal.id, "refuser", "Doublon d'une autre page.")
    shown = contributor.get(address)
    assert shown.status_code == 409
    assert "refusée" in _refusal(shown)
    reposted = _post(contributor, stale)
    assert reposted.status_code == 409
    assert "refusée" in _refusal(reposted)
    after = ProposalStore(served.root).get(proposal.id)
    assert (after.tip, after.version, str(after.state)) == (tip, 2, "refusée")
    assert git(served.root, "rev-parse", "main") == served.main
    # Someone else's proposal is never theirs to take up.
    other = reviewer.get(address)
    assert other.status_code in (403, 409)
    assert _refusal(other)
