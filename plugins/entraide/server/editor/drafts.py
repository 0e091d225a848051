"""What a posted page form makes: the page text, from the fields, the body and where it started.

The live check, the preview and the submission all read the form here
(:meth:`DraftReader.draft`), so what was checked is exactly what is proposed.
The header is applied to the text the form was opened with (the page at the
form's base commit, or the latest version of a proposal taken up again), so
keys the form does not show and the way unchanged keys are written are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from starlette.datastructures import ImmutableMultiDict

from entraide.accounts.account import Account
from entraide.content.frontmatter import FrontMatterSyntaxError
from entraide.editing.fields import apply_form, form_fields
from entraide.editing.live_check import DraftCheck
from entraide.editing.new_pages import UNTITLED, NewPageError, new_page_path, section_type
from entraide.editing.page_paths import PagePathError, docs_page_path, page_file
from entraide.editing.page_text import page_text, values_of
from entraide.proposals.errors import ProposalError, ProposalNotFoundError
from entraide.proposals.inputs import checked_commit_id
from entraide.proposals.model import Proposal
from entraide.server.editor.errors import EditorError
from entraide.website.model import SiteModel, generated_pages

if TYPE_CHECKING:  # app.py composes the editor from the modules using this one
    from entraide.server.editor.app import Editor

# The form's own fields, beside the header's (named by their key).
BODY: Final = "corps"
SUMMARY: Final = "resume"
PAGE: Final = "page"
# A proposal sent back to its author, taken up again in the form (« Reprendre »).
PROPOSAL: Final = "proposition"
SECTION: Final = "section"
BASE: Final = "base"


@dataclass(frozen=True)
class Draft:
    """The page text a form makes, and what it was made from.

    ``path_problem`` (field key, French message) says why a new page cannot go
    where its title and type would file it; ``proposal_id`` names the proposal
    this draft is a new version of.
    """

    docs_path: str
    text: str
    base: str
    new_page: bool
    values: dict[str, Any]
    body: str
    section: str = ""
    path_problem: tuple[str, str] | None = None
    proposal_id: str = ""


def posted_lists(form: ImmutableMultiDict[str, str]) -> dict[str, list[str]]:
    """Every posted value of every field (ticked boxes repeat their name)."""
    return {key: form.getlist(key) for key in form}


def posted_body(form: Mapping[str, str]) -> str:
    """The textarea's text with the line endings of the repository (browsers post CRLF)."""
    return form.get(BODY, "").replace("\r\n", "\n").replace("\r", "\n")


class DraftReader:
    """Turns posted forms into drafts for one editor; every refusal is an :class:`EditorError`."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.fields = form_fields(editor.taxonomy)
        self.generated = generated_pages(editor.taxonomy)

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
        page_type = section_type(self.editor.taxonomy, folder)
        if page_type is None:
            known = ", ".join(sorted(self.editor.taxonomy.content_folders))
            raise EditorError(
                400,
                f"« {folder or '(aucune)'} » n'est pas une section où l'on propose des pages : "
                f"choisissez parmi {known}.",
            )
        return folder, page_type

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

    def _base_text(self, base: str, docs_path: str) -> str | None:
        store = self.editor.proposals
        try:
            commit = checked_commit_id(base)
        except ProposalError as exc:
            raise EditorError(400, exc.message) from exc
        return store.git.blob_text(commit, (store.docs_prefix / docs_path).as_posix())

    def draft(self, form: ImmutableMultiDict[str, str], account: Account) -> Draft:
        """The page text of a posted form (edit, revision or new page); refusals are French."""
        if PAGE in form:
            return self._edited(form, account)
        section, page_type = self.section(form.get(SECTION, ""))
        values = apply_form({}, self.fields, posted_lists(form))
        body = posted_body(form)
        chosen = form.get("type", "").strip()
        try:
            docs_path = new_page_path(
                self.editor.taxonomy,
                SiteModel.plain(self.editor.docs_dir, self.editor.root),
                chosen if chosen in self.editor.taxonomy.types else page_type,
                form.get("title", ""),
                themes=form.getlist("themes"),
                organisations=form.getlist("organisations"),
                generated=self.generated,
                today=date.today(),
            )
            problem = None
        except NewPageError as exc:
            docs_path, problem = f"{section}/{UNTITLED}", (exc.key, exc.message)
        text = page_text(values, body)
        base = form.get(BASE, "")
        return Draft(docs_path, text, base, True, values, body, section, problem)

    def _edited(self, form: ImmutableMultiDict[str, str], account: Account) -> Draft:
        docs_path = self.page_path(form[PAGE])
        base = form.get(BASE, "")
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
        body = posted_body(form)
        values = apply_form(before, self.fields, posted_lists(form))
        text = page_text(values, body, original=original)
        return Draft(docs_path, text, base, False, values, body, proposal_id=proposal_id)

    def check(self, draft: Draft) -> DraftCheck:
        return self.editor.checker.check(draft.docs_path, draft.text)
