"""The review pages of the editor: the reviewers' queue, one proposal, and « Mes propositions ».

An adapter over :mod:`entraide.proposals`: every rule (who may accept, what a
conflict is, what is archived) lives in the domain; this module reads the
session (:mod:`.auth`), turns domain refusals into French pages, and runs the
Git work in a worker thread so the server keeps serving pages meanwhile.

- ``GET /edition/relecture``: open proposals with author, date, page, the
  ``check`` result of the proposed text and whether it still merges into ``main``.
- ``GET /edition/relecture/<id>``: the rendered preview, the header fields side
  by side, the body's line diff, and the Accept / Refuse / Send back forms.
- ``POST /edition/relecture/<id>/accepter|refuser|renvoyer``: CSRF and
  one-time form token checked, then the domain decides.
- ``GET /edition/mes-propositions``: a contributor's proposals and their state;
  one sent back shows the page as it is now beside their text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from entraide.accounts.account import Account
from entraide.accounts.roles import Permission
from entraide.content.rendering import RenderingConfigError
from entraide.editing.fields import form_fields
from entraide.proposals import (
    Proposal,
    ProposalConflictError,
    ProposalError,
    ProposalNotFoundError,
    ProposalState,
    ProposalStore,
)
from entraide.server.editor import paths
from entraide.server.editor.auth import csrf_fields, require, verify_form
from entraide.server.editor.errors import EditorError
from entraide.server.editor.people import person
from entraide.server.editor.posted import read_form
from entraide.server.editor.review_views import DONE, CheckSummary, Comparison, row
from entraide.sources.catalogue import CatalogueError

if TYPE_CHECKING:  # app.py lists this module's routes: no import cycle at run time
    from entraide.server.editor.app import Editor

log = logging.getLogger("entraide.server.editor")

T = TypeVar("T")

ACTIONS: Final = ("accepter", "refuser", "renvoyer")
NOTE_FIELD: Final = "note"


class ReviewPages:
    """The handlers; the proposal store, checker and previewer are the editor's shared ones."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor

    def store(self) -> ProposalStore:
        return self.editor.proposals

    def _preview(self, text: str) -> str | None:
        """The sanitized HTML of ``text`` as the site renders it, or None when impossible."""
        try:
            return self.editor.previewer.page_html(text)
        except RenderingConfigError:
            log.exception("Aperçu impossible")
            return None

    def _render(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200
    ) -> Response:
        context["main_branch"] = self.editor.main_branch
        return self.editor.render(request, template, context, status=status)

    def _check(self, docs_path: str, text: str) -> CheckSummary:
        try:
            return CheckSummary.of(self.editor.checker.check(docs_path, text))
        except (CatalogueError, RenderingConfigError) as error:
            return CheckSummary((), unavailable=str(error))

    async def _domain(self, work: Callable[[], T]) -> T:
        """Run Git work in a thread; domain refusals become French pages, never a 500."""
        try:
            return await anyio.to_thread.run_sync(work)
        except ProposalNotFoundError as error:
            raise EditorError(404, error.message) from None
        except ProposalConflictError:
            raise
        except ProposalError as error:
            raise EditorError(400, error.message) from None

    # Reviewers -----------------------------------------------------------------

    def _queue(self) -> dict[str, Any]:
        store = self.store()
        proposals = store.list()
        waiting = [p for p in proposals if p.state is ProposalState.PENDING]
        sent_back = [p for p in proposals if p.state is ProposalState.SENT_BACK]
        merges = store.merge_statuses(waiting)
        rows = [row(p, self._check(p.docs_path, store.text_of(p)), merges[p.id]) for p in waiting]
        return {"rows": rows, "sent_back": [row(p) for p in sent_back]}

    async def queue(self, request: Request) -> Response:
        require(request, Permission.REVIEW)
        context = await self._domain(self._queue)
        done = DONE.get(request.query_params.get("fait", ""))
        context["notice"] = done.format(main=self.editor.main_branch) if done else None
        return self._render(request, "relecture.html", context)

    def _detail(self, proposal_id: str) -> dict[str, Any]:
        store = self.store()
        proposal = store.get(proposal_id)
        text = store.text_of(proposal)
        return {
            "item": row(
                proposal,
                self._check(proposal.docs_path, text),
                store.merge_statuses([proposal])[proposal.id] if proposal.state.open else None,
            ),
            "diff": store.diff(proposal.id),
            "field_labels": {field.key: field.label for field in form_fields(self.editor.taxonomy)},
            "preview": self._preview(text),
        }

    async def _detail_page(
        self,
        request: Request,
        account: Account,
        proposal_id: str,
        extra: Mapping[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        context = await self._domain(lambda: self._detail(proposal_id))
        proposal: Proposal = context["item"].proposal
        context["own"] = proposal.account == account.login
        if proposal.state.open:
            context["forms"] = {action: csrf_fields(request) for action in ACTIONS}
        context.update(extra or {})
        return self._render(request, "relecture-proposition.html", context, status=status)

    async def detail(self, request: Request) -> Response:
        account = require(request, Permission.REVIEW)
        return await self._detail_page(request, account, request.path_params["proposal_id"])

    async def decide(self, request: Request) -> Response:
        """Accept, refuse or send back; a refusal shows the proposal again with the reason."""
        action: str = request.path_params["action"]
        if action not in ACTIONS:
            raise EditorError(404, "Cette décision n'existe pas : accepter, refuser ou renvoyer.")
        require(request, Permission.REVIEW)
        form = await read_form(request)
        account = verify_form(request, form)
        proposal_id: str = request.path_params["proposal_id"]
        reviewer = person(account)
        note = form.get(NOTE_FIELD, "")
        store = self.store()
        try:
            if action == "accepter":
                refusal = functools.partial(
                    self.editor.checker.merge_refusal, main_branch=self.editor.main_branch
                )
                acceptance = await self._domain(
                    lambda: store.accept(proposal_id, reviewer, refusal)
                )
                if not acceptance.working_tree_updated:
                    log.warning("%s", acceptance.message)
                done = "acceptee" if acceptance.working_tree_updated else "acceptee-main"
            elif action == "refuser":
                await self._domain(lambda: store.reject(proposal_id, reviewer, note))
                done = "refusee"
            else:
                await self._domain(lambda: store.send_back(proposal_id, reviewer, note))
                done = "renvoyee"
        except ProposalConflictError as conflict:
            comparison = Comparison.of(conflict.current_text, conflict.proposed_text)
            extra = {"comparison": comparison, "error": conflict.message}
            return await self._detail_page(request, account, proposal_id, extra, status=409)
        except EditorError as refused:
            if refused.status == 404:
                raise
            extra = {"error": refused.message, "note": note}
            return await self._detail_page(request, account, proposal_id, extra, status=400)
        return RedirectResponse(f"{paths.REVIEW}?fait={done}", status_code=303)

    # Contributors --------------------------------------------------------------

    def _mine(self, login: str) -> dict[str, Any]:
        store = self.store()
        rows = []
        for proposal in store.list(author=login):
            entry: dict[str, Any] = {"row": row(proposal)}
            if proposal.state is ProposalState.SENT_BACK:
                entry["comparison"] = Comparison.of(
                    store.main_text(proposal.docs_path), store.text_of(proposal)
                )
            rows.append(entry)
        return {"entries": rows}

    async def mine(self, request: Request) -> Response:
        account = require(request, Permission.PROPOSE)
        context = await self._domain(lambda: self._mine(account.login))
        return self._render(request, "mes-propositions.html", context)


def routes(editor: Editor) -> list[BaseRoute]:
    pages = ReviewPages(editor)
    review = paths.route_path(paths.REVIEW)
    return [
        Route(review, pages.queue, methods=["GET"], name="review-queue"),
        Route(review + "/{proposal_id}", pages.detail, methods=["GET"], name="review-proposal"),
        Route(
            review + "/{proposal_id}/{action:str}",
            pages.decide,
            methods=["POST"],
            name="review-decision",
        ),
        Route(
            paths.route_path(paths.MY_PROPOSALS), pages.mine, methods=["GET"], name="my-proposals"
        ),
    ]
