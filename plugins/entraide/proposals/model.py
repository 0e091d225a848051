"""The values the proposal store hands out: people, proposals, decisions, merge status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

INVALID_DOMAIN = "entraide.invalid"


class ProposalState(StrEnum):
    """Where a proposal stands; the values are the words people read."""

    PENDING = "en attente"
    ACCEPTED = "acceptée"
    REFUSED = "refusée"
    SENT_BACK = "à reprendre"

    @property
    def open(self) -> bool:
        """Whether its author may still revise it."""
        return self in (ProposalState.PENDING, ProposalState.SENT_BACK)


@dataclass(frozen=True)
class Person:
    """Someone acting on proposals, as the accounts give them.

    ``account`` is the login (it names branches and compares authors),
    ``name`` the display name Git records, ``may_review`` whether the account's
    role lets it accept, refuse or send back proposals.
    """

    account: str
    name: str
    email: str | None = None
    may_review: bool = False

    @property
    def address(self) -> str:
        """The e-mail Git records: the account's own, else one that can never be delivered."""
        return self.email or f"{self.account}@{INVALID_DOMAIN}"


@dataclass(frozen=True)
class Decision:
    """A reviewer's verdict on one version (commit) of a proposal."""

    state: ProposalState
    reviewer: str
    reviewer_email: str
    date: datetime
    note: str
    commit: str
    merge_commit: str | None = None


@dataclass(frozen=True)
class Proposal:
    """One proposed change to one page, at its latest version."""

    id: str
    ref: str
    account: str
    author: str
    author_email: str
    docs_path: str
    base_commit: str
    tip: str
    summary: str
    new_page: bool
    date: datetime
    version: int
    state: ProposalState
    decision: Decision | None

    @property
    def branch(self) -> str:
        """``propositions/<account>/<page>-<id>``: the branch name, kept when archived."""
        return self.ref[self.ref.index("propositions/") :]


@dataclass(frozen=True)
class MergeStatus:
    """Whether a proposal still merges into ``main``, as ``git merge-tree`` says."""

    clean: bool
    conflicts: tuple[str, ...]
    main_commit: str


@dataclass(frozen=True)
class Acceptance:
    """An accepted proposal: the new ``main`` commit, and whether the served files followed."""

    commit: str
    working_tree_updated: bool
    message: str
