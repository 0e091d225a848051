"""Reading proposals back from their refs: one ``git for-each-ref`` for all of them.

Each version's commit message ends with ``Proposition-*`` trailers (identifier,
page, base commit, account, version, new page), so a proposal is entirely
described by its tip commit, its ref's namespace and its decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from entraide.proposals.git_access import GitAccess
from entraide.proposals.model import Decision, Proposal, ProposalState
from entraide.proposals.naming import ARCHIVE_NAMESPACE, OPEN_NAMESPACE, id_of_ref

TRAILER_ID = "Proposition-id"
TRAILER_PAGE = "Proposition-page"
TRAILER_BASE = "Proposition-base"
TRAILER_ACCOUNT = "Proposition-compte"
TRAILER_VERSION = "Proposition-version"
TRAILER_NEW_PAGE = "Proposition-nouvelle-page"

_FORMAT = (
    "%1f".join(
        [
            "%(refname)",
            "%(objectname)",
            "%(authorname)",
            "%(authoremail)",
            "%(authordate:unix)",
            "%(contents:subject)",
            "%(trailers:only,unfold)",
        ]
    )
    + "%1e"
)


@dataclass(frozen=True)
class VersionHeader:
    """What a version's commit message records about its proposal."""

    proposal_id: str
    summary: str
    page: str
    base: str
    account: str
    version: int
    new_page: bool

    def message(self) -> str:
        return trailers(
            self.summary,
            **{
                TRAILER_ID: self.proposal_id,
                TRAILER_PAGE: self.page,
                TRAILER_BASE: self.base,
                TRAILER_ACCOUNT: self.account,
                TRAILER_VERSION: str(self.version),
                TRAILER_NEW_PAGE: "oui" if self.new_page else "non",
            },
        )


def trailers(message: str, **values: str) -> str:
    """``message`` followed by the trailer paragraph ``Key: value`` (keys given as kwargs)."""
    lines = "\n".join(f"{key}: {value}" for key, value in values.items())
    return f"{message}\n\n{lines}\n"


def _trailer_values(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, separator, value = line.partition(": ")
        if separator:
            found[key.strip()] = value.strip()
    return found


def _state(archived: bool, tip: str, decisions: list[Decision]) -> ProposalState:
    latest = decisions[-1] if decisions else None
    if archived:
        return latest.state if latest is not None else ProposalState.REFUSED
    # A decision on the current version stands; a new version makes it pending again.
    # (An accepted or refused proposal whose ref was not archived yet is still closed.)
    if latest is not None and latest.commit == tip:
        return latest.state
    return ProposalState.PENDING


def _proposal(record: str, decisions: dict[str, list[Decision]]) -> Proposal | None:
    ref, tip, name, email, date, subject, trailer_text = record.split("\x1f", 6)
    proposal_id = id_of_ref(ref)
    values = _trailer_values(trailer_text)
    if proposal_id is None or values.get(TRAILER_ID) != proposal_id or not date.isdigit():
        return None
    mine = decisions.get(proposal_id, [])
    version = values.get(TRAILER_VERSION, "1")
    return Proposal(
        id=proposal_id,
        ref=ref,
        account=values.get(TRAILER_ACCOUNT, ""),
        author=name,
        author_email=email.strip("<>"),
        docs_path=values.get(TRAILER_PAGE, ""),
        base_commit=values.get(TRAILER_BASE, ""),
        tip=tip,
        summary=subject,
        new_page=values.get(TRAILER_NEW_PAGE) == "oui",
        date=datetime.fromtimestamp(int(date)).astimezone(),
        version=int(version) if version.isdigit() else 1,
        state=_state(ref.startswith(ARCHIVE_NAMESPACE), tip, mine),
        decision=mine[-1] if mine else None,
    )


def read_proposals(git: GitAccess, decisions: dict[str, list[Decision]]) -> list[Proposal]:
    """Every proposal, open or archived, newest first."""
    output = git.output("for-each-ref", f"--format={_FORMAT}", OPEN_NAMESPACE, ARCHIVE_NAMESPACE)
    proposals = []
    for record in output.split("\x1e"):
        record = record.lstrip("\n")
        if record:
            proposal = _proposal(record, decisions)
            if proposal is not None:
                proposals.append(proposal)
    return sorted(proposals, key=lambda proposal: proposal.date, reverse=True)
