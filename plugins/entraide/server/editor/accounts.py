"""The accounts page (``/edition/comptes``), for admins: the same actions as ``entraide users``
without a terminal on the server, since the people who manage a network's contributors are
rarely the ones who run its machine.

Every action is a one-time form; a new sign-in link is shown once, on the page
that made it, and never stored in clear.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from entraide.accounts.account import Account, AccountState
from entraide.accounts.errors import AccountError
from entraide.accounts.roles import Permission, Role, parse_role
from entraide.accounts.store import AccountStoreError, Invitation, utc_now
from entraide.server.editor import paths
from entraide.server.editor.auth import (
    ACCOUNTS_UNAVAILABLE,
    as_sentence,
    csrf_fields,
    first_sign_in_link,
    require,
    verify_form,
)
from entraide.server.editor.errors import EditorError
from entraide.server.editor.posted import read_form

if TYPE_CHECKING:  # app.py lists this module's routes: no import cycle at run time
    from entraide.server.editor.app import Editor


class AccountPages:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor

    def _page(
        self,
        request: Request,
        *,
        error: str = "",
        invitation: Invitation | None = None,
        notice: str = "",
        status: int = 200,
    ) -> Response:
        try:
            accounts = self.editor.auth.store.accounts()
        except AccountStoreError as exc:
            raise EditorError(503, ACCOUNTS_UNAVAILABLE) from exc
        now = utc_now()
        context: dict[str, Any] = {
            "rows": [(account, _state(account, now)) for account in accounts],
            "roles": list(Role),
            "create_fields": csrf_fields(request),
            "error": error,
            "notice": notice,
            "invitation": invitation,
            "link": first_sign_in_link(_address(request), invitation.token) if invitation else "",
            "me": require(request, Permission.MANAGE_ACCOUNTS).login,
        }
        # One set of fields per row: each row's forms are one-time too.
        context["row_forms"] = {
            account.login: {action: csrf_fields(request) for action in ("lien", "supprimer")}
            for account in accounts
        }
        return self.editor.render(request, "comptes.html", context, status=status)

    async def show(self, request: Request) -> Response:
        require(request, Permission.MANAGE_ACCOUNTS)
        return self._page(request)

    async def act(self, request: Request) -> Response:
        """Create an account, make a new link, or remove one; the page comes back either way."""
        require(request, Permission.MANAGE_ACCOUNTS)
        form = await read_form(request)
        me = verify_form(request, form)
        action = request.path_params["action"]
        store = self.editor.auth.store
        try:
            if action == "creer":
                role = parse_role(form.get("role", ""))
                invitation = await anyio.to_thread.run_sync(
                    lambda: store.add(form.get("nom", ""), role)
                )
                return self._page(request, invitation=invitation, status=201)
            name = form.get("identifiant", "")
            if action == "lien":
                invitation = await anyio.to_thread.run_sync(lambda: store.invite(name))
                return self._page(request, invitation=invitation)
            if action == "supprimer":
                if name == me.login:
                    raise AccountError(
                        "vous ne pouvez pas supprimer votre propre compte ici : une autre "
                        "personne admin le peut, ou « entraide users remove » sur le serveur."
                    )
                removed = await anyio.to_thread.run_sync(lambda: store.remove(name))
                return self._page(
                    request,
                    notice=f"Compte supprimé : {removed.display_name} ({removed.login}). "
                    "Ses sessions ont pris fin ; ses propositions restent.",
                )
        except AccountStoreError as exc:
            raise EditorError(503, ACCOUNTS_UNAVAILABLE) from exc
        except AccountError as exc:
            return self._page(request, error=as_sentence(str(exc)), status=400)
        raise EditorError(404, "Action inconnue sur les comptes.")


def routes(editor: Editor) -> list[BaseRoute]:
    pages = AccountPages(editor)
    below = paths.route_path(paths.ACCOUNTS)
    return [
        Route(below, pages.show, methods=["GET"]),
        Route(below + "/{action:str}", pages.act, methods=["POST"]),
    ]


def _address(request: Request) -> str:
    """This server as the admin reached it: the link is for the same address."""
    return f"{request.url.scheme}://{request.url.netloc}"


def _state(account: Account, now: datetime) -> str:
    state = account.state(now)
    return (
        f"{state.value} : faites-en un nouveau"
        if state is AccountState.LINK_EXPIRED
        else state.value
    )
