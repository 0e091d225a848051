"""Composition of the editor: one Starlette application for everything under ``/edition/``.

:func:`entraide.server.app.create_app` mounts :func:`editor_app` when it is given
an :class:`Editor` (``entraide serve --edit``); without one, nothing of this
package is reachable and the server answers GET and HEAD only, as before.

Each part of the editor (sign-in, forms, review) is a module exposing
``routes(editor) -> list[BaseRoute]``, listed in :data:`ROUTE_MODULES`; its
paths are relative to the prefix (use :func:`route_path` on the constants of
:mod:`.paths`). A part that puts something in every page (the signed-in name,
the CSRF token) registers a function in :attr:`Editor.context_hooks`.
Templates are rendered with :meth:`Editor.render`, which always passes
``request``, ``paths`` and what the hooks return.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from entraide.content.taxonomy import Taxonomy
from entraide.editing.live_check import LiveChecker
from entraide.editing.preview import Previewer
from entraide.proposals.store import ProposalStore
from entraide.server.editor import paths
from entraide.server.editor.accounts import routes as accounts_routes
from entraide.server.editor.auth import EditorAuth, SessionGate
from entraide.server.editor.auth import routes as auth_routes
from entraide.server.editor.errors import EditorError
from entraide.server.editor.forms import routes as forms_routes
from entraide.server.editor.paths import route_path
from entraide.server.editor.review import routes as review_routes
from entraide.server.editor.site_links import EditLinks
from entraide.website.model import generated_pages

log = logging.getLogger("entraide.server.editor")

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR: Final = HERE / "templates"
STATIC_DIR: Final = HERE / "static"

# Editor pages run only the editor's own files: no inline script or style at all, no
# framing, forms and requests to this server only. Never cached: pages carry CSRF tokens.
EDITOR_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
EDITOR_HEADERS: Final[tuple[tuple[bytes, bytes], ...]] = (
    (b"content-security-policy", EDITOR_POLICY.encode()),
    (b"cache-control", b"no-store"),
)

ERROR_TITLES: Final = {
    400: "Demande invalide",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non permise",
    409: "Conflit",
    413: "Envoi trop volumineux",
    415: "Envoi refusé",
    429: "Trop de tentatives",
    500: "Erreur interne",
}
MESSAGES: Final = {
    404: "Cette adresse de l'éditeur n'existe pas.",
    405: "Cette adresse de l'éditeur n'accepte pas cette méthode.",
    500: "Erreur interne de l'éditeur : le détail est dans le terminal d'entraide serve.",
}

TEMPLATES: Final = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

ContextHook = Callable[[Request], Mapping[str, Any]]


@dataclass
class Editor:
    """What the editor's pages need, made once by ``entraide serve --edit``.

    ``config_file`` is the site's ``mkdocs.yml``; its folder is the Git repository
    whose ``main_branch`` (the branch the served files are on) proposals start from
    and are accepted into.
    """

    config_file: Path
    docs_dir: Path
    taxonomy: Taxonomy
    state_dir: Path
    main_branch: str = "main"
    context_hooks: list[ContextHook] = field(default_factory=list)

    @cached_property
    def auth(self) -> EditorAuth:
        """Sessions, form tokens and the sign-in throttle: one per editor, shared by its pages."""
        return EditorAuth.for_state_dir(self.state_dir)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @cached_property
    def proposals(self) -> ProposalStore:
        """The proposals of this site's repository, shared by the form and review pages."""
        docs = self.docs_dir.resolve().relative_to(self.root.resolve()).as_posix()
        return ProposalStore(
            self.root, self.main_branch, docs, generated=generated_pages(self.taxonomy)
        )

    @cached_property
    def checker(self) -> LiveChecker:
        """``entraide check`` for drafts, with this repository's context."""
        return LiveChecker(self.root, self.docs_dir, self.taxonomy)

    @cached_property
    def previewer(self) -> Previewer:
        """The site's Markdown and HTML allow-list, for drafts."""
        return Previewer.for_site(self.root, self.taxonomy)

    @property
    def section_folders(self) -> list[str]:
        """The docs folders where pages of a type live: their section pages invite new ones."""
        return sorted(self.taxonomy.content_folders)

    def site_links(self, site: ASGIApp) -> ASGIApp:
        """The site's files with « Proposer une modification / une page » on their pages."""
        return EditLinks(
            site,
            self.docs_dir,
            generated_pages(self.taxonomy),
            self.section_folders,
        )

    def page_context(self, request: Request) -> dict[str, Any]:
        """What every template sees: the request, the editor's paths, then each hook's values."""
        context: dict[str, Any] = {"request": request, "paths": paths.TEMPLATE_PATHS}
        for hook in self.context_hooks:
            context.update(hook(request))
        return context

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        values = self.page_context(request)
        values.update(context or {})
        return HTMLResponse(TEMPLATES.get_template(template).render(values), status_code=status)


def _home_routes(editor: Editor) -> list[BaseRoute]:
    async def home(request: Request) -> Response:
        return editor.render(request, "accueil.html")

    return [Route(route_path(paths.HOME), home, methods=["GET"], name="editor-home")]


# Each part of the editor, in the order their routes are tried.
ROUTE_MODULES: Final[tuple[Callable[[Editor], list[BaseRoute]], ...]] = (
    _home_routes,
    auth_routes,
    forms_routes,
    review_routes,
    accounts_routes,
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(f"{paths.PREFIX}/api/")


def error_response(request: Request, editor: Editor, status: int, message: str) -> Response:
    """A refusal, as JSON for the editor's API and as a French page otherwise."""
    if _is_api(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    context = {"title": ERROR_TITLES.get(status, "Erreur"), "message": message, "status": status}
    try:
        return editor.render(request, "erreur.html", context, status=status)
    except Exception:  # a failing hook must not turn a refusal into a 500
        log.exception("Page d'erreur de l'éditeur impossible à afficher")
        return HTMLResponse(message, status_code=status)


def editor_app(editor: Editor) -> Starlette:
    """The application to mount at :data:`paths.PREFIX`."""

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, EditorError)
        return error_response(request, editor, exc.status, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = MESSAGES.get(exc.status_code, ERROR_TITLES.get(exc.status_code, "Erreur."))
        return error_response(request, editor, exc.status_code, message)

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("Erreur inattendue de l'éditeur pour %s", request.url.path, exc_info=exc)
        return error_response(request, editor, 500, MESSAGES[500])

    routes: list[BaseRoute] = [
        Mount(route_path(paths.STATIC), app=StaticFiles(directory=STATIC_DIR), name="static")
    ]
    for module_routes in ROUTE_MODULES:
        routes.extend(module_routes(editor))
    app = Starlette(
        routes=routes,
        # Nothing under /edition/ but the sign-in pages and static files without a session.
        middleware=[Middleware(SessionGate, editor=editor)],
        exception_handlers={
            EditorError: refused,
            HTTPException: http_error,
            Exception: internal_error,
        },
    )
    app.state.editor = editor
    return app
