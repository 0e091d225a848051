"""The ASGI application: the built site, and the search API beside it.

Starlette's ``StaticFiles`` resolves paths inside the site folder and refuses
anything outside it, so path traversal is handled by a maintained library
rather than by us; we only add a refusal of hidden files and French errors.

Routes:

- ``GET /api/search?q=&limit=&KEY=VALUE``: the object ``entraide search --json``
  prints; ``KEY`` is one of ``type``, ``mediation``, ``themes``,
  ``organisations``, ``publics`` (repeatable: any of the values of a key, and
  every key); unknown parameters are ignored. Bounds in
  :mod:`entraide.server.limits`.
- ``GET /api/labels``: what people read for each facet value.
- ``/edition/…``: the browser editor, only when given an ``editor``
  (``entraide serve --edit``); its routes, and only they, also accept POST.
- everything else: the static site (its ``404.html`` for unknown pages).

Errors under ``/api/`` are JSON ``{"error": {"status", "code", "message"}}``
with a French message; no input produces a 500.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entraide.safety.csp import SITE_POLICY_FILE
from entraide.server.editor import paths as editor_paths
from entraide.server.editor.app import EDITOR_HEADERS, Editor, editor_app
from entraide.server.limits import DEFAULT_LIMITS, Limits
from entraide.server.query import ApiError, parse_search_params
from entraide.server.search_service import SearchService

log = logging.getLogger("entraide.server")

MESSAGES: dict[int, str] = {
    400: "Requête invalide.",
    401: "Accès refusé.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non permise : seules GET et HEAD sont acceptées.",
    414: "Adresse trop longue.",
    500: "Erreur interne du serveur : le détail est dans le terminal d'entraide serve.",
    503: "Service momentanément indisponible : réessayez dans un instant.",
}

# Every route, API and site alike, answers these methods and no other (405 says so);
# only the editor's routes, when it is on, also accept POST.
ALLOWED = "GET, HEAD"

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
)
API_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
)


class SiteFiles(StaticFiles):
    """The site folder, minus hidden files (build stamps) and with OS errors as 404."""

    def lookup_path(self, path: str) -> tuple[str, Any]:
        parts = path.replace("\\", "/").split("/")
        if any(part.startswith(".") and part != "." for part in parts):
            return "", None
        try:
            return super().lookup_path(path)
        except OSError:
            return "", None


def relative_location(location: bytes) -> bytes:
    """A redirect's target as a path on this server, whatever ``Host:`` the request carried.

    Starlette builds redirects (``/faq`` → ``/faq/``) from the request's URL, so a
    forged ``Host:`` header chose where visitors were sent. Leading slashes and
    backslashes collapse to one, so ``//other.example`` never becomes a
    protocol-relative address.
    """
    parts = urlsplit(location.decode("latin-1"))
    path = "/" + parts.path.lstrip("/\\")
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{path}{query}{fragment}".encode("latin-1")


class SecurityHeaders:
    """Headers on every response; API responses are never cached nor rendered as pages;
    redirects stay on this server (:func:`relative_location`).

    Site responses carry the Content-Security-Policy the build wrote beside the site
    (:data:`~entraide.safety.csp.SITE_POLICY_FILE`), read again on each response since
    a rebuild may change the theme's inline-script hashes. With ``editor`` on, the
    editor's pages carry its own stricter policy instead.
    """

    def __init__(
        self, app: ASGIApp, policy_file: Path | None = None, *, editor: bool = False
    ) -> None:
        self.app = app
        self.policy_file = policy_file
        self.editor = editor

    def _site_policy(self) -> tuple[tuple[bytes, bytes], ...]:
        if self.policy_file is None:
            return ()
        try:
            policy = self.policy_file.read_text(encoding="utf-8").strip()
        except OSError:
            return ()
        return ((b"content-security-policy", f"{policy}; frame-ancestors 'self'".encode()),)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = SECURITY_HEADERS
        path = str(scope.get("path", ""))
        if path.startswith("/api/"):
            extra = extra + API_HEADERS
        elif self.editor and editor_paths.is_editor_path(path):
            extra = extra + EDITOR_HEADERS
        else:
            extra = extra + self._site_policy()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if 300 <= message["status"] < 400:
                    headers = [
                        (name, relative_location(value) if name.lower() == b"location" else value)
                        for name, value in headers
                    ]
                message["headers"] = headers + list(extra)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(request: Request, status: int, message: str | None = None, code: str = "") -> Response:
    text = message or MESSAGES.get(status, "Erreur.")
    headers = (
        {"Retry-After": "1"} if status == 503 else {"Allow": ALLOWED} if status == 405 else None
    )
    if request.url.path.startswith("/api/"):
        error = ApiError(status, code or f"http-{status}", text)
        return JSONResponse(error.as_dict(), status_code=status, headers=headers)
    return PlainTextResponse(text, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = 404 if exc.status_code in (401, 403) else exc.status_code
    return _error(request, status)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("Erreur inattendue pour %s", request.url.path, exc_info=exc)
    return _error(request, 500)


class SearchEndpoints:
    """The API's handlers, sharing one engine and one bound on waiting searches.

    Searches run in worker threads of their own limiter (``concurrent_searches``
    at once), separate from the limiter of the threads the site's files are read
    in: a crowd of searches waits without taking anything a page needs.
    """

    def __init__(
        self, search: SearchService | None, labels: Mapping[str, Any], limits: Limits
    ) -> None:
        self.search_service = search
        self.labels = labels
        self.limits = limits
        self.pending = 0
        self._limiter: anyio.CapacityLimiter | None = None

    def _search_limiter(self) -> anyio.CapacityLimiter:
        """Made on first use, inside the server's event loop (anyio needs one)."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(max(1, self.limits.concurrent_searches))
        return self._limiter

    async def search(self, request: Request) -> Response:
        if len(request.scope.get("query_string", b"")) > self.limits.max_query_string_bytes:
            return _error(
                request,
                414,
                "Adresse trop longue : "
                f"{self.limits.max_query_string_bytes} octets de paramètres au plus.",
                "adresse-trop-longue",
            )
        if self.search_service is None:
            return _error(
                request, 503, "La recherche n'est pas activée sur ce serveur.", "recherche-absente"
            )
        try:
            parsed = parse_search_params(request.query_params.multi_items(), self.limits)
        except ApiError as exc:
            return JSONResponse(exc.as_dict(), status_code=exc.status)
        cached = self.search_service.cached_json(parsed)
        if cached is not None:
            return Response(cached, media_type="application/json")
        if self.pending >= self.limits.max_pending_searches:
            return _error(
                request,
                503,
                "Trop de recherches en même temps : réessayez dans un instant.",
                "serveur-occupe",
            )
        self.pending += 1
        try:
            # The search waits for its turn here, in the event loop, and only then takes a
            # thread: waiting searches never fill the thread pool the site's files are read in.
            body = await anyio.to_thread.run_sync(
                self.search_service.search_json, parsed, limiter=self._search_limiter()
            )
        except ApiError as exc:
            headers = {"Retry-After": "5"} if exc.status == 503 else None
            return JSONResponse(exc.as_dict(), status_code=exc.status, headers=headers)
        finally:
            self.pending -= 1
        return Response(body, media_type="application/json")

    async def label_values(self, request: Request) -> Response:
        return JSONResponse(self.labels)

    async def not_found(self, request: Request) -> Response:
        return _error(request, 404, "Adresse inconnue de l'API de recherche.", "api-inconnue")


async def _to_editor_home(request: Request) -> Response:
    return RedirectResponse(editor_paths.HOME, status_code=307)


def create_app(
    site_dir: Path,
    search: SearchService | None = None,
    *,
    labels: Mapping[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_startup: Callable[[], None] | None = None,
    on_shutdown: Callable[[], None] | None = None,
    editor: Editor | None = None,
) -> Starlette:
    """The server's application; ``editor`` adds the browser editor under ``/edition/``."""
    endpoints = SearchEndpoints(search, labels or {}, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if on_startup is not None:
            on_startup()
        try:
            yield
        finally:
            if on_shutdown is not None:
                on_shutdown()

    api = [
        Route("/search", endpoints.search, methods=["GET"]),
        Route("/labels", endpoints.label_values, methods=["GET"]),
        Route("/{rest:path}", endpoints.not_found, methods=["GET"]),
    ]
    routes: list[BaseRoute] = [Mount("/api", routes=api)]
    if editor is not None:
        routes += [
            Route(editor_paths.PREFIX, _to_editor_home, methods=["GET"]),
            Mount(editor_paths.PREFIX, app=editor_app(editor)),
        ]
    site: ASGIApp = SiteFiles(directory=site_dir, html=True)
    if editor is not None:
        site = editor.site_links(site)
    routes.append(Mount("/", app=site))
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.add_middleware(
        SecurityHeaders, policy_file=site_dir / SITE_POLICY_FILE, editor=editor is not None
    )
    app.state.search_endpoints = endpoints  # what is running or waiting, for tests and probes
    return app
