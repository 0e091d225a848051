"""One ``git log`` pass turned into per-page histories, renames followed.

The log is read newest first. Each historical path maps to the page it became
(its identity): a rename points the old path at the new page, a creation or a
deletion cuts the path off, so an older file that once had the same name is not
mistaken for today's page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from entraide.history.model import HistorySource, PageHistory, RepositoryHistory

_RECORD = "\x1e"
_FIELD = "\x1f"
_TRAILER = "\x1d"
# Names only (%aN honours .mailmap); e-mail addresses are never asked for.
_FORMAT = "%x1e%H%x1f%cI%x1f%aN%x1f%(trailers:key=Co-authored-by,valueonly,separator=%x1d)%x1f%s"

NO_GIT_WARNING = (
    "pas d'historique Git pour {where} : les pages affichent la date de construction "
    "du site au lieu de leur date de modification, sans contributeurs."
)
EMPTY_WARNING = (
    "le dépôt Git {where} n'a encore aucun commit : les pages affichent la date de "
    "construction du site."
)
UNREADABLE_WARNING = (
    "l'historique Git n'a pas pu être lu ({reason}) : les pages affichent la date de "
    "construction du site."
)
SHALLOW_WARNING = (
    "clone Git superficiel (shallow) : l'historique est tronqué, donc les dates de "
    "création, le nombre de modifications et les contributeurs peuvent être faux. "
    "Récupérez tout l'historique (« git fetch --unshallow », ou « fetch-depth: 0 » "
    "dans le CI)."
)


@dataclass(frozen=True)
class Change:
    """One file touched by one commit, as ``git log --name-status`` reports it."""

    status: str
    path: str
    old_path: str = ""


@dataclass(frozen=True)
class Commit:
    sha: str
    when: datetime
    authors: tuple[str, ...]
    subject: str
    changes: tuple[Change, ...]


@dataclass
class _Accumulator:
    modified: datetime
    last_commit: str
    last_subject: str
    created: datetime
    changes: int = 0
    names: Counter[str] = field(default_factory=Counter)


def _name(value: str) -> str:
    """A contributor's name without any e-mail address, even one typed as a name."""
    name = value.split("<", 1)[0].strip()
    return name.split("@", 1)[0] if "@" in name else name


def parse_log(output: str) -> Iterator[Commit]:
    """Commits from ``git log -z --name-status --format=<_FORMAT>`` output."""
    for record in output.split(_RECORD):
        if not record.strip():
            continue
        tokens = record.split("\0")
        header = tokens[0].split(_FIELD, 4)
        if len(header) < 5:
            continue
        sha, when, author, trailers, subject = header
        authors = [_name(author)] + [_name(value) for value in trailers.split(_TRAILER)]
        changes: list[Change] = []
        rest = tokens[1:]
        index = 0
        while index < len(rest):
            status = rest[index].strip()
            if not status:
                index += 1
                continue
            if status[0] in "RC" and index + 2 < len(rest):
                changes.append(Change(status[0], rest[index + 2], rest[index + 1]))
                index += 3
            elif index + 1 < len(rest):
                changes.append(Change(status[0], rest[index + 1]))
                index += 2
            else:
                break
        yield Commit(
            sha=sha,
            when=datetime.fromisoformat(when),
            authors=tuple(dict.fromkeys(a for a in authors if a)),
            subject=subject.strip(),
            changes=tuple(changes),
        )


def histories(commits: Iterable[Commit]) -> dict[str, PageHistory]:
    """Per-page histories from commits given newest first."""
    identity: dict[str, str | None] = {}
    pages: dict[str, _Accumulator] = {}

    def record(page: str, commit: Commit) -> None:
        acc = pages.get(page)
        if acc is None:
            acc = _Accumulator(commit.when, commit.sha, commit.subject, commit.when)
            pages[page] = acc
        acc.created = commit.when
        acc.changes += 1
        acc.names.update(commit.authors)

    for commit in commits:
        for change in commit.changes:
            page = identity.get(change.path, change.path)
            if change.status == "D":
                identity[change.path] = None
                continue
            if page is not None:
                record(page, commit)
            if change.status == "R":
                identity[change.path] = None
                identity[change.old_path] = page
            elif change.status in "AC":
                identity[change.path] = None
    return {
        path: PageHistory(
            path=path,
            created=acc.created,
            modified=acc.modified,
            contributors=tuple(
                name for name, _ in sorted(acc.names.items(), key=lambda item: (-item[1], item[0]))
            ),
            changes=acc.changes,
            last_commit=acc.last_commit,
            last_subject=acc.last_subject,
        )
        for path, acc in pages.items()
    }


def read_history(folder: Path) -> RepositoryHistory:
    """The history of every file under ``folder``, in one ``git log`` call.

    Never raises for a missing repository or Git program: the result then says
    so in ``warning`` and callers fall back to the build date.
    """
    folder = folder.resolve()
    try:
        import git
    except ImportError:
        return RepositoryHistory(HistorySource.NONE, warning=NO_GIT_WARNING.format(where=folder))
    try:
        repo = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepositoryHistory(HistorySource.NONE, warning=NO_GIT_WARNING.format(where=folder))
    with repo:
        if repo.working_tree_dir is None:
            return RepositoryHistory(
                HistorySource.NONE, warning=NO_GIT_WARNING.format(where=folder)
            )
        root = Path(repo.working_tree_dir).resolve()
        try:
            repo.git.rev_parse("--verify", "--quiet", "HEAD")
        except git.GitCommandError:
            return RepositoryHistory(
                HistorySource.NONE, root, warning=EMPTY_WARNING.format(where=root)
            )
        prefix = f"{folder.relative_to(root).as_posix()}/" if folder != root else ""
        try:
            # No pathspec: with one, git simplifies merges away (a merge identical to
            # one parent hides the other branch), matching costs more than the lines
            # it saves, and a page moved in from outside ``folder`` would lose its
            # past. Pages outside ``folder`` are dropped at the end.
            output = repo.git.log(
                "-z", "--name-status", "-M", "--date-order", f"--format={_FORMAT}"
            )
            shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
        except git.GitCommandError as exc:
            reason = str(exc.stderr).strip() or str(exc)
            return RepositoryHistory(
                HistorySource.NONE, root, warning=UNREADABLE_WARNING.format(reason=reason)
            )
    every = histories(parse_log(output))
    pages = {path: page for path, page in every.items() if path.startswith(prefix)}
    if shallow:
        return RepositoryHistory(HistorySource.SHALLOW, root, pages, SHALLOW_WARNING)
    return RepositoryHistory(HistorySource.GIT, root, pages)
