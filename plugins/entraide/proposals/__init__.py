"""Proposals: changes to one page, made on their own Git branch, reviewed before ``main``.

The domain of the browser editor's review workflow (issue 16). Everything is
plain Git, so a proposal and its fate survive a restart and can be read with
``git log``: a branch ``propositions/<account>/<page>-<id>`` per open proposal,
an archive ref once it is accepted or refused, and one annotated tag object
per reviewer's decision. Nothing here knows about HTTP or MkDocs.
"""

from entraide.proposals.diffing import (
    DiffHunk,
    DiffLine,
    FieldChange,
    PageDiff,
    PairedLine,
    side_by_side,
)
from entraide.proposals.errors import ProposalConflictError, ProposalError, ProposalNotFoundError
from entraide.proposals.model import (
    Acceptance,
    Decision,
    MergeStatus,
    Person,
    Proposal,
    ProposalState,
)
from entraide.proposals.store import ProposalStore

__all__ = [
    "Acceptance",
    "Decision",
    "DiffHunk",
    "DiffLine",
    "FieldChange",
    "MergeStatus",
    "PageDiff",
    "PairedLine",
    "Person",
    "Proposal",
    "ProposalConflictError",
    "ProposalError",
    "ProposalNotFoundError",
    "ProposalState",
    "ProposalStore",
    "side_by_side",
]
