"""The proposal workflow: propose, revise, review (accept, refuse, send back), read.

Every change is written under one file lock in the editor's state folder, so
two reviewers never accept at once; ``main`` itself only ever moves by a
compare-and-swap (``git update-ref main new old``), so a commit pushed
meanwhile by someone else is never lost. Reading never takes the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path, PurePosixPath

from filelock import FileLock, Timeout

from entraide.editing.state import state_dir
from entraide.proposals.decisions import all_decisions, record_decision
from entraide.proposals.diffing import PageDiff, page_diff
from entraide.proposals.errors import ProposalConflictError, ProposalError, ProposalNotFoundError
from entraide.proposals.git_access import GitAccess, Identity
from entraide.proposals.inputs import (
    checked_commit_id,
    checked_note,
    checked_page,
    checked_text,
    summary_line,
)
from entraide.proposals.listing import TRAILER_ID, VersionHeader, read_proposals, trailers
from entraide.proposals.model import Acceptance, MergeStatus, Person, Proposal, ProposalState
from entraide.proposals.naming import (
    ZERO_REF,
    archive_ref,
    branch_name,
    checked_account,
    checked_id,
    git_name,
    new_id,
)
from entraide.proposals.versions import VersionFile, write_version

LOCK_TIMEOUT = 30.0

_CLOSED = {
    ProposalState.ACCEPTED: "Cette proposition a déjà été acceptée : "
    "proposez une nouvelle modification de la page.",
    ProposalState.REFUSED: "Cette proposition a été refusée : elle ne peut plus être modifiée "
    "ni relue. Proposez une nouvelle modification de la page.",
}


class ProposalStore:
    """The proposals of the site whose ``mkdocs.yml`` is in ``root``."""

    def __init__(
        self,
        root: Path,
        main: str = "main",
        docs_dir: str = "docs",
        generated: Collection[str] = (),
    ) -> None:
        """``generated``: the docs paths the build writes itself, which nobody may propose."""
        self.root = root
        self.generated = frozenset(generated)
        self.git = GitAccess(root)
        self.main_ref = f"refs/heads/{main}"
        self.main_name = main
        docs = (root / docs_dir).resolve()
        try:
            prefix = docs.relative_to(self.git.top.resolve())
        except ValueError:
            raise ProposalError(
                f"Le dossier des pages {docs} n'est pas dans le dépôt Git."
            ) from None
        self.docs_prefix = PurePosixPath(prefix.as_posix())
        self.state_dir = state_dir(root)
        self._lock_file = self.state_dir / "propositions.lock"

    # Reading -----------------------------------------------------------------

    def list(self, author: str | None = None, state: ProposalState | None = None) -> list[Proposal]:
        """Proposals newest first; ``author`` is an account login."""
        return [
            proposal
            for proposal in read_proposals(self.git, all_decisions(self.git))
            if (author is None or proposal.account == author)
            and (state is None or proposal.state is state)
        ]

    def get(self, proposal_id: str) -> Proposal:
        checked_id(proposal_id)
        for proposal in self.list():
            if proposal.id == proposal_id:
                return proposal
        raise ProposalNotFoundError(f"Aucune proposition ne porte l'identifiant « {proposal_id} ».")

    def main_commit(self) -> str:
        """The commit ``main`` is at: what an edit starts from (its base commit)."""
        commit = self.git.ref_target(self.main_ref)
        if commit is None:
            raise ProposalError(f"La branche {self.main_name} n'existe pas dans le dépôt.")
        return commit

    def main_text(self, docs_path: str) -> str | None:
        """The page as it is on ``main`` now (None: no such page)."""
        return self.git.blob_text(self.main_commit(), self._repo_path(checked_page(docs_path)))

    def proposed_text(self, proposal_id: str) -> str:
        return self.text_of(self.get(proposal_id))

    def text_of(self, proposal: Proposal) -> str:
        """The page text of a proposal's latest version (a proposal already read)."""
        return self.git.blob_text(proposal.tip, self._repo_path(proposal.docs_path)) or ""

    def diff(self, proposal_id: str) -> PageDiff:
        """What the latest version changes, from the page as its author started from it."""
        proposal = self.get(proposal_id)
        repo_path = self._repo_path(proposal.docs_path)
        old = self.git.blob_text(proposal.base_commit, repo_path)
        new = self.git.blob_text(proposal.tip, repo_path) or ""
        return page_diff(proposal.docs_path, old, new)

    def merge_status(self, proposal_id: str) -> MergeStatus:
        """Whether the proposal merges cleanly into ``main`` now; no worktree is touched."""
        return self._merge_status(self.get(proposal_id), self.main_commit())[0]

    def merge_statuses(self, proposals: Iterable[Proposal]) -> dict[str, MergeStatus]:
        """:meth:`merge_status` of each proposal already read, against one ``main`` commit."""
        main = self.main_commit()
        return {proposal.id: self._merge_status(proposal, main)[0] for proposal in proposals}

    # Contributors ------------------------------------------------------------

    def propose(
        self,
        author: Person,
        docs_path: str,
        text: str,
        base_commit: str,
        summary: str = "",
        new_page: bool = False,
    ) -> Proposal:
        """A new proposal: one commit on a new branch, parent ``base_commit``."""
        account = checked_account(author.account)
        docs_path = checked_page(docs_path, self.generated)
        text = checked_text(text)
        with self._locked():
            base = self._base(base_commit)
            repo_path = self._repo_path(docs_path)
            if self.git.through_non_folder(base, repo_path):
                raise ProposalError(
                    f"« {docs_path} » passe par un fichier ou un lien symbolique : "
                    "seules les pages "
                    "réellement dans le dossier docs/ peuvent être proposées."
                )
            exists = self.git.path_exists(base, repo_path)
            if new_page and exists:
                raise ProposalError(
                    f"La page {docs_path} existe déjà : proposez une modification de cette page."
                )
            old = self.git.blob_text(base, repo_path)
            if not new_page and old is None:
                raise ProposalError(
                    f"La page {docs_path} n'existe pas : proposez plutôt une nouvelle page."
                )
            if old == text:
                raise ProposalError(
                    "Le texte proposé est identique à la page : rien n'a été enregistré."
                )
            proposal_id = new_id()
            default = f"Nouvelle page {docs_path}" if new_page else f"Modification de {docs_path}"
            header = VersionHeader(
                proposal_id, summary_line(summary, default), docs_path, base, account, 1, new_page
            )
            commit = self._commit_version(header, repo_path, text, [base], author)
            ref = f"refs/heads/{branch_name(account, docs_path, proposal_id)}"
            if not self.git.update_ref(ref, commit, ZERO_REF, f"proposition {proposal_id}"):
                raise ProposalError("La proposition n'a pas pu être enregistrée : réessayez.")
        return self.get(proposal_id)

    def revise(
        self, proposal_id: str, author: Person, text: str, base_commit: str, summary: str = ""
    ) -> Proposal:
        """A new version on the same branch, by its author, while it is open.

        A version started from a newer ``main`` than the previous one gets that
        commit as a second parent, as if the author had merged ``main`` into
        their branch and resolved the conflict with this text: the proposal
        then merges cleanly unless the page changed again on ``main``.
        """
        text = checked_text(text)
        with self._locked():
            proposal = self.get(proposal_id)
            if proposal.account != author.account:
                raise ProposalError(
                    "Seule la personne qui a fait cette proposition peut en envoyer "
                    "une nouvelle version."
                )
            if not proposal.state.open:
                raise ProposalError(_CLOSED[proposal.state])
            base = self._base(base_commit)
            repo_path = self._repo_path(proposal.docs_path)
            if self.git.through_non_folder(base, repo_path):
                raise ProposalError(
                    f"« {proposal.docs_path} » passe désormais par un fichier "
                    "ou un lien symbolique "
                    f"sur {self.main_name} : proposez une nouvelle page ailleurs."
                )
            if base == proposal.base_commit and self.git.blob_text(proposal.tip, repo_path) == text:
                raise ProposalError(
                    "Cette version est identique à la précédente : rien n'a été enregistré."
                )
            version = proposal.version + 1
            header = VersionHeader(
                proposal.id,
                summary_line(summary, proposal.summary),
                proposal.docs_path,
                base,
                proposal.account,
                version,
                proposal.new_page,
            )
            parents = [proposal.tip]
            if not self.git.is_ancestor(base, proposal.tip):
                parents.append(base)
            commit = self._commit_version(header, repo_path, text, parents, author)
            if not self.git.update_ref(
                proposal.ref, commit, proposal.tip, f"proposition {proposal.id} v{version}"
            ):
                raise ProposalError(
                    "La proposition a changé entre-temps : rechargez la page et recommencez."
                )
        return self.get(proposal_id)

    # Reviewers ---------------------------------------------------------------

    def accept(
        self,
        proposal_id: str,
        reviewer: Person,
        refusal: Callable[[str, str], str | None] | None = None,
    ) -> Acceptance:
        """Merge the proposal into ``main`` with a ``Reviewed-by:`` trailer.

        A proposal that no longer merges cleanly is sent back to its author and
        :class:`ProposalConflictError` carries the page's current text; ``main`` is
        unchanged. ``refusal(docs_path, text)`` judges the page as the merge would
        write it, under the lock: when ``main`` changed the page meanwhile, a clean
        merge of two valid texts can still be an invalid page (a link to a heading the
        other side removed). It returns why not to merge (French), or None. After the
        merge, the served checkout follows ``main`` when it has it checked out, so
        ``entraide serve`` rebuilds.
        """
        with self._locked():
            proposal = self._reviewable(proposal_id, reviewer)
            if proposal.state is ProposalState.SENT_BACK:
                raise ProposalError(
                    "Cette proposition a été renvoyée à son auteur : attendez sa nouvelle version."
                )
            if proposal.account == reviewer.account:
                raise ProposalError(
                    "Vous ne pouvez pas accepter votre propre proposition : "
                    "une autre personne doit la relire."
                )
            old_main = self.main_commit()
            if self.git.is_ancestor(proposal.tip, old_main):
                # Already merged (by hand, or by an accept interrupted before its record).
                self._decide(
                    proposal,
                    ProposalState.ACCEPTED,
                    reviewer,
                    f"Déjà dans {self.main_name}.",
                    old_main,
                )
                self._archive(proposal)
                return Acceptance(
                    old_main, True, f"La proposition était déjà dans {self.main_name}."
                )
            status, tree = self._merge_status(proposal, old_main)
            if not status.clean:
                raise self._conflict(proposal, reviewer, status)
            if refusal is not None:
                merged_text = self.git.blob_text(tree, self._repo_path(proposal.docs_path))
                reason = refusal(proposal.docs_path, merged_text or "")
                if reason:
                    raise ProposalError(reason)
            identity = Identity(reviewer.name, reviewer.address)
            message = trailers(
                f"Accepte la proposition {proposal.id} : {proposal.summary}\n\n"
                f"Page {proposal.docs_path}, proposée par {proposal.author} "
                f"(version {proposal.version}).",
                **{
                    TRAILER_ID: proposal.id,
                    "Reviewed-by": f"{git_name(identity.name)} <{identity.email}>",
                },
            )
            merged = self.git.commit_tree(
                tree, [old_main, proposal.tip], message, identity, identity
            )
            if not self.git.update_ref(
                self.main_ref, merged, old_main, f"accepte la proposition {proposal.id}"
            ):
                raise ProposalError(
                    f"La branche {self.main_name} a changé pendant l'acceptation : "
                    "rien n'a été fusionné, réessayez."
                )
            self._decide(
                proposal,
                ProposalState.ACCEPTED,
                reviewer,
                f"Fusionnée dans {self.main_name}.",
                merged,
            )
            self._archive(proposal)
            updated, note = self._follow(old_main, merged)
        return Acceptance(merged, updated, note)

    def reject(self, proposal_id: str, reviewer: Person, note: str) -> Proposal:
        """Refuse the proposal: its branch moves to the archives with the reviewer's note."""
        note = checked_note(note)
        with self._locked():
            proposal = self._reviewable(proposal_id, reviewer)
            self._decide(proposal, ProposalState.REFUSED, reviewer, note)
            self._archive(proposal)
        return self.get(proposal_id)

    def send_back(self, proposal_id: str, reviewer: Person, note: str) -> Proposal:
        """Ask the author for a new version (« à reprendre »), with the reviewer's note."""
        note = checked_note(note)
        with self._locked():
            proposal = self._reviewable(proposal_id, reviewer)
            if proposal.state is ProposalState.SENT_BACK:
                raise ProposalError(
                    "Cette proposition attend déjà une nouvelle version de son auteur."
                )
            self._decide(proposal, ProposalState.SENT_BACK, reviewer, note)
        return self.get(proposal_id)

    # Internals ---------------------------------------------------------------

    def _decide(
        self,
        proposal: Proposal,
        state: ProposalState,
        reviewer: Person,
        note: str,
        merge_commit: str | None = None,
    ) -> None:
        """Record a reviewer's decision on the proposal's current version."""
        identity = Identity(reviewer.name, reviewer.address)
        record_decision(
            self.git,
            proposal.id,
            proposal.tip,
            state,
            identity,
            note,
            int(time.time()),
            merge_commit,
        )

    def _commit_version(
        self,
        header: VersionHeader,
        repo_path: str,
        text: str,
        parents: Sequence[str],
        author: Person,
    ) -> str:
        return write_version(
            self.git,
            self._worktrees,
            VersionFile(header.base, repo_path, text),
            parents,
            header.message(),
            Identity(author.name, author.address),
        )

    @property
    def _worktrees(self) -> Path:
        return self.state_dir / "worktrees"

    def _locked(self) -> FileLock:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return _FrenchLock(str(self._lock_file), timeout=LOCK_TIMEOUT)

    def _repo_path(self, docs_path: str) -> str:
        return str(self.docs_prefix / docs_path) if str(self.docs_prefix) != "." else docs_path

    def _base(self, base_commit: str) -> str:
        base = self.git.commit_of(checked_commit_id(base_commit))
        if base is None or not self.git.is_ancestor(base, self.main_commit()):
            raise ProposalError(
                f"La version de départ de la modification n'est pas sur {self.main_name} : "
                "rechargez la page et recommencez."
            )
        return base

    def _reviewable(self, proposal_id: str, reviewer: Person) -> Proposal:
        if not reviewer.may_review:
            raise ProposalError(
                "Votre compte ne permet pas de relire les propositions : "
                "il faut le rôle relecteur ou admin."
            )
        proposal = self.get(proposal_id)
        if not proposal.state.open:
            raise ProposalError(_CLOSED[proposal.state])
        return proposal

    def _merge_status(self, proposal: Proposal, main: str) -> tuple[MergeStatus, str]:
        status, out, err = self.git.run(
            "merge-tree", "--write-tree", "--name-only", "--no-messages", main, proposal.tip
        )
        if status not in (0, 1):
            raise ProposalError(f"Git n'a pas pu essayer la fusion : {err.strip()[:300]}")
        lines = out.splitlines()
        tree = lines[0] if lines else ""
        conflicts = tuple(dict.fromkeys(line for line in lines[1:] if line))
        return MergeStatus(status == 0, conflicts, main), tree

    def _conflict(
        self, proposal: Proposal, reviewer: Person, status: MergeStatus
    ) -> ProposalConflictError:
        """Send the proposal back because of a conflict, and say so."""
        self._decide(
            proposal,
            ProposalState.SENT_BACK,
            reviewer,
            f"La page a changé sur {self.main_name} depuis cette proposition : "
            "reprenez-la à partir du texte actuel.",
        )
        repo_path = self._repo_path(proposal.docs_path)
        return ProposalConflictError(
            f"La proposition {proposal.id} ne peut plus être fusionnée : la page "
            f"{proposal.docs_path} a changé sur {self.main_name} depuis. "
            "Elle est renvoyée à son auteur avec le texte actuel.",
            paths=status.conflicts,
            current_text=self.git.blob_text(status.main_commit, repo_path),
            proposed_text=self.git.blob_text(proposal.tip, repo_path) or "",
        )

    def _archive(self, proposal: Proposal) -> None:
        self.git.update_ref(
            archive_ref(proposal.branch), proposal.tip, ZERO_REF, f"archive {proposal.id}"
        )
        self.git.delete_ref(proposal.ref, proposal.tip)

    def _follow(self, old: str, new: str) -> tuple[bool, str]:
        """Bring the served checkout's files from ``old`` to ``new`` if it has ``main`` checked out.

        ``git read-tree -m -u old new`` is what a checkout does: it refuses,
        changing nothing, when a file it would change has local edits.
        """
        status, head, _ = self.git.run("symbolic-ref", "--quiet", "HEAD")
        if status != 0 or head.strip() != self.main_ref:
            return False, (
                f"Le dossier servi n'a pas la branche {self.main_name} en cours : ses fichiers "
                f"n'ont pas changé, la modification est dans {self.main_name}."
            )
        status, _, _ = self.git.run("read-tree", "-m", "-u", old, new)
        if status != 0:
            return False, (
                "Les fichiers du dossier servi ont des modifications locales : ils n'ont pas "
                f"été mis à jour, mais {self.main_name} contient bien la modification. Mettez ces "
                f"modifications de côté (git stash), lancez « git reset --hard {self.main_name} », "
                "puis « git stash pop »."
            )
        return True, "La modification est dans les fichiers servis : le site va se reconstruire."


class _FrenchLock(FileLock):
    """The store's lock; waiting too long is a French error, not a traceback."""

    def __enter__(self) -> _FrenchLock:
        try:
            super().__enter__()
        except Timeout:
            raise ProposalError(
                "Une autre opération sur les propositions est en cours : réessayez dans un instant."
            ) from None
        return self
