"""Reviewers' decisions, recorded as annotated tag objects under ``refs/entraide/decisions/``.

A tag is Git's own signed-off record of "who said what about which commit,
when": its tagger is the reviewer, its target the version judged and its
message the note. Refs outside ``refs/tags`` are never pushed with
``--tags`` nor listed by ``git tag``, and survive garbage collection.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from entraide.proposals.git_access import GitAccess, Identity
from entraide.proposals.model import Decision, ProposalState
from entraide.proposals.naming import DECISION_NAMESPACE, ZERO_REF, decision_ref

VERDICTS: dict[ProposalState, str] = {
    ProposalState.ACCEPTED: "acceptee",
    ProposalState.REFUSED: "refusee",
    ProposalState.SENT_BACK: "a-reprendre",
}
_STATES = {verdict: state for state, verdict in VERDICTS.items()}
_MERGE_LINE = "Fusion: "

_FIELD = "%1f"
_RECORD = "%1e"
_FORMAT = (
    _FIELD.join(
        [
            "%(refname)",
            "%(*objectname)",
            "%(taggername)",
            "%(taggeremail)",
            "%(taggerdate:unix)",
            "%(contents)",
        ]
    )
    + _RECORD
)


def record_decision(
    git: GitAccess,
    proposal_id: str,
    commit: str,
    state: ProposalState,
    reviewer: Identity,
    note: str,
    timestamp: int,
    merge_commit: str | None = None,
) -> None:
    """Write the decision's tag and its ref; numbers keep decisions in order."""
    number = len(all_decisions(git).get(proposal_id, ())) + 1
    titles = {
        ProposalState.ACCEPTED: "acceptée",
        ProposalState.REFUSED: "refusée",
        ProposalState.SENT_BACK: "renvoyée à son auteur",
    }
    message = f"Proposition {proposal_id} {titles[state]}\n\n{note.strip() or '(sans note)'}\n"
    if merge_commit is not None:
        message += f"\n{_MERGE_LINE}{merge_commit}\n"
    tag = git.make_tag(commit, f"proposition-{proposal_id}-{number}", reviewer, timestamp, message)
    git.update_ref(
        decision_ref(proposal_id, number, VERDICTS[state]), tag, ZERO_REF, message.splitlines()[0]
    )


def _parse(record: str) -> tuple[str, Decision] | None:
    ref, target, name, email, date, contents = record.split("\x1f", 5)
    proposal_id, _, leaf = ref.removeprefix(DECISION_NAMESPACE).partition("/")
    state = _STATES.get(leaf.partition("-")[2])
    if state is None or not date.strip().isdigit():
        return None
    _, _, body = contents.partition("\n\n")
    note_lines, merge_commit = [], None
    for line in body.rstrip("\n").splitlines():
        if line.startswith(_MERGE_LINE):
            merge_commit = line.removeprefix(_MERGE_LINE).strip()
        else:
            note_lines.append(line)
    note = "\n".join(note_lines).strip()
    decision = Decision(
        state=state,
        reviewer=name,
        reviewer_email=email.strip("<>"),
        date=datetime.fromtimestamp(int(date)).astimezone(),
        note="" if note == "(sans note)" else note,
        commit=target,
        merge_commit=merge_commit,
    )
    return proposal_id, decision


def all_decisions(git: GitAccess) -> dict[str, list[Decision]]:
    """Every proposal's decisions, oldest first, in one ``git for-each-ref``."""
    output = git.output("for-each-ref", "--sort=refname", f"--format={_FORMAT}", DECISION_NAMESPACE)
    found: dict[str, list[Decision]] = defaultdict(list)
    for record in output.split("\x1e"):
        record = record.lstrip("\n")
        if not record:
            continue
        parsed = _parse(record)
        if parsed is not None:
            found[parsed[0]].append(parsed[1])
    return dict(found)
