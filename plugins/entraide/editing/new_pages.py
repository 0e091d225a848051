"""A page proposed from a section of the site: where it is filed, and the text it starts from.

« Proposer une page » files a page as ``entraide new`` does (its type's folder,
the sub-folder of its organisation or theme, a file name made from its title:
:func:`~entraide.content.templates.drafts.draft_page`), so the browser and the
command line never disagree about where pages go, and it starts from the same
template, whose « À COMPLÉTER » the check refuses until the author replaces it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Final

from entraide.content.taxonomy import Taxonomy
from entraide.content.templates.drafts import DraftError, draft_page
from entraide.editing.page_paths import PagePathError, docs_page_path, page_file
from entraide.editing.page_text import page_text, values_of
from entraide.website.model import SiteModel

# What a new page is called while its title is still empty (for the live check only).
UNTITLED: Final = "nouvelle-page.md"
PLACEHOLDER_TITLE: Final = "À COMPLÉTER"


class NewPageError(ValueError):
    """Where the page would go is refused; ``key`` is the form field to show ``message`` at."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def section_type(taxonomy: Taxonomy, folder: str) -> str | None:
    """The page type whose folder holds ``folder`` (the deepest one), None outside them."""
    folders = taxonomy.content_folders
    matching = [f for f in folders if folder == f or folder.startswith(f"{f}/")]
    return folders[max(matching, key=len)] if matching else None


def new_page_path(
    taxonomy: Taxonomy,
    site: SiteModel,
    page_type: str,
    title: str,
    *,
    themes: Sequence[str],
    organisations: Sequence[str],
    generated: Collection[str],
    today: date,
) -> str:
    """The docs path of the new page; raises :class:`NewPageError` (French, with its field).

    Unknown themes or organisations are left out here: the check reports them on
    their field, where the person can fix them.
    """
    try:
        draft = draft_page(
            taxonomy,
            site,
            page_type,
            title,
            themes=[t for t in themes if t in taxonomy.facet("themes")],
            organisations=[o for o in organisations if o in taxonomy.facet("organisations")],
            today=today,
        )
        path = docs_page_path(draft.docs_path, generated)
        exists = page_file(site.top.docs_dir, path).exists()
    except DraftError as exc:
        message = str(exc)
        key = "organisations" if "organisation" in message else "title"
        raise NewPageError(key, message[:1].upper() + message[1:]) from exc
    except PagePathError as exc:
        raise NewPageError("title", str(exc)) from exc
    if exists:
        raise NewPageError("title", f"Une page existe déjà à « {path} » : changez le titre.")
    return path


def section_template(
    taxonomy: Taxonomy, site: SiteModel, section: str, page_type: str, today: date
) -> str:
    """The template of ``page_type``, with the organisation or theme ``section`` is named after.

    A procedure is filed by organisation: in a section that names none, the
    template is made with the first one, then the field is emptied for the
    person to choose.
    """
    sub = section.removeprefix(taxonomy.types[page_type].folder).strip("/").split("/")[0]
    organisations = [sub] if sub in taxonomy.facet("organisations") else []
    themes = [sub] if sub in taxonomy.facet("themes") else []

    def make(orgs: Sequence[str]) -> str:
        return draft_page(
            taxonomy,
            site,
            page_type,
            PLACEHOLDER_TITLE,
            themes=themes,
            organisations=orgs,
            today=today,
        ).text

    try:
        return make(organisations)
    except DraftError:
        values, body = values_of(make([next(iter(taxonomy.facet("organisations")))]))
        values["organisations"] = []
        return page_text(values, body)
