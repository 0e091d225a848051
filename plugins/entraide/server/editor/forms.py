"""« Proposer une modification » and « Proposer une page »: the form, its live check, submission.

A form, not YAML: the header's keys are fields generated from the schema
(:mod:`entraide.editing.fields`), the body a Markdown textarea. Whatever the
browser posts is turned into the page text the same way for the live check,
the preview and the submission (:mod:`~entraide.server.editor.drafts`), so what
was checked is what is proposed. A draft with any error (personal data first) is refused
before anything is written; an accepted one becomes a proposal on its own
branch, from the commit of ``main`` the form was opened at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import anyio.to_thread
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from entraide.accounts.account import Account
from entraide.accounts.roles import Permission
from entraide.content.frontmatter import FrontMatterSyntaxError
from entraide.editing.fields import field_value
from entraide.editing.limits import page_too_large
from entraide.editing.live_check import DraftCheck, DraftProblem
from entraide.editing.new_pages import UNTITLED, section_template
from entraide.editing.page_text import values_of
from entraide.proposals.errors import ProposalError
from entraide.server.editor import paths
from entraide.server.editor.auth import EXPIRED_FORM, csrf_fields, require, verify_form
from entraide.server.editor.drafts import (
    BASE,
    BODY,
    PAGE,
    PROPOSAL,
    SECTION,
    SUMMARY,
    Draft,
    DraftReader,
    posted_body,
)
from entraide.server.editor.errors import EditorError
from entraide.server.editor.paths import route_path
from entraide.server.editor.people import person
from entraide.server.editor.posted import read_form
from entraide.website.model import SiteModel

if TYPE_CHECKING:  # app.py composes the editor from this module: no import cycle at run time
    from entraide.server.editor.app import Editor

EXPIRED_KEPT: Final = (
    "Formulaire expiré : la page a été ouverte il y a trop longtemps, ou le serveur a redémarré "
    "depuis. Rien n'a été enregistré, mais votre texte est conservé ci-dessous : "
    "envoyez-le de nouveau."
)
REFUSED_WITH_ERRORS: Final = (
    "La proposition n'a pas été envoyée : corrigez les erreurs signalées ci-dessous "
    "(à côté de chaque champ ou avec leur ligne dans le texte). Rien n'a été enregistré."
)
REFUSED_PERSONAL_DATA: Final = (
    "La proposition n'a pas été envoyée : elle contient des données personnelles (numéro de "
    "sécurité sociale, IBAN, téléphone ou adresse e-mail d'une personne…). Retirez-les ; "
    "rien n'a été enregistré."
)


@dataclass(frozen=True)
class FieldView:
    """One field as the template shows it."""

    name: str
    label: str
    help: str
    kind: str
    choices: tuple[tuple[str, str], ...]
    required: bool
    values: tuple[str, ...]
    message: str = ""

    @property
    def value(self) -> str:
        return "\n".join(self.values)


class PageForms:
    """The form pages, their submission and their live check, for one editor."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.drafts = DraftReader(editor)

    # Pages ------------------------------------------------------------------------------

    def _field_views(
        self, values: Mapping[str, Any], page_type: str | None, messages: Mapping[str, str]
    ) -> list[FieldView]:
        return [
            FieldView(
                name=form_field.key,
                label=form_field.label,
                help=form_field.help,
                kind=str(form_field.kind),
                choices=form_field.choices,
                required=form_field.required(page_type),
                values=tuple(form_field.shown(field_value(values, form_field))),
                message=messages.get(form_field.key, ""),
            )
            for form_field in self.drafts.fields
        ]

    def render_form(
        self,
        request: Request,
        draft: Draft,
        *,
        check: DraftCheck | None = None,
        refusal: str = "",
        summary: str = "",
        status: int = 200,
    ) -> Response:
        messages: dict[str, str] = {}
        if check is not None:
            for problem in check.problems:
                if problem.field:
                    joined = f"{messages.get(problem.field, '')} {problem.message}"
                    messages[problem.field] = joined.strip()
        if draft.path_problem is not None:
            key, message = draft.path_problem
            messages[key] = f"{messages.get(key, '')} {message}".strip()
        page_type = draft.values.get("type")
        hidden = {**csrf_fields(request), BASE: draft.base}
        if draft.new_page:
            hidden[SECTION] = draft.section
            heading = "Proposer une page"
            intro = f"La page sera rangée dans « {draft.section} », selon son type et son titre."
            action = paths.NEW_PAGE
        else:
            hidden[PAGE] = draft.docs_path
            heading = f"Proposer une modification : {draft.values.get('title') or draft.docs_path}"
            intro = f"Page « {draft.docs_path} ». Vos changements seront relus avant publication."
            action = paths.EDIT_PAGE
            if draft.proposal_id:
                hidden[PROPOSAL] = draft.proposal_id
                heading = f"Reprendre ma proposition : {draft.values.get('title') or ''}".strip()
                intro = (
                    f"Page « {draft.docs_path} », à partir de votre dernière version et de la "
                    "page telle qu'elle est aujourd'hui : la nouvelle version sera relue."
                )
        context = {
            "heading": heading,
            "intro": intro,
            "action": action,
            "hidden": hidden,
            "fields": self._field_views(
                draft.values, page_type if isinstance(page_type, str) else None, messages
            ),
            "body_name": BODY,
            "body": draft.body,
            "body_message": "",
            "tracks": [
                (slug, posture.short or posture.label)
                for slug, posture in self.editor.taxonomy.mediation.items()
            ],
            "preview_html": Markup(self.editor.previewer.body_html(draft.body)),
            "problems": check.problems if check is not None else (),
            "check_state": _check_state(check),
            "refusal": refusal,
            "summary": summary,
        }
        return self.editor.render(request, "formulaire.html", context, status=status)

    async def edit_page(self, request: Request) -> Response:
        account = require(request, Permission.PROPOSE)
        docs_path = self.drafts.page_path(request.query_params.get(PAGE, ""))
        proposal_id = request.query_params.get(PROPOSAL, "")
        store = self.editor.proposals
        try:
            base = store.main_commit()
            if proposal_id:
                original: str | None = store.text_of(
                    self.drafts.taken_up(proposal_id, account, docs_path)
                )
            else:
                original = store.main_text(docs_path)
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        if original is None:
            raise EditorError(
                404,
                f"La page « {docs_path} » n'existe pas (encore) sur le site : pour en créer une, "
                "choisissez « Proposer une page ».",
            )
        try:
            values, body = values_of(original)
        except FrontMatterSyntaxError as exc:
            raise EditorError(
                422,
                f"L'en-tête de la page est illisible ({exc}) : il faut d'abord le corriger "
                "dans le dépôt.",
            ) from exc
        draft = Draft(docs_path, original, base, False, values, body, proposal_id=proposal_id)
        return self.render_form(request, draft)

    async def new_page(self, request: Request) -> Response:
        require(request, Permission.PROPOSE)
        if SECTION not in request.query_params:
            # From the editor's menu: first, which kind of page (each has its folder).
            sections = [
                (page_type.folder, page_type)
                for page_type in self.editor.taxonomy.types.values()
                if page_type.folder
            ]
            return self.editor.render(request, "choisir-section.html", {"sections": sections})
        section, page_type = self.drafts.section(request.query_params[SECTION])
        try:
            base = self.editor.proposals.main_commit()
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        site = SiteModel.plain(self.editor.docs_dir, self.editor.root)
        text = section_template(self.editor.taxonomy, site, section, page_type, date.today())
        values, body = values_of(text)
        values["title"] = ""
        draft = Draft(f"{section}/{UNTITLED}", text, base, True, values, body, section)
        return self.render_form(request, draft)

    async def submit(self, request: Request) -> Response:
        form = await read_form(request)
        summary = form.get(SUMMARY, "")[:200]
        try:
            account = verify_form(request, form)
        except EditorError as refused:
            if refused.message != EXPIRED_FORM:
                raise
            # A form left open too long (or across a restart) is genuine: its CSRF token
            # matched. Nothing is saved, but what was typed comes back with fresh tokens.
            account = require(request, Permission.PROPOSE)
            draft = self.drafts.draft(form, account)
            return self.render_form(
                request, draft, refusal=EXPIRED_KEPT, summary=summary, status=403
            )
        draft = self.drafts.draft(form, account)
        check = await anyio.to_thread.run_sync(self.drafts.check, draft)
        if check.has_personal_data:
            return self.render_form(
                request,
                draft,
                check=check,
                refusal=REFUSED_PERSONAL_DATA,
                summary=summary,
                status=422,
            )
        if check.errors or draft.path_problem is not None:
            return self.render_form(
                request,
                draft,
                check=check,
                refusal=REFUSED_WITH_ERRORS,
                summary=summary,
                status=422,
            )
        try:
            await anyio.to_thread.run_sync(self._propose, account, draft, summary)
        except ProposalError as exc:
            return self.render_form(
                request, draft, check=check, refusal=exc.message, summary=summary, status=409
            )
        return RedirectResponse(paths.MY_PROPOSALS, status_code=303)

    def _propose(self, account: Account, draft: Draft, summary: str) -> None:
        author = person(account)
        if draft.proposal_id:
            self.editor.proposals.revise(draft.proposal_id, author, draft.text, draft.base, summary)
            return
        self.editor.proposals.propose(
            author, draft.docs_path, draft.text, draft.base, summary, new_page=draft.new_page
        )

    # Live check and preview ------------------------------------------------------------

    async def api_check(self, request: Request) -> Response:
        form = await read_form(request)
        account = verify_form(request, form, once=False)
        draft = self.drafts.draft(form, account)
        check = await anyio.to_thread.run_sync(self.drafts.check, draft)
        if draft.path_problem is not None:
            key, message = draft.path_problem
            label = next((f.label for f in self.drafts.fields if f.key == key), key)
            placed = DraftProblem(1, key, label, None, "page-path", "error", message)
            check = DraftCheck((placed, *check.problems))
        answer = check.as_dict()
        return JSONResponse(answer, headers={"cache-control": "no-store"})

    async def api_preview(self, request: Request) -> Response:
        form = await read_form(request)
        verify_form(request, form, once=False)
        body = posted_body(form)
        too_large = page_too_large(body)
        if too_large:
            raise EditorError(413, too_large)
        html = await anyio.to_thread.run_sync(self.editor.previewer.body_html, body)
        return JSONResponse({"html": html}, headers={"cache-control": "no-store"})


def _check_state(check: DraftCheck | None) -> str:
    if check is None:
        return "La vérification se fait pendant la saisie, et de nouveau à l'envoi."
    errors = len(check.errors)
    warnings = len(check.problems) - errors
    if errors:
        return f"{errors} erreur(s) à corriger avant d'envoyer, {warnings} avertissement(s)."
    return f"Aucune erreur ; {warnings} avertissement(s)."


def routes(editor: Editor) -> list[BaseRoute]:
    forms = PageForms(editor)

    async def edit(request: Request) -> Response:
        if request.method == "POST":
            return await forms.submit(request)
        return await forms.edit_page(request)

    async def new(request: Request) -> Response:
        if request.method == "POST":
            return await forms.submit(request)
        return await forms.new_page(request)

    return [
        Route(route_path(paths.EDIT_PAGE), edit, methods=["GET", "POST"]),
        Route(route_path(paths.NEW_PAGE), new, methods=["GET", "POST"]),
        Route(route_path(paths.API_CHECK), forms.api_check, methods=["POST"]),
        Route(route_path(paths.API_PREVIEW), forms.api_preview, methods=["POST"]),
    ]
