"""« Proposer une modification » and « Proposer une page »: the form, its live check, submission.

A form, not YAML: the header's keys are fields generated from the schema
(:mod:`entraide.editing.fields`), the body a Markdown textarea. Whatever the
browser posts is turned into the page text the same way for the live check,
the preview and the submission (:meth:`PageForms.draft`), so what was checked
is what is proposed. A draft with any error (personal data first) is refused
before anything is written; an accepted one becomes a proposal on its own
branch, from the commit of ``main`` the form was opened at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import anyio.to_thread
from markupsafe import Markup
from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from entraide.accounts.account import Account
from entraide.accounts.roles import Permission
from entraide.content.frontmatter import FrontMatterSyntaxError
from entraide.content.templates.drafts import DraftError, draft_page
from entraide.editing.fields import apply_form, field_value, form_fields
from entraide.editing.limits import page_too_large
from entraide.editing.live_check import DraftCheck
from entraide.editing.page_paths import PagePathError, docs_page_path, page_file
from entraide.editing.page_text import page_text, values_of
from entraide.proposals.errors import ProposalError, ProposalNotFoundError
from entraide.proposals.inputs import checked_commit_id
from entraide.proposals.model import Person, Proposal
from entraide.server.editor import paths
from entraide.server.editor.auth import csrf_fields, require, verify_form
from entraide.server.editor.errors import EditorError
from entraide.server.editor.paths import route_path
from entraide.server.editor.posted import read_form
from entraide.website.model import SiteModel, generated_pages

if TYPE_CHECKING:  # app.py composes the editor from this module: no import cycle at run time
    from entraide.server.editor.app import Editor

BODY: Final = "corps"
SUMMARY: Final = "resume"
PAGE: Final = "page"
# A proposal sent back to its author, taken up again in the form (« Reprendre »).
PROPOSAL: Final = "proposition"
SECTION: Final = "section"
BASE: Final = "base"
# What a new page is called while its title is still empty (live check only).
UNTITLED: Final = "nouvelle-page.md"
PLACEHOLDER_TITLE: Final = "À COMPLÉTER"

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


@dataclass(frozen=True)
class Draft:
    """The page text a posted form makes, and what it was made from."""

    docs_path: str
    text: str
    base: str
    new_page: bool
    values: dict[str, Any]
    body: str
    section: str = ""
    path_problem: tuple[str, str] | None = None  # (field key, French message)
    proposal_id: str = ""


def _lists(form: ImmutableMultiDict[str, str]) -> dict[str, list[str]]:
    return {key: form.getlist(key) for key in form}


def _body(form: Mapping[str, str]) -> str:
    """The textarea's text with the line endings of the repository (browsers post CRLF)."""
    return form.get(BODY, "").replace("\r\n", "\n").replace("\r", "\n")


class PageForms:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.fields = form_fields(editor.taxonomy)
        self.generated = generated_pages(editor.taxonomy)

    # Paths ------------------------------------------------------------------------------

    def page_path(self, raw: str) -> str:
        """A page of the docs folder that a person may edit, or a French refusal."""
        try:
            docs_path = docs_page_path(raw, self.generated)
            page_file(self.editor.docs_dir, docs_path)
        except PagePathError as exc:
            raise EditorError(400, str(exc)) from exc
        return docs_path

    def section(self, raw: str) -> tuple[str, str]:
        """(folder, page type) of a section new pages are proposed in, or a French refusal."""
        folder = raw.strip().strip("/")
        self.page_path(f"{folder}/index.md" if folder else "index.md")
        folders = self.editor.taxonomy.content_folders
        matching = [f for f in folders if folder == f or folder.startswith(f"{f}/")]
        if not matching:
            known = ", ".join(sorted(folders))
            raise EditorError(
                400,
                f"« {folder or '(aucune)'} » n'est pas une section où l'on propose des pages : "
                f"choisissez parmi {known}.",
            )
        return folder, folders[max(matching, key=len)]

    # Drafts -----------------------------------------------------------------------------

    def _base_text(self, base: str, docs_path: str) -> str | None:
        store = self.editor.proposals
        try:
            commit = checked_commit_id(base)
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        repo_path = (store.docs_prefix / docs_path).as_posix()
        return store.git.blob_text(commit, repo_path)

    def new_page_path(self, form: ImmutableMultiDict[str, str], section: str) -> str:
        """Where the new page goes (its type's folder, its organisation's sub-folder, the
        title's slug), as ``entraide new`` would file it. Raises DraftError or PagePathError."""
        page_type = form.get("type", "").strip()
        if page_type not in self.editor.taxonomy.types:
            page_type = self.section(section)[1]
        site = SiteModel.plain(self.editor.docs_dir, self.editor.root)
        draft = draft_page(
            self.editor.taxonomy,
            site,
            page_type,
            form.get("title", ""),
            themes=[t for t in form.getlist("themes") if t in self.editor.taxonomy.facet("themes")],
            organisations=[
                o
                for o in form.getlist("organisations")
                if o in self.editor.taxonomy.facet("organisations")
            ],
            today=date.today(),
        )
        return docs_page_path(draft.docs_path, self.generated)

    def taken_up(self, proposal_id: str, account: Account, docs_path: str) -> Proposal:
        """The author's own open proposal on ``docs_path``, to revise; else a French refusal."""
        try:
            proposal = self.editor.proposals.get(proposal_id)
        except ProposalNotFoundError as exc:
            raise EditorError(404, exc.message) from exc
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        if proposal.account != account.login:
            raise EditorError(
                403, "Seule la personne qui a fait cette proposition peut la reprendre."
            )
        if not proposal.state.open:
            raise EditorError(
                409,
                f"Cette proposition est {proposal.state} : elle ne peut plus être reprise. "
                "Proposez une nouvelle modification de la page.",
            )
        if proposal.docs_path != docs_path:
            raise EditorError(400, "Cette proposition porte sur une autre page.")
        return proposal

    def draft(self, form: ImmutableMultiDict[str, str], account: Account) -> Draft:
        """The page text of a posted form (edit, revision or new page); refusals are French.

        The header is applied to the text the form was opened with: the page at the
        base commit, or the proposal's latest version when one is taken up again.
        """
        base = form.get(BASE, "")
        body = _body(form)
        if PAGE in form:
            docs_path = self.page_path(form[PAGE])
            proposal_id = form.get(PROPOSAL, "")
            if proposal_id:
                proposal = self.taken_up(proposal_id, account, docs_path)
                original: str | None = self.editor.proposals.text_of(proposal)
            else:
                original = self._base_text(base, docs_path)
            if original is None:
                raise EditorError(
                    404, f"La page « {docs_path} » n'existe pas dans la version de départ."
                )
            try:
                before, _ = values_of(original)
            except FrontMatterSyntaxError as exc:
                raise EditorError(422, f"L'en-tête de la page est illisible : {exc}") from exc
            values = apply_form(before, self.fields, _lists(form))
            text = page_text(values, body, original=original)
            return Draft(docs_path, text, base, False, values, body, proposal_id=proposal_id)
        section, _ = self.section(form.get(SECTION, ""))
        values = apply_form({}, self.fields, _lists(form))
        problem: tuple[str, str] | None = None
        try:
            docs_path = self.new_page_path(form, section)
            if page_file(self.editor.docs_dir, docs_path).exists():
                problem = ("title", f"Une page existe déjà à « {docs_path} » : changez le titre.")
        except DraftError as exc:
            message = str(exc)
            key = "organisations" if "organisation" in message else "title"
            problem = (key, message[:1].upper() + message[1:])
            docs_path = f"{section}/{UNTITLED}"
        except PagePathError as exc:
            problem = ("title", str(exc))
            docs_path = f"{section}/{UNTITLED}"
        return Draft(docs_path, page_text(values, body), base, True, values, body, section, problem)

    def check(self, draft: Draft) -> DraftCheck:
        return self.editor.checker.check(draft.docs_path, draft.text)

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
            for form_field in self.fields
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
        docs_path = self.page_path(request.query_params.get(PAGE, ""))
        proposal_id = request.query_params.get(PROPOSAL, "")
        store = self.editor.proposals
        try:
            base = store.main_commit()
            if proposal_id:
                original: str | None = store.text_of(self.taken_up(proposal_id, account, docs_path))
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
        section, page_type = self.section(request.query_params.get(SECTION, ""))
        try:
            base = self.editor.proposals.main_commit()
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        text = self._template(section, page_type)
        values, body = values_of(text)
        values["title"] = ""
        draft = Draft(f"{section}/{UNTITLED}", text, base, True, values, body, section)
        return self.render_form(request, draft)

    def _template(self, section: str, page_type: str) -> str:
        """The page template of ``page_type``, filed under ``section``'s organisation or theme."""
        taxonomy = self.editor.taxonomy
        sub = section.removeprefix(taxonomy.types[page_type].folder).strip("/").split("/")[0]
        organisations = [sub] if sub in taxonomy.facet("organisations") else []
        themes = [sub] if sub in taxonomy.facet("themes") else []
        site = SiteModel.plain(self.editor.docs_dir, self.editor.root)

        def make(orgs: Sequence[str]) -> str:
            return draft_page(
                taxonomy,
                site,
                page_type,
                PLACEHOLDER_TITLE,
                themes=themes,
                organisations=orgs,
                today=date.today(),
            ).text

        try:
            return make(organisations)
        except DraftError:
            # A procedure is filed by organisation: the person chooses it in the form.
            text = make([next(iter(taxonomy.facet("organisations")))])
            values, body = values_of(text)
            values["organisations"] = []
            return page_text(values, body)

    async def submit(self, request: Request) -> Response:
        form = await read_form(request)
        account = verify_form(request, form)
        draft = self.draft(form, account)
        summary = form.get(SUMMARY, "")[:200]
        check = await anyio.to_thread.run_sync(self.check, draft)
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
        author = Person(
            account=account.login,
            name=account.display_name,
            may_review=account.may(Permission.REVIEW),
        )
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
        draft = self.draft(form, account)
        check = await anyio.to_thread.run_sync(self.check, draft)
        answer = check.as_dict()
        if draft.path_problem is not None:
            key, message = draft.path_problem
            problems = answer["problems"]
            assert isinstance(problems, list)
            problems.insert(
                0,
                {
                    "line": 1,
                    "field": key,
                    "body_line": None,
                    "code": "page-path",
                    "severity": "error",
                    "message": message,
                },
            )
            answer["errors"] = int(str(answer["errors"])) + 1
        return JSONResponse(answer, headers={"cache-control": "no-store"})

    async def api_preview(self, request: Request) -> Response:
        form = await read_form(request)
        verify_form(request, form, once=False)
        body = _body(form)
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
