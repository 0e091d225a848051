"""The shared base as a Git repository: fetched once into a cache, checked out at the pin.

Why a pinned commit in a cache rather than a submodule or a package: the
network's repository never holds a shared file, so no update can ever ask
its people to resolve a conflict in one; moving the pin is rewriting three
lines; and the two pins are two commits of one history, so Git itself says
which shared pages were added, changed, removed or renamed between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import git

from entraide.network.config import Pin

_DOCS = "docs/"
_VERSION_TAG = re.compile(r"^v?\d+(\.\d+)*$")


class BaseError(Exception):
    """The base cannot be fetched or read; the message is French and says what to do."""


@dataclass(frozen=True)
class SharedChange:
    """A shared page between two pins: ``status`` is added, changed, removed or renamed."""

    status: str
    path: str
    old_path: str = ""


def _git_message(exc: git.GitCommandError) -> str:
    detail = str(exc.stderr or exc).strip().splitlines()
    return detail[-1].removeprefix("stderr: ").strip(" '") if detail else str(exc)


def open_base(cache: Path) -> git.Repo:
    try:
        return git.Repo(cache)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise BaseError(
            f"{cache} n'est pas une copie de la base : supprimez ce dossier, il sera recréé."
        ) from exc


def fetch_base(url: str, cache: Path) -> git.Repo:
    """Clone the base into ``cache`` the first time, else fetch its new commits and tags."""
    try:
        if not (cache / ".git").exists():
            return git.Repo.clone_from(url, cache, no_checkout=True)
        repo = open_base(cache)
        if repo.remotes:
            repo.remotes[0].set_url(url)
            repo.git.fetch("origin", "--tags", "--force", "--prune")
        return repo
    except git.GitCommandError as exc:
        raise BaseError(
            f"impossible de récupérer la base depuis {url} ({_git_message(exc)}) : vérifiez "
            "l'adresse et la connexion internet."
        ) from exc


def resolve(repo: git.Repo, ref: str) -> str:
    """The commit a tag, branch (the remote's, fetched) or commit names."""
    for candidate in (f"refs/tags/{ref}", f"origin/{ref}", ref):
        try:
            return str(repo.commit(candidate).hexsha)
        except (git.BadName, ValueError, git.GitCommandError):
            continue
    raise BaseError(
        f"la version « {ref} » n'existe pas dans la base : donnez un tag (par exemple v1.2), "
        "une branche ou un commit de la base."
    )


def default_ref(repo: git.Repo) -> str:
    """The newest version tag, else the remote's default branch."""
    newest = newest_tag(repo)
    if newest:
        return newest
    try:
        return str(repo.git.rev_parse("--abbrev-ref", "origin/HEAD")).removeprefix("origin/")
    except git.GitCommandError:
        return str(repo.head.commit.hexsha)


def newest_tag(repo: git.Repo) -> str | None:
    """The most recent version tag (by the date of its commit)."""
    tags = [tag for tag in repo.tags if _VERSION_TAG.match(tag.name)]
    if not tags:
        return None
    return max(tags, key=lambda tag: (tag.commit.committed_datetime, tag.name)).name


def checkout(repo: git.Repo, commit: str) -> None:
    """Put the cache's files at ``commit``; the cache holds no work of anyone's."""
    # A fresh clone has no files checked out and HEAD on a branch: only a detached HEAD
    # at the commit, with a clean tree, is a checkout of ours.
    if repo.head.is_detached and repo.head.commit.hexsha == commit and not repo.is_dirty():
        return
    try:
        repo.git.checkout("--force", "--detach", commit)
    except git.GitCommandError as exc:
        raise BaseError(
            f"impossible de placer la base sur {commit[:12]} ({_git_message(exc)})."
        ) from exc


def ensure_base(cache: Path, pin: Pin) -> git.Repo:
    """The cache, fetched if needed and checked out at the pinned commit."""
    repo = fetch_base(pin.url, cache) if not (cache / ".git").exists() else open_base(cache)
    try:
        repo.commit(pin.commit)
    except (git.BadName, ValueError):
        repo = fetch_base(pin.url, cache)
    checkout(repo, pin.commit)
    return repo


def commits_between(repo: git.Repo, old: str, new: str) -> int:
    return int(repo.git.rev_list("--count", f"{old}..{new}"))


def describe(repo: git.Repo, commit: str) -> str:
    """A tag naming ``commit`` if there is one, else its short hash."""
    for tag in repo.tags:
        if tag.commit.hexsha == commit:
            return tag.name
    return commit[:12]


def shared_changes(repo: git.Repo, old: str, new: str) -> list[SharedChange]:
    """Shared pages added, changed, removed or renamed from ``old`` to ``new``."""
    output = repo.git.diff("--name-status", "-M", "-z", old, new, "--", _DOCS)
    fields = output.split("\0")
    changes: list[SharedChange] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            old_path, path = fields[index + 1], fields[index + 2]
            index += 3
            changes.append(SharedChange("renamed", _docs(path), _docs(old_path)))
            continue
        path = fields[index + 1]
        index += 2
        kind = {"A": "added", "D": "removed"}.get(status[0], "changed")
        changes.append(SharedChange(kind, _docs(path)))
    return changes


def _docs(path: str) -> str:
    return path.removeprefix(_DOCS)


def page_changed_since(repo: git.Repo, commit: str, path: str) -> bool | None:
    """Whether the shared page ``path`` differs at HEAD from ``commit`` (None: unknown commit)."""
    try:
        repo.commit(commit)
    except (git.BadName, ValueError):
        return None
    return bool(repo.git.diff("--name-only", commit, "HEAD", "--", f"{_DOCS}{path}").strip())


def file_at(repo: git.Repo, commit: str, path: str) -> str | None:
    """A file of the base as it was at ``commit`` (None when absent)."""
    try:
        return str(repo.git.show(f"{commit}:{path}"))
    except git.GitCommandError:
        return None
