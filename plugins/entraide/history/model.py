"""What the history says about a page, and how much of it can be trusted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class HistorySource(StrEnum):
    GIT = "git"
    SHALLOW = "shallow"
    NONE = "none"


@dataclass(frozen=True)
class PageHistory:
    """One page's history; ``path`` is POSIX and relative to the Git work tree.

    ``contributors`` holds names only, most frequent first: e-mail addresses are
    personal data and never leave Git.
    """

    path: str
    created: datetime
    modified: datetime
    contributors: tuple[str, ...]
    changes: int
    last_commit: str
    last_subject: str


@dataclass
class RepositoryHistory:
    """Every page's history, with a French warning when it is incomplete or missing."""

    source: HistorySource
    root: Path | None = None
    pages: dict[str, PageHistory] = field(default_factory=dict)
    warning: str = ""
    built_at: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def for_file(self, path: Path) -> PageHistory | None:
        """The history of the file at ``path`` (absolute), None when Git has none."""
        if self.root is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        return self.pages.get(relative)

    def recent(self, limit: int) -> list[PageHistory]:
        """The ``limit`` most recently modified pages, newest first."""
        ordered = sorted(self.pages.values(), key=lambda h: (h.modified, h.path), reverse=True)
        return ordered[:limit]
