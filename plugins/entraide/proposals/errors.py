"""What goes wrong with a proposal, said in French for the person who asked."""

from __future__ import annotations


class ProposalError(Exception):
    """A refused request; ``message`` is the French sentence to show, nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProposalNotFoundError(ProposalError):
    """No proposal has this identifier (or the identifier is malformed)."""


class ProposalConflictError(ProposalError):
    """The proposal no longer merges into ``main``: it went back to its author.

    Carries what the author needs to redo the change: the page as it is now on
    ``main`` (``None`` when the page was removed there) beside their own text.
    """

    def __init__(
        self,
        message: str,
        *,
        paths: tuple[str, ...],
        current_text: str | None,
        proposed_text: str,
    ) -> None:
        super().__init__(message)
        self.paths = paths
        self.current_text = current_text
        self.proposed_text = proposed_text
