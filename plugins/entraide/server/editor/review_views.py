"""What the review pages show about a proposal, computed from the domain, ready for templates.

Templates only loop and print: dates in French words, states as the words
people read, check results counted, and the reasons a reviewer may not act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from entraide.editing.live_check import DraftCheck, DraftProblem
from entraide.proposals import MergeStatus, PairedLine, Proposal, ProposalState, side_by_side

MONTHS: Final = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

# The state as a word, and the class of its badge.
STATE_CLASSES: Final = {
    ProposalState.PENDING: "etat--attente",
    ProposalState.ACCEPTED: "etat--acceptee",
    ProposalState.REFUSED: "etat--refusee",
    ProposalState.SENT_BACK: "etat--reprendre",
}

# What a POST did, shown after the redirect: a fixed code in the address, never free text.
DONE: Final = {
    "acceptee": "Proposition acceptée : elle est dans {main} et le site va se reconstruire.",
    "acceptee-main": (
        "Proposition acceptée : elle est dans {main}, mais les fichiers servis n'ont pas pu "
        "suivre (le détail est dans le terminal d'entraide serve)."
    ),
    "refusee": "Proposition refusée : elle est archivée avec votre note.",
    "renvoyee": "Proposition renvoyée à son auteur avec votre note.",
}


def french_date(moment: datetime) -> str:
    """``2 décembre 2026 à 20 h 41``."""
    local = moment.astimezone()
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} à {local.hour} h {local.minute:02d}"


@dataclass(frozen=True)
class CheckSummary:
    """The ``check`` result of a proposed text: its problems and a one-line verdict."""

    problems: tuple[DraftProblem, ...]
    unavailable: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def verdict(self) -> str:
        if self.unavailable:
            return "vérification impossible"
        if not self.problems:
            return "aucun problème"
        parts = []
        if self.errors:
            parts.append(f"{self.errors} erreur{'s' if self.errors > 1 else ''}")
        if self.warnings:
            parts.append(f"{self.warnings} avertissement{'s' if self.warnings > 1 else ''}")
        return ", ".join(parts)

    @classmethod
    def of(cls, check: DraftCheck) -> CheckSummary:
        return cls(tuple(check.problems))


@dataclass(frozen=True)
class ProposalRow:
    """One proposal as listed: the domain value plus what the list shows beside it."""

    proposal: Proposal
    date: str
    check: CheckSummary | None = None
    merge: MergeStatus | None = None

    @property
    def state_class(self) -> str:
        return STATE_CLASSES[self.proposal.state]

    @property
    def merge_text(self) -> str:
        if self.merge is None:
            return ""
        if self.merge.clean:
            return "fusion possible"
        return "en conflit"


def row(
    proposal: Proposal, check: CheckSummary | None = None, merge: MergeStatus | None = None
) -> ProposalRow:
    return ProposalRow(proposal, french_date(proposal.date), check, merge)


@dataclass(frozen=True)
class Comparison:
    """The page as it is now beside a proposal's text: the differing lines, then both texts."""

    current_text: str | None
    proposed_text: str
    groups: tuple[tuple[PairedLine, ...], ...]

    @classmethod
    def of(cls, current_text: str | None, proposed_text: str) -> Comparison:
        return cls(current_text, proposed_text, side_by_side(current_text or "", proposed_text))
