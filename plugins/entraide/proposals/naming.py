"""Names of everything a proposal leaves in Git: identifiers, branches, archive and decision refs.

Refs are where a proposal's state lives, so their names are the schema:

- ``refs/heads/propositions/<account>/<page-slug>-<id>``: an open proposal;
- ``refs/entraide/archives/propositions/<account>/<page-slug>-<id>``: accepted or refused
  (kept so the text and its review stay readable; ``git gc`` never drops it);
- ``refs/entraide/decisions/<id>/<nnnn>-<verdict>``: one annotated tag per decision,
  pointing at the version judged, its tagger the reviewer and its message the note.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from entraide.proposals.errors import ProposalError, ProposalNotFoundError

BRANCH_PREFIX = "propositions"
OPEN_NAMESPACE = f"refs/heads/{BRANCH_PREFIX}/"
ARCHIVE_NAMESPACE = f"refs/entraide/archives/{BRANCH_PREFIX}/"
DECISION_NAMESPACE = "refs/entraide/decisions/"
# The "old value" that makes ``git update-ref`` create a ref only if it does not exist.
ZERO_REF = "0" * 40

_ID = re.compile(r"[0-9a-f]{8}")
_ACCOUNT = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


def new_id() -> str:
    """A short random identifier: unguessable enough that ids in URLs reveal nothing."""
    return secrets.token_hex(4)


def checked_id(value: str) -> str:
    """``value`` when it has the shape of an identifier, else not found (never a Git argument)."""
    if not _ID.fullmatch(value):
        raise ProposalNotFoundError(f"Aucune proposition ne porte l'identifiant « {value[:40]} ».")
    return value


def checked_account(value: str) -> str:
    """The account login, which becomes a ref component: lowercase letters, digits, - and _."""
    if not _ACCOUNT.fullmatch(value):
        raise ProposalError(
            f"Le compte « {value[:40]} » ne peut pas nommer une branche de proposition : "
            "seuls les lettres minuscules sans accent, les chiffres, « - » et « _ » sont permis."
        )
    return value


def page_slug(docs_path: str) -> str:
    """``procedures/caf/prime.md`` → ``procedures-caf-prime``: readable in ``git branch``."""
    stem = docs_path.removesuffix(".md")
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:_MAX_SLUG].strip("-")
    return slug or "page"


def branch_name(account: str, docs_path: str, proposal_id: str) -> str:
    return f"{BRANCH_PREFIX}/{account}/{page_slug(docs_path)}-{proposal_id}"


def id_of_ref(ref: str) -> str | None:
    """The identifier at the end of a proposal ref, or None for a ref that is not one."""
    candidate = ref.rsplit("-", 1)[-1]
    return candidate if _ID.fullmatch(candidate) else None


def archive_ref(branch: str) -> str:
    return f"refs/entraide/archives/{branch}"


def decision_ref(proposal_id: str, number: int, verdict: str) -> str:
    return f"{DECISION_NAMESPACE}{proposal_id}/{number:04d}-{verdict}"


def one_line(text: str, limit: int) -> str:
    """Text made safe for a commit subject or a trailer: one line, no control characters."""
    cleaned = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return re.sub(r"\s+", " ", cleaned).strip()[:limit]


def git_name(text: str) -> str:
    """A display name as Git can record it (Git cuts names at < and >)."""
    return one_line(text.replace("<", "").replace(">", ""), 80) or "Anonyme"
