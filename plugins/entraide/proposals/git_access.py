"""The few Git operations proposals need, through GitPython, never on the served files.

Everything reads objects or writes objects and refs; the only command that
touches a working tree is the transient worktree in ``versions.py`` and the
served checkout's fast-forward in ``store.py``. Arguments that come from
people (identifiers, paths) are checked before they get here, and revisions
are always passed after options so none can be read as an option.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from git import Commit, Repo, Tree
from git.exc import BadName, GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from entraide.proposals.errors import ProposalError
from entraide.proposals.naming import git_name

# Git reads signing and hook settings from the user's configuration; commits made
# for someone else must not depend on them.
_NO_SIGNING = "--no-gpg-sign"


@dataclass(frozen=True)
class Identity:
    """A Git author or committer line's name and e-mail."""

    name: str
    email: str

    def env(self, role: str) -> dict[str, str]:
        return {f"GIT_{role}_NAME": git_name(self.name), f"GIT_{role}_EMAIL": self.email}


class GitAccess:
    """One repository, opened once; methods say what they do in content terms."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = Repo(root, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise ProposalError(
                f"{root} n'est pas dans un dépôt Git : les propositions ont besoin de Git "
                "(lancez « git init » puis un premier commit)."
            ) from None
        if self.repo.working_tree_dir is None:
            raise ProposalError(f"{root} est un dépôt Git sans copie de travail.")
        self.top = Path(self.repo.working_tree_dir)
        self._objects = threading.Lock()

    def run(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Status, stdout and stderr of ``git args``, without raising on a non-zero status."""
        status, out, err = self.repo.git.execute(
            ["git", *args],
            with_extended_output=True,
            with_exceptions=False,
            env=env,
            strip_newline_in_stdout=False,
        )
        return int(status), str(out), str(err)

    def output(self, *args: str, env: dict[str, str] | None = None) -> str:
        """Stdout of ``git args`` without its final newline; a failure is a French error."""
        status, out, err = self.run(*args, env=env)
        if status != 0:
            raise ProposalError(f"Git a refusé l'opération ({args[0]}) : {err.strip()[:300]}")
        return out.removesuffix("\n")

    def commit_of(self, revision: str) -> str | None:
        """The full commit id ``revision`` names, or None (``revision`` is already checked)."""
        status, out, _ = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
        return out.strip() if status == 0 else None

    def ref_target(self, ref: str) -> str | None:
        status, out, _ = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref)
        return out.strip() if status == 0 else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        status, _, _ = self.run(
            "merge-base", "--is-ancestor", "--end-of-options", ancestor, descendant
        )
        return status == 0

    def _root(self, treeish: str) -> Tree:
        """The root tree of a commit, or a tree itself (GitPython leaves a tree read by its
        id without the empty path that ``/`` needs)."""
        found = self.repo.rev_parse(treeish)
        if isinstance(found, Commit):
            return found.tree
        if isinstance(found, Tree):
            return Tree(self.repo, found.binsha, path="")
        raise ValueError(treeish)

    def _entry(self, commit: str, repo_path: str) -> tuple[str, int, bytes | None] | None:
        """(type, mode, content of a blob) of the tree entry at ``repo_path`` in ``commit``
        (or in a tree, such as the one ``git merge-tree`` writes), or None.

        GitPython reads objects through one long-lived ``git cat-file --batch``
        process per repository, which is not safe to share between threads: the
        server's worker threads take turns here.
        """
        with self._objects:
            try:
                item = self._root(commit) / repo_path
            except (KeyError, BadName, ValueError, TypeError, AttributeError):
                # Not found, or a path through a file or a symbolic link.
                return None
            data = item.data_stream.read() if item.type == "blob" else None
            return str(item.type), int(item.mode), data

    def blob_text(self, commit: str, repo_path: str) -> str | None:
        """The text of a regular file at ``commit``, or None when there is no such file."""
        entry = self._entry(commit, repo_path)
        if entry is None or entry[2] is None or entry[1] not in (0o100644, 0o100755):
            return None
        return entry[2].decode("utf-8", errors="replace")

    def through_non_folder(self, commit: str, repo_path: str) -> bool:
        """Whether a parent of ``repo_path`` is, at ``commit``, a file or a symbolic link.

        The proposal's worktree has no files on disk, so writing through a
        symbolic link there would silently replace the link by a folder.
        """
        parts = repo_path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            entry = self._entry(commit, "/".join(parts[:depth]))
            if entry is None:
                return False
            if entry[0] != "tree":
                return True
        return False

    def path_exists(self, commit: str, repo_path: str) -> bool:
        return self._entry(commit, repo_path) is not None

    def commit_tree(
        self, tree: str, parents: Sequence[str], message: str, author: Identity, committer: Identity
    ) -> str:
        arguments = ["commit-tree", _NO_SIGNING]
        for parent in parents:
            arguments += ["-p", parent]
        arguments += ["-m", message, tree]
        return self.output(*arguments, env={**author.env("AUTHOR"), **committer.env("COMMITTER")})

    def update_ref(self, ref: str, new: str, old: str, reason: str) -> bool:
        """Move ``ref`` from ``old`` to ``new`` only if it still is at ``old`` (ZERO: absent)."""
        status, _, _ = self.run("update-ref", "-m", reason, ref, new, old)
        return status == 0

    def delete_ref(self, ref: str, old: str) -> bool:
        status, _, _ = self.run("update-ref", "-d", ref, old)
        return status == 0

    def make_tag(
        self, target: str, name: str, tagger: Identity, timestamp: int, message: str
    ) -> str:
        """Write an annotated tag object (no ref): the record of a reviewer's decision."""
        body = (
            f"object {target}\ntype commit\ntag {name}\n"
            f"tagger {git_name(tagger.name)} <{tagger.email}> {timestamp} +0000\n\n{message}\n"
        )
        with tempfile.TemporaryFile() as stream:
            stream.write(body.encode("utf-8"))
            stream.seek(0)
            try:
                return str(self.repo.git.mktag(istream=stream)).strip()
            except GitCommandError as error:
                raise ProposalError(
                    f"Git n'a pas pu enregistrer la décision : {str(error.stderr).strip()[:300]}"
                ) from None
