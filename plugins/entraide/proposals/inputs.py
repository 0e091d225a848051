"""What people send with a proposal, checked before anything reaches Git.

Page names go through the editor's one rule (``editing.page_paths``); texts
are bounded and their line endings made Git's; base commits must be commit
ids (never options nor revision expressions) already on ``main``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from entraide.editing.limits import page_too_large
from entraide.editing.page_paths import PagePathError, docs_page_path
from entraide.proposals.errors import ProposalError
from entraide.proposals.naming import one_line

MAX_SUMMARY = 120
MAX_NOTE = 2000

_COMMIT_ID = re.compile(r"[0-9a-f]{7,40}")


def checked_page(docs_path: str, generated: Collection[str] = ()) -> str:
    """The docs-relative page path, or a French refusal (``generated``: pages the build writes)."""
    try:
        return docs_page_path(docs_path, generated)
    except PagePathError as error:
        raise ProposalError(str(error)) from None


def checked_text(text: str) -> str:
    """The page text with LF line endings and a final newline; refused when too large."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in normalized:
        raise ProposalError(
            "Le texte de la page contient un caractère nul : il n'a pas été enregistré."
        )
    too_large = page_too_large(normalized)
    if too_large is not None:
        raise ProposalError(too_large)
    if not normalized.strip():
        raise ProposalError(
            "Le texte de la page est vide : une proposition ne peut pas vider une page."
        )
    return normalized if normalized.endswith("\n") else normalized + "\n"


def checked_commit_id(value: str) -> str:
    if not _COMMIT_ID.fullmatch(value):
        raise ProposalError(
            "La version de départ de la modification est inconnue : "
            "rechargez la page et recommencez."
        )
    return value


def summary_line(summary: str, default: str) -> str:
    return one_line(summary, MAX_SUMMARY) or default


def checked_note(note: str) -> str:
    """A reviewer's note: required, bounded, lines kept, other control characters removed."""
    cleaned = "".join(
        c
        for c in note.replace("\r\n", "\n")
        if c == "\n" or not unicodedata.category(c).startswith("C")
    ).strip()
    if not cleaned:
        raise ProposalError(
            "Ajoutez une note qui explique votre décision à la personne qui a proposé."
        )
    if len(cleaned) > MAX_NOTE:
        raise ProposalError(f"La note dépasse {MAX_NOTE} caractères : raccourcissez-la.")
    return cleaned
