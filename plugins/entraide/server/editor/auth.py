"""Who is signed in to the editor, and proof that a posted form comes from the editor.

- **Sessions**: a cookie signed with the site's key (itsdangerous), carrying the
  login, the account's session generation and the session's CSRF token. It
  expires after :data:`SESSION_LIFETIME`, and before that as soon as the account
  is removed, chooses a new password or signs out (the generation moves on).
  ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other site sends
  it), ``Path=/edition`` (the published site never sees it).
- **Forms**: every POST carries the session's CSRF token, compared in constant
  time; forms that change something also carry a one-time token issued with
  the form (:func:`csrf_fields`): signed, bound to the session, refused a second
  time, and refused once the server has restarted.
- **Sign-in forms**, posted before any session exists, are bound to a cookie of
  their own, so another site cannot sign a visitor in to someone else's account.
- **The gate** (:class:`SessionGate`): everything under ``/edition/`` except the
  sign-in pages and the static files needs a session; it is the one place that
  says so, so a page added later cannot be public by mistake.

Other parts of the editor call :func:`current_account`, :func:`require`,
:func:`csrf_fields` and :func:`verify_form`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import urlencode

import anyio.to_thread
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from entraide.accounts.account import Account
from entraide.accounts.errors import AccountError
from entraide.accounts.names import MAX_DISPLAY_NAME, login_of
from entraide.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordError
from entraide.accounts.roles import Permission
from entraide.accounts.secret import session_secret
from entraide.accounts.store import AccountStore, AccountStoreError, TokenError
from entraide.accounts.throttle import LoginThrottle, ThrottledError
from entraide.server.editor import paths
from entraide.server.editor.errors import EditorError
from entraide.server.editor.paths import route_path
from entraide.server.editor.posted import read_form

if TYPE_CHECKING:  # app.py builds the editor from this module: no import cycle at run time
    from entraide.server.editor.app import Editor

log = logging.getLogger("entraide.server.editor.auth")
T = TypeVar("T")

FIRST_SIGN_IN: Final = f"{paths.PREFIX}/premiere-connexion"
# Reachable without a session: the two ways to get one, and the stylesheet they use.
PUBLIC_PATHS: Final = frozenset({paths.SIGN_IN, FIRST_SIGN_IN})
PUBLIC_PREFIXES: Final = (f"{paths.STATIC}/",)

SESSION_COOKIE: Final = "entraide_session"
FORM_COOKIE: Final = "entraide_formulaire"
CSRF_FIELD: Final = "csrf"
NONCE_FIELD: Final = "formulaire"
# A working day at the desk; a session is not meant to outlive it.
SESSION_LIFETIME: Final = timedelta(hours=12)
# Long enough to write a page in the form, short enough that an old tab's form is refused.
FORM_LIFETIME: Final = timedelta(hours=4)

_SCOPE_SESSION: Final = "entraide.session"
_COOKIE_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]{32,64}")

NO_SESSION: Final = (
    "Vous n'êtes pas connecté·e, ou votre session a pris fin. Reconnectez-vous, puis recommencez."
)
FORGED_FORM: Final = (
    "Formulaire refusé : il n'a pas été envoyé depuis une page de l'éditeur, ou votre "
    "session a changé depuis. Rien n'a été enregistré : rechargez la page et recommencez."
)
EXPIRED_FORM: Final = (
    "Formulaire expiré : la page a été ouverte il y a trop longtemps, ou le serveur a "
    "redémarré depuis. Rien n'a été enregistré : rechargez la page et recommencez."
)
REPLAYED_FORM: Final = (
    "Ce formulaire a déjà été envoyé : il n'est pas pris en compte une seconde fois. "
    "Rechargez la page pour voir où en est votre demande."
)
ACCOUNTS_UNAVAILABLE: Final = (
    "Les comptes de l'éditeur sont illisibles sur ce serveur : la personne qui l'administre "
    "trouvera le détail dans le terminal d'entraide serve."
)
WRONG_CREDENTIALS: Final = (
    "Identifiant ou mot de passe incorrect. Après plusieurs essais manqués, la connexion "
    "est suspendue quelques minutes."
)


def first_sign_in_link(address: str, token: str) -> str:
    """The link ``entraide users add`` prints, for a server reachable at ``address``."""
    return f"{address.rstrip('/')}{FIRST_SIGN_IN}?{urlencode({'jeton': token})}"


@dataclass(frozen=True)
class Session:
    account: Account
    csrf_token: str


class EditorAuth:
    """Sessions, form tokens and the sign-in throttle of one site, for one server process."""

    def __init__(
        self,
        store: AccountStore,
        secret: bytes,
        throttle: LoginThrottle | None = None,
        *,
        session_lifetime: timedelta = SESSION_LIFETIME,
        form_lifetime: timedelta = FORM_LIFETIME,
    ) -> None:
        self.store = store
        self.throttle = throttle or LoginThrottle()
        self.session_lifetime = session_lifetime
        self.form_lifetime = form_lifetime
        self._sessions = URLSafeTimedSerializer(secret, salt="entraide-session")
        self._forms = URLSafeTimedSerializer(secret, salt="entraide-formulaire")
        # Form tokens name the process that issued them: after a restart, which forgets the
        # tokens already used, every earlier form is refused rather than possibly replayed.
        self._process = secrets.token_hex(8)
        self._used: dict[str, float] = {}
        self._used_lock = threading.Lock()

    @classmethod
    def for_state_dir(cls, folder: Path) -> EditorAuth:
        return cls(AccountStore(folder), session_secret(folder))

    # Sessions

    def session(self, request: Request) -> Session | None:
        """The request's valid session, read once per request."""
        if _SCOPE_SESSION not in request.scope:
            request.scope[_SCOPE_SESSION] = self._read_session(request.cookies.get(SESSION_COOKIE))
        session: Session | None = request.scope[_SCOPE_SESSION]
        return session

    def _read_session(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = self._sessions.loads(cookie, max_age=int(self.session_lifetime.total_seconds()))
        except BadSignature:  # forged, altered, expired or from another key
            return None
        if not (
            isinstance(data, dict)
            and isinstance(data.get("c"), str)
            and isinstance(data.get("g"), int)
            and isinstance(data.get("t"), str)
        ):
            return None
        account = _accounts(lambda: self.store.get(data["c"]))
        if account is None or not account.has_password or account.session_generation != data["g"]:
            return None
        return Session(account, data["t"])

    def open_session(self, response: Response, request: Request, account: Account) -> None:
        """Sign ``account`` in on ``response``, with a fresh CSRF token (no session fixation)."""
        value = self._sessions.dumps(
            {"c": account.login, "g": account.session_generation, "t": secrets.token_urlsafe(32)}
        )
        _set_cookie(response, request, SESSION_COOKIE, value, self.session_lifetime)

    # Forms

    def issue_form_token(self, binding: str) -> str:
        """A one-time token for a form, valid only with ``binding`` (the CSRF token)."""
        return self._forms.dumps(
            {"n": secrets.token_urlsafe(16), "b": _digest(binding), "p": self._process}
        )

    def check_form(self, form: Mapping[str, str], binding: str | None, *, once: bool) -> None:
        """Raise :class:`EditorError` unless ``form`` carries ``binding`` as its CSRF token and,
        with ``once``, an unused form token issued for it."""
        posted = form.get(CSRF_FIELD, "")
        if not binding or not hmac.compare_digest(posted.encode(), binding.encode()):
            raise EditorError(403, FORGED_FORM)
        if once:
            self._consume(form.get(NONCE_FIELD, ""), binding)

    def _consume(self, token: str, binding: str) -> None:
        try:
            data = self._forms.loads(token, max_age=int(self.form_lifetime.total_seconds()))
        except SignatureExpired:
            raise EditorError(403, EXPIRED_FORM) from None
        except BadSignature:
            raise EditorError(403, FORGED_FORM) from None
        if not (isinstance(data, dict) and all(isinstance(data.get(k), str) for k in "nbp")):
            raise EditorError(403, FORGED_FORM)
        if not hmac.compare_digest(data["b"], _digest(binding)):
            raise EditorError(403, FORGED_FORM)
        if data["p"] != self._process:
            raise EditorError(403, EXPIRED_FORM)
        now = time.monotonic()
        with self._used_lock:
            for used, until in list(self._used.items()):
                if until < now:
                    del self._used[used]
            if data["n"] in self._used:
                raise EditorError(409, REPLAYED_FORM)
            self._used[data["n"]] = now + self.form_lifetime.total_seconds()

    # What every editor page shows of the session

    def template_context(self, request: Request) -> dict[str, Any]:
        try:
            session = self.session(request)
        except EditorError:
            return {}
        if session is None:
            return {}
        return {
            "account": session.account,
            "signed_in_name": session.account.display_name,
            "is_reviewer": session.account.may(Permission.REVIEW),
            "is_admin": session.account.may(Permission.MANAGE_ACCOUNTS),
            "csrf_token": session.csrf_token,
        }


# Helpers for the editor's other pages


def editor_auth(request: Request) -> EditorAuth:
    auth: EditorAuth = request.app.state.editor.auth
    return auth


def current_account(request: Request) -> Account | None:
    """The signed-in account, or None."""
    session = editor_auth(request).session(request)
    return session.account if session else None


def require(request: Request, permission: Permission) -> Account:
    """The signed-in account if it may do ``permission``; otherwise an :class:`EditorError`
    (401 without a session, 403 with a role that does not allow it), never a 500."""
    account = current_account(request)
    if account is None:
        raise EditorError(401, NO_SESSION)
    if not account.may(permission):
        raise EditorError(
            403,
            f"Votre compte ({account.role.label}) ne permet pas de {permission.label}. "
            "Demandez ce droit à la personne qui gère les comptes.",
        )
    return account


def csrf_fields(request: Request) -> dict[str, str]:
    """The hidden fields a form of a signed-in page carries (name -> value): the session's
    CSRF token and a fresh one-time form token. In a template::

        {% for name, value in fields.items() %}
        <input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
    """
    auth = editor_auth(request)
    session = auth.session(request)
    if session is None:
        raise EditorError(401, NO_SESSION)
    return {CSRF_FIELD: session.csrf_token, NONCE_FIELD: auth.issue_form_token(session.csrf_token)}


def verify_form(request: Request, form: Mapping[str, str], *, once: bool = True) -> Account:
    """The signed-in account that posted ``form``, or an :class:`EditorError` in French.

    ``once=False`` only for posts that may repeat harmlessly (sign-out, the live
    check and preview): they carry the CSRF token (``csrf_token`` in templates,
    also in ``<meta name="entraide-csrf">``) but no one-time token.
    """
    auth = editor_auth(request)
    session = auth.session(request)
    if session is None:
        raise EditorError(401, NO_SESSION)
    auth.check_form(form, session.csrf_token, once=once)
    return session.account


class SessionGate:
    """Refuses every editor address but :data:`PUBLIC_PATHS` to requests without a session:
    pages redirect to the sign-in page (and back after it), the editor's API answers 401."""

    def __init__(self, app: ASGIApp, editor: Editor) -> None:
        self.app = app
        self.editor = editor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            session = self.editor.auth.session(request)
        except EditorError as exc:
            from entraide.server.editor.app import error_response  # app.py imports this module

            await error_response(request, self.editor, exc.status, exc.message)(
                scope, receive, send
            )
            return
        if session is not None:
            await self.app(scope, receive, send)
            return
        response: Response
        if path.startswith(f"{paths.PREFIX}/api/"):
            response = JSONResponse({"error": {"status": 401, "message": NO_SESSION}}, 401)
        else:
            # Back to the page asked for, with its query (``/edition/modifier?page=…``).
            target = f"{path}?{request.url.query}" if request.url.query else path
            query = urlencode({"suite": target}) if _safe_next(target) != paths.HOME else ""
            response = RedirectResponse(f"{paths.SIGN_IN}?{query}".rstrip("?"), 303)
        await response(scope, receive, send)


# The sign-in pages


class SignInPages:
    def __init__(self, editor: Editor, auth: EditorAuth) -> None:
        self.editor = editor
        self.auth = auth

    def _anonymous_form(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200
    ) -> Response:
        """A form shown before any session, bound to a cookie of its own (kept if present)."""
        binding = _form_cookie(request) or secrets.token_urlsafe(32)
        fields = {CSRF_FIELD: binding, NONCE_FIELD: self.auth.issue_form_token(binding)}
        response = self.editor.render(request, template, {**context, "fields": fields}, status)
        _set_cookie(response, request, FORM_COOKIE, binding, self.auth.form_lifetime)
        return response

    def _sign_in_form(
        self,
        request: Request,
        *,
        error: str = "",
        name: str = "",
        next_path: str = paths.HOME,
        status: int = 200,
    ) -> Response:
        notice = "Vous êtes déconnecté·e." if "fin" in request.query_params else ""
        context = {"error": error, "name": name, "next": next_path, "notice": notice}
        return self._anonymous_form(request, "connexion.html", context, status)

    async def sign_in(self, request: Request) -> Response:
        if request.method != "POST":
            next_path = _safe_next(request.query_params.get("suite", ""))
            if self.auth.session(request) is not None:
                return RedirectResponse(next_path, 303)
            return self._sign_in_form(request, next_path=next_path)
        form = await read_form(request)
        name = form.get("identifiant", "").strip()[: MAX_DISPLAY_NAME * 2]
        next_path = _safe_next(form.get("suite", ""))
        try:
            self.auth.check_form(form, _form_cookie(request), once=True)
        except EditorError as exc:
            return self._sign_in_form(
                request, error=exc.message, name=name, next_path=next_path, status=exc.status
            )
        key = _throttle_key(name)
        address = request.client.host if request.client else "inconnue"
        try:
            started = self.auth.throttle.begin(key, address)
        except ThrottledError as exc:
            response = self._sign_in_form(
                request, error=str(exc), name=name, next_path=next_path, status=429
            )
            response.headers["Retry-After"] = str(int(exc.retry_after) + 1)
            return response
        password = form.get("mot_de_passe", "")
        account = await anyio.to_thread.run_sync(
            lambda: _accounts(lambda: self.auth.store.authenticate(name, password))
        )
        if account is None:
            return self._sign_in_form(
                request, error=WRONG_CREDENTIALS, name=name, next_path=next_path, status=401
            )
        self.auth.throttle.succeeded(key, address, started)
        response = RedirectResponse(next_path, 303)
        self.auth.open_session(response, request, account)
        response.delete_cookie(FORM_COOKIE, path=paths.PREFIX)
        return response

    def _first_form(
        self, request: Request, token: str, *, error: str = "", status: int = 200
    ) -> Response:
        account = _accounts(lambda: self.auth.store.account_for_token(token)) if token else None
        if account is None:
            return self.editor.render(
                request, "premiere-connexion.html", {"account": None}, status=410
            )
        context = {
            "account": account,
            "token": token,
            "error": error,
            "action": FIRST_SIGN_IN,
            "min_length": MIN_PASSWORD_LENGTH,
            "max_length": MAX_PASSWORD_LENGTH,
        }
        return self._anonymous_form(request, "premiere-connexion.html", context, status)

    async def first_sign_in(self, request: Request) -> Response:
        if request.method != "POST":
            return self._first_form(request, request.query_params.get("jeton", "")[:200])
        form = await read_form(request)
        token = form.get("jeton", "")[:200]
        try:
            self.auth.check_form(form, _form_cookie(request), once=True)
        except EditorError as exc:
            return self._first_form(request, token, error=exc.message, status=exc.status)
        password = form.get("mot_de_passe", "")
        if password != form.get("confirmation", ""):
            return self._first_form(
                request,
                token,
                error="Les deux mots de passe saisis sont différents : recommencez.",
                status=400,
            )
        try:
            account = await anyio.to_thread.run_sync(
                lambda: _accounts(lambda: self.auth.store.redeem(token, password))
            )
        except PasswordError as exc:
            return self._first_form(request, token, error=as_sentence(str(exc)), status=400)
        except TokenError:
            return self._first_form(request, "")
        response = RedirectResponse(paths.HOME, 303)
        self.auth.open_session(response, request, account)
        response.delete_cookie(FORM_COOKIE, path=paths.PREFIX)
        return response

    def _password_form(
        self, request: Request, *, error: str = "", notice: str = "", status: int = 200
    ) -> Response:
        context = {
            "fields": csrf_fields(request),
            "error": error,
            "notice": notice,
            "min_length": MIN_PASSWORD_LENGTH,
            "max_length": MAX_PASSWORD_LENGTH,
        }
        return self.editor.render(request, "mot-de-passe.html", context, status)

    async def password(self, request: Request) -> Response:
        """Change one's password (the current one first); the other sessions end."""
        if request.method != "POST":
            return self._password_form(request)
        form = await read_form(request)
        account = verify_form(request, form)
        new = form.get("mot_de_passe", "")
        if new != form.get("confirmation", ""):
            return self._password_form(
                request, error="Les deux nouveaux mots de passe sont différents.", status=400
            )
        address = request.client.host if request.client else "inconnue"
        try:
            started = self.auth.throttle.begin(account.login, address)
        except ThrottledError as exc:
            return self._password_form(request, error=str(exc), status=429)
        current = form.get("actuel", "")
        try:
            changed = await anyio.to_thread.run_sync(
                lambda: _accounts(
                    lambda: self.auth.store.change_password(account.login, current, new)
                )
            )
        except PasswordError as exc:
            return self._password_form(request, error=as_sentence(str(exc)), status=400)
        if changed is None:
            return self._password_form(
                request, error="Le mot de passe actuel n'est pas le bon.", status=401
            )
        self.auth.throttle.succeeded(account.login, address, started)
        response = RedirectResponse(f"{paths.PASSWORD}?fait=1", 303)
        self.auth.open_session(response, request, changed)
        return response

    async def sign_out(self, request: Request) -> Response:
        account = verify_form(request, await read_form(request), once=False)
        # Every session of the account ends, so a copied cookie dies with the one signed out.
        _accounts(lambda: self.auth.store.end_sessions(account.login))
        response = RedirectResponse(f"{paths.SIGN_IN}?fin=1", 303)
        response.delete_cookie(SESSION_COOKIE, path=paths.PREFIX)
        return response


def routes(editor: Editor) -> list[BaseRoute]:
    """The sign-in, first sign-in and sign-out routes, below the editor's prefix."""
    auth = editor.auth
    if auth.template_context not in editor.context_hooks:
        editor.context_hooks.append(auth.template_context)
    pages = SignInPages(editor, auth)
    return [
        Route(route_path(paths.SIGN_IN), pages.sign_in, methods=["GET", "POST"]),
        Route(route_path(FIRST_SIGN_IN), pages.first_sign_in, methods=["GET", "POST"]),
        Route(route_path(paths.SIGN_OUT), pages.sign_out, methods=["POST"]),
        Route(route_path(paths.PASSWORD), pages.password, methods=["GET", "POST"]),
    ]


def _accounts(read: Callable[[], T]) -> T:
    """Run a store call; an unreadable accounts file becomes a French refusal (the detail,
    with the file's path, goes to the server's terminal, not to the visitor)."""
    try:
        return read()
    except AccountStoreError as exc:
        log.error("%s", exc)
        raise EditorError(503, ACCOUNTS_UNAVAILABLE) from exc


def _set_cookie(
    response: Response, request: Request, name: str, value: str, lifetime: timedelta
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(lifetime.total_seconds()),
        path=paths.PREFIX,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def as_sentence(message: str) -> str:
    """A domain message (written to follow « Erreur : ») as a sentence on its own."""
    return message[:1].upper() + message[1:]


def _form_cookie(request: Request) -> str | None:
    value = request.cookies.get(FORM_COOKIE)
    return value if value and _COOKIE_SHAPE.fullmatch(value) else None


def _digest(binding: str) -> str:
    return hashlib.sha256(binding.encode()).hexdigest()[:32]


def _throttle_key(name: str) -> str:
    """One key per account whatever way it was typed (login or display name)."""
    try:
        return login_of(name)
    except AccountError:
        return name.lower()


def _safe_next(path: str) -> str:
    """Where to go after signing in: an editor page of this server, never elsewhere."""
    if (
        path.startswith(paths.HOME)
        and "//" not in path
        and "\\" not in path
        and path not in PUBLIC_PATHS
        and path != paths.SIGN_OUT
    ):
        return path
    return paths.HOME
