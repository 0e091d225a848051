"""Writing one version of a proposal: the page's new text as a commit, away from the served files.

The file is written in a transient Git worktree under the editor's state
folder, checked out without files (``--no-checkout``) and given the base
commit's index, so only the proposed page is ever written to disk and
neither ``main`` nor the served checkout are touched. The worktree is removed
as soon as the tree is written; the commit and the branch are plain objects
and refs.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from git import Repo
from git.exc import GitCommandError

from entraide.proposals.errors import ProposalError
from entraide.proposals.git_access import GitAccess, Identity


@dataclass(frozen=True)
class VersionFile:
    """What one version changes: ``repo_path`` (relative to the repository) gets ``text``,
    every other file is as in ``base``."""

    base: str
    repo_path: str
    text: str


def _remove_leftovers(git: GitAccess, worktrees: Path) -> None:
    """Remove worktrees a killed server left behind.

    Versions are written one at a time under the store's lock, so any worktree
    found here when writing starts belongs to no running operation.
    """
    for leftover in worktrees.iterdir():
        git.run("worktree", "remove", "--force", str(leftover))
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
    git.run("worktree", "prune")


def page_tree(git: GitAccess, worktrees: Path, change: VersionFile) -> str:
    """The tree of ``change.base`` with ``change.repo_path`` replaced, written in a worktree."""
    worktrees.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(git, worktrees)
    place = worktrees / secrets.token_hex(6)
    git.output("worktree", "add", "--no-checkout", "--detach", str(place), change.base)
    try:
        work = Repo(place)
        work.git.read_tree(change.base)
        target = place / change.repo_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(change.text.encode("utf-8"))
        work.git.add("--", change.repo_path)
        return str(work.git.write_tree())
    except (GitCommandError, OSError) as error:
        raise ProposalError(
            f"La page {change.repo_path} n'a pas pu être préparée : {error}"
        ) from None
    finally:
        git.run("worktree", "remove", "--force", str(place))
        git.run("worktree", "prune")


def write_version(
    git: GitAccess,
    worktrees: Path,
    change: VersionFile,
    parents: Sequence[str],
    message: str,
    author: Identity,
) -> str:
    """The commit of one version, authored and committed by the contributor."""
    tree = page_tree(git, worktrees, change)
    return git.commit_tree(tree, parents, message, author=author, committer=author)
