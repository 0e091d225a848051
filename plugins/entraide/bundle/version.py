"""Which version of the base a copy holds: ``git describe`` of the repository, and its date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class BaseVersion:
    """``name`` as ``git describe --tags --always --dirty`` gives it; None outside Git."""

    name: str | None
    committed_on: date | None = None


def base_version(root: Path) -> BaseVersion:
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo
    from git.exc import GitCommandError

    try:
        repo = Repo(root, search_parent_directories=True)
        name = str(repo.git.describe("--tags", "--always", "--dirty"))
        committed = repo.head.commit.committed_datetime.date()
    except (InvalidGitRepositoryError, NoSuchPathError, GitCommandError, ValueError):
        return BaseVersion(None)
    return BaseVersion(name, committed)
