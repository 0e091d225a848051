"""Sign-in, sessions and form protection of the editor, on the real server over loopback."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from entraide.accounts.roles import Permission, Role
from entraide.accounts.secret import session_secret
from entraide.accounts.store import AccountStore
from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.indexing import update_index
from entraide.server.app import create_app
from entraide.server.editor.app import Editor, editor_app
from entraide.server.editor.auth import (
    FIRST_SIGN_IN,
    FORM_COOKIE,
    PUBLIC_PATHS,
    SESSION_COOKIE,
    csrf_fields,
    first_sign_in_link,
    require,
    verify_form,
)
from entraide.server.editor.posted import read_form
from entraide.server.search_service import SearchService
from tests.editor.sessions import (
    PASSWORD,
    create_account,
    hidden_fields,
    page_text,
    sign_in,
    signed_in,
)
from tests.live_server import serving

PAGE = """\
---
title: Demander une aide au logement à la CAF
description: La demande d'APL en ligne.
type: procedure
mediation: [urgence]
themes: [logement]
organisations: [caf]
---

# Demander une aide au logement à la CAF

La demande d'aide au logement se fait en ligne.
"""


@dataclass
class Server:
    url: str
    state_dir: Path
    written: Path  # what the test form below writes: it must not exist after a refusal

    def store(self) -> AccountStore:
        return AccountStore(self.state_dir)


def _test_form_routes(written: Path) -> list[Route]:
    """A form the way the other editor pages use the helpers: fields from ``csrf_fields``,
    post checked by ``verify_form``, a reviewers-only page through ``require``."""

    async def form(request: Request) -> Response:
        fields = csrf_fields(request)
        inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
        return PlainTextResponse(f"<form>{inputs}</form>", media_type="text/html")

    async def post(request: Request) -> Response:
        account = verify_form(request, await read_form(request))
        with written.open("a", encoding="utf-8") as record:
            record.write(f"{account.login}\n")
        return PlainTextResponse("enregistré")

    async def review(request: Request) -> Response:
        return PlainTextResponse(require(request, Permission.REVIEW).display_name)

    return [
        Route("/essai", form, methods=["GET"]),
        Route("/essai", post, methods=["POST"]),
        Route("/relecture-essai", review, methods=["GET"]),
    ]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy) -> tuple[Path, Path]:
    """One page and its search index, made once: the tests only read them."""
    root = tmp_path_factory.mktemp("recherche")
    docs = root / "docs"
    (docs / "procedures/caf").mkdir(parents=True)
    (docs / "procedures/caf/aide-au-logement.md").write_text(PAGE, encoding="utf-8")
    update_index(docs, root / "index", taxonomy)
    return docs, root / "index"


@pytest.fixture
def server(
    tmp_path: Path, repo_root: Path, taxonomy: Taxonomy, indexed: tuple[Path, Path]
) -> Iterator[Server]:
    docs, index = indexed
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Accueil</title><p>Accueil</p>")
    state = tmp_path / ".entraide-edition"
    editor = Editor(
        config_file=repo_root / "mkdocs.yml",
        docs_dir=docs,
        taxonomy=taxonomy,
        state_dir=state,
    )
    written = tmp_path / "ecrit.txt"
    app = create_app(site, SearchService(lambda: SearchEngine(index, taxonomy)), editor=editor)
    mount = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/edition")
    mount.app.router.routes.extend(_test_form_routes(written))  # type: ignore[attr-defined]
    with serving(app) as url:
        yield Server(url, state, written)


def _signs_in_page(response: httpx.Response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith(
        "/edition/connexion"
    )


def test_editor_is_closed_without_a_session_while_site_and_search_stay_public(
    server: Server, tmp_path: Path, repo_root: Path, taxonomy: Taxonomy
) -> None:
    # Every route the editor has (whatever the other parts add), every method it accepts.
    editor = Editor(repo_root / "mkdocs.yml", tmp_path, taxonomy, tmp_path / "autre")
    checked = 0
    for route in editor_app(editor).routes:
        if not isinstance(route, Route) or f"/edition{route.path}" in PUBLIC_PATHS:
            continue
        path = "/edition" + re.sub(r"\{[^}]+\}", "x", route.path)
        for method in sorted(route.methods or ()):
            body = {"data": {"a": "b"}} if method == "POST" else {}
            response = httpx.request(method, server.url + path, **body)  # type: ignore[arg-type]
            if path.startswith("/edition/api/"):
                assert response.status_code == 401, (method, path)
                assert "Reconnectez-vous" in response.json()["error"]["message"]
            else:
                assert _signs_in_page(response), (method, path, response.status_code)
            checked += 1
    assert checked >= 2  # at least the home page and sign-out
    for path in ("/edition/", "/edition/essai", "/edition/nulle-part", "/edition/api/x"):
        assert httpx.get(server.url + path).status_code in (303, 401), path
    moved = httpx.get(server.url + "/edition/essai")
    assert moved.headers["location"] == "/edition/connexion?suite=%2Fedition%2Fessai"
    assert httpx.get(server.url + "/").status_code == 200
    search = httpx.get(server.url + "/api/search", params={"q": "aide au logement"})
    assert search.status_code == 200
    assert search.json()["results"][0]["path"] == "procedures/caf/aide-au-logement.md"
    assert httpx.get(server.url + "/edition/static/editeur.css").status_code == 200
    sign_in_page = httpx.get(server.url + "/edition/connexion")
    assert sign_in_page.status_code == 200
    assert "Se connecter à l'édition" in page_text(sign_in_page)


def test_first_sign_in_link_sets_the_password_once_and_signs_in(server: Server) -> None:
    invitation = server.store().add("Awa Diallo", Role.RELECTEUR)
    link = first_sign_in_link(server.url, invitation.token)
    assert link.startswith(server.url + FIRST_SIGN_IN + "?jeton=")
    client = httpx.Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "Bienvenue, Awa Diallo" in page_text(page) and "awa-diallo" in page_text(page)
    fields = hidden_fields(page.text, "form")
    short = client.post(
        server.url + FIRST_SIGN_IN,
        data={**fields, "mot_de_passe": "court", "confirmation": "court"},
    )
    assert short.status_code == 400
    assert "12 caractères au moins" in page_text(short)
    fields = hidden_fields(short.text, "form")  # the refused form comes back with new fields
    chosen = client.post(
        server.url + FIRST_SIGN_IN,
        data={**fields, "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/edition/"
    cookie = chosen.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/edition" in cookie
    assert "Max-Age=43200" in cookie
    home = client.get(server.url + "/edition/")
    assert home.status_code == 200 and "Awa Diallo" in page_text(home)
    used = httpx.get(link)
    assert used.status_code == 410
    assert "Lien de connexion expiré" in page_text(used) and "Bienvenue" not in page_text(used)
    assert httpx.get(server.url + FIRST_SIGN_IN + "?jeton=invente").status_code == 410


def test_wrong_passwords_are_throttled_and_the_page_says_when_to_retry(server: Server) -> None:
    create_account(server.state_dir, "Awa Diallo")
    client = httpx.Client(base_url=server.url)
    for attempt in range(5):
        fields = hidden_fields(client.get("/edition/connexion").text)
        wrong = client.post(
            "/edition/connexion",
            data={**fields, "identifiant": "awa-diallo", "mot_de_passe": f"faux {attempt}"},
        )
        assert wrong.status_code == 401
        assert "Identifiant ou mot de passe incorrect" in page_text(wrong)
        assert SESSION_COOKIE not in client.cookies
    fields = hidden_fields(client.get("/edition/connexion").text)
    locked = client.post(
        "/edition/connexion",
        data={**fields, "identifiant": "Awa Diallo", "mot_de_passe": PASSWORD},  # the right one
    )
    assert locked.status_code == 429
    assert "réessayez dans 15 minutes" in page_text(locked)
    assert 800 < int(locked.headers["retry-after"]) <= 901
    assert SESSION_COOKIE not in client.cookies


def test_guesses_sent_at_once_are_throttled_too(server: Server) -> None:
    """Eight wrong passwords posted together: five are checked, three refused unchecked
    (counting only after each check would let all eight through)."""
    create_account(server.state_dir, "Awa Diallo")
    # Five argon2 checks at once on two busy cores can outlast httpx's 5 s default.
    client = httpx.Client(base_url=server.url, timeout=60)
    forms = [hidden_fields(client.get("/edition/connexion").text) for _ in range(8)]

    def guess(number: int) -> int:
        data = {**forms[number], "identifiant": "awa-diallo", "mot_de_passe": f"faux {number}"}
        return client.post("/edition/connexion", data=data).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(guess, range(8)))
    assert statuses == [401] * 5 + [429] * 3


def test_forged_tampered_and_expired_session_cookies_are_refused(server: Server) -> None:
    account = create_account(server.state_dir, "Awa Diallo")
    client = sign_in(server.url, account.login)
    good = client.cookies[SESSION_COOKIE]
    assert client.get("/edition/").status_code == 200

    def with_cookie(value: str) -> httpx.Response:
        return httpx.get(server.url + "/edition/", cookies={SESSION_COOKIE: value})

    assert with_cookie(good).status_code == 200
    payload, _, signature = good.rpartition(".")
    # The first character: the last one of a base64 signature partly holds padding bits.
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert _signs_in_page(with_cookie(f"{payload}.{flipped}"))
    # Someone else's login in the claims, under the original signature.
    admin = create_account(server.state_dir, "Marc Petit", Role.ADMIN)
    claims_part, _, stamp = payload.partition(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims_part + "=" * (-len(claims_part) % 4)))
    decoded["c"] = admin.login
    swapped = base64.urlsafe_b64encode(json.dumps(decoded, separators=(",", ":")).encode())
    assert _signs_in_page(with_cookie(f"{swapped.decode().rstrip('=')}.{stamp}.{signature}"))
    key = session_secret(server.state_dir)
    generation = AccountStore(server.state_dir).get("awa-diallo")
    assert generation is not None
    claims = {"c": "awa-diallo", "g": generation.session_generation, "t": "x"}
    # Signed with the site's key and the right claims: accepted (the forgeries below differ
    # from it only by what each one tests).
    honest = URLSafeTimedSerializer(key, salt="entraide-session")
    assert with_cookie(honest.dumps(claims)).status_code == 200
    other_key = URLSafeTimedSerializer(b"0" * 32, salt="entraide-session")
    assert _signs_in_page(with_cookie(other_key.dumps(claims)))
    form_signer = URLSafeTimedSerializer(key, salt="entraide-formulaire")  # a form token's signer
    assert _signs_in_page(with_cookie(form_signer.dumps(claims)))

    class ThirteenHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 13 * 3600

    class ElevenHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 11 * 3600

    def signed_at(signer: type[TimestampSigner]) -> str:
        return URLSafeTimedSerializer(key, salt="entraide-session", signer=signer).dumps(claims)

    assert with_cookie(signed_at(ElevenHoursAgo)).status_code == 200
    assert _signs_in_page(with_cookie(signed_at(ThirteenHoursAgo)))


def test_removed_account_and_new_password_end_open_sessions(server: Server) -> None:
    awa = sign_in(server.url, create_account(server.state_dir, "Awa Diallo").login)
    marc = sign_in(server.url, create_account(server.state_dir, "Marc Petit").login)
    store = server.store()
    store.remove("awa-diallo")
    assert _signs_in_page(awa.get("/edition/"))
    assert marc.get("/edition/").status_code == 200
    store.redeem(store.invite("marc-petit").token, "un tout nouveau mot de passe")
    assert _signs_in_page(marc.get("/edition/"))


def test_sign_out_ends_the_session_and_copies_of_its_cookie(server: Server) -> None:
    client = signed_in(server.url, server.state_dir, "Awa Diallo")
    copy = client.cookies[SESSION_COOKIE]
    home = client.get("/edition/")
    fields = hidden_fields(home.text, 'form[action="/edition/deconnexion"]')
    out = client.post("/edition/deconnexion", data=fields)
    assert out.status_code == 303 and out.headers["location"] == "/edition/connexion?fin=1"
    assert "Vous êtes déconnecté·e" in page_text(client.get("/edition/connexion?fin=1"))
    assert _signs_in_page(httpx.get(server.url + "/edition/", cookies={SESSION_COOKIE: copy}))


def test_posts_without_the_csrf_token_are_refused_in_french_and_write_nothing(
    server: Server,
) -> None:
    client = signed_in(server.url, server.state_dir, "Awa Diallo")
    accounts_before = (server.state_dir / "comptes.json").read_bytes()
    fields = hidden_fields(client.get("/edition/essai").text)
    for missing in ("csrf", "formulaire"):
        partial = {name: value for name, value in fields.items() if name != missing}
        refused = client.post("/edition/essai", data=partial)
        assert refused.status_code == 403, missing
        assert "Formulaire refusé" in page_text(refused) and "Rien n'a été enregistré" in page_text(
            refused
        )
    out = client.post("/edition/deconnexion", data={"a": "b"})
    assert out.status_code == 403 and "Formulaire refusé" in page_text(out)
    assert client.get("/edition/").status_code == 200  # still signed in: sign-out refused
    assert not server.written.exists()
    assert (server.state_dir / "comptes.json").read_bytes() == accounts_before
    # Another person's valid fields do not work in this session either.
    marc = signed_in(server.url, server.state_dir, "Marc Petit")
    marc_fields = hidden_fields(marc.get("/edition/essai").text)
    assert client.post("/edition/essai", data=marc_fields).status_code == 403
    assert not server.written.exists()
    # A sign-in post without the form's own cookie and token (as from another site).
    create_account(server.state_dir, "Zoé Martin")
    foreign = httpx.post(
        server.url + "/edition/connexion",
        data={"identifiant": "zoe-martin", "mot_de_passe": PASSWORD},
    )
    assert foreign.status_code == 403 and "Formulaire refusé" in page_text(foreign)
    assert SESSION_COOKIE not in foreign.cookies


def test_a_replayed_form_is_refused(server: Server) -> None:
    client = signed_in(server.url, server.state_dir, "Awa Diallo")
    fields = hidden_fields(client.get("/edition/essai").text)
    assert client.post("/edition/essai", data=fields).text == "enregistré"
    replayed = client.post("/edition/essai", data=fields)
    assert replayed.status_code == 409
    assert "déjà été envoyé" in page_text(replayed)
    assert server.written.read_text(encoding="utf-8") == "awa-diallo\n"
    fresh = hidden_fields(client.get("/edition/essai").text)
    assert client.post("/edition/essai", data=fresh).status_code == 200
    # The sign-in form too: its post signs in once, never twice.
    create_account(server.state_dir, "Marc Petit")
    browser = httpx.Client(base_url=server.url)
    sign_in_fields = hidden_fields(browser.get("/edition/connexion").text)
    form = {**sign_in_fields, "identifiant": "marc-petit", "mot_de_passe": PASSWORD}
    form_cookie = browser.cookies[FORM_COOKIE]
    assert browser.post("/edition/connexion", data=form).status_code == 303
    again = httpx.post(
        server.url + "/edition/connexion", data=form, cookies={FORM_COOKIE: form_cookie}
    )
    assert again.status_code == 409 and SESSION_COOKIE not in again.cookies


def test_a_page_for_reviewers_refuses_a_contributor_in_french(server: Server) -> None:
    contributor = signed_in(server.url, server.state_dir, "Awa Diallo", Role.CONTRIBUTEUR)
    refused = contributor.get("/edition/relecture-essai")
    assert refused.status_code == 403
    assert "ne permet pas de relire" in page_text(refused)
    assert "<html" in refused.text  # the editor's French error page, not a 500
    reviewer = signed_in(server.url, server.state_dir, "Marc Petit", Role.RELECTEUR)
    assert reviewer.get("/edition/relecture-essai").text == "Marc Petit"


def test_sign_in_goes_back_to_the_page_asked_for_and_never_elsewhere(server: Server) -> None:
    account = create_account(server.state_dir, "Awa Diallo")
    for asked, expected in (
        ("/edition/essai", "/edition/essai"),
        ("//ailleurs.example/edition/", "/edition/"),
        ("https://ailleurs.example/", "/edition/"),
    ):
        client = httpx.Client(base_url=server.url)
        page = client.get("/edition/connexion", params={"suite": asked})
        fields = hidden_fields(page.text)
        done = client.post(
            "/edition/connexion",
            data={**fields, "identifiant": account.login, "mot_de_passe": PASSWORD},
        )
        assert done.headers["location"] == expected, asked


def test_an_unreadable_accounts_file_gives_a_french_page_not_a_500(server: Server) -> None:
    client = signed_in(server.url, server.state_dir, "Awa Diallo")
    newcomer = httpx.Client(base_url=server.url)
    fields = hidden_fields(newcomer.get("/edition/connexion").text)
    (server.state_dir / "comptes.json").write_text("{abîmé", encoding="utf-8")
    page = client.get("/edition/")
    assert page.status_code == 503
    assert "Les comptes de l'éditeur sont illisibles" in page_text(page)
    assert "<html" in page.text
    assert str(server.state_dir) not in page.text
    signing = newcomer.post(
        "/edition/connexion",
        data={**fields, "identifiant": "awa-diallo", "mot_de_passe": PASSWORD},
    )
    assert signing.status_code == 503 and "illisibles" in page_text(signing)
