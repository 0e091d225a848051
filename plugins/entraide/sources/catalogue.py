"""The catalogue of official fiches, stored as diff-friendly JSON in the repository.

One fiche a line, sorted by identifier: re-importing a newer snapshot changes
exactly the lines of the fiches that changed, which reviewers can read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from entraide.atomic_files import write_text_atomically

CATALOGUE_PATH = Path("sources") / "catalogue.json"
FORMAT_VERSION = 1
KINDS = {"F": "fiche", "N": "dossier", "R": "ressource"}

_ID = re.compile(r"^[FNR]\d{1,6}$")
_SERVICE_PUBLIC_URL = re.compile(
    r"^https?://(?:www\.)?service-public\.(?:fr|gouv\.fr)/[^?#]*?/([FNR]\d{1,6})/?(?:[?#].*)?$"
)


class CatalogueError(Exception):
    """The catalogue file is unreadable; the message is French and names the file."""


def source_id(reference: str) -> str | None:
    """The service-public identifier a page's source refers to, None for other URLs."""
    reference = reference.strip()
    if _ID.match(reference):
        return reference
    match = _SERVICE_PUBLIC_URL.match(reference)
    return match.group(1) if match else None


def _sort_key(identifier: str) -> tuple[str, int]:
    return identifier[0], int(identifier[1:])


@dataclass(frozen=True)
class SourceEntry:
    """One official fiche. ``changed_on`` is when its content last changed in substance."""

    id: str
    title: str
    kind: str
    type: str
    url: str
    modified: date | None
    theme: str = ""
    important_change: date | None = None

    @property
    def changed_on(self) -> date | None:
        """The important-change date service-public publishes, else the modification date."""
        return self.important_change or self.modified

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("modified", "important_change"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceEntry:
        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if isinstance(value, str) and value else None

        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or ""),
            kind=str(data.get("kind") or ""),
            type=str(data.get("type") or ""),
            url=str(data.get("url") or ""),
            modified=day(data.get("modified")),
            theme=str(data.get("theme") or ""),
            important_change=day(data.get("important_change")),
        )


@dataclass(frozen=True)
class MergeSummary:
    added: int
    updated: int
    unchanged: int


@dataclass
class Catalogue:
    entries: dict[str, SourceEntry] = field(default_factory=dict)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[SourceEntry]:
        return iter(self.entries.values())

    def get(self, identifier: str) -> SourceEntry | None:
        return self.entries.get(identifier)

    def merge(self, entries: Iterable[SourceEntry]) -> MergeSummary:
        """Add or replace entries; fiches absent from ``entries`` are kept."""
        added = updated = unchanged = 0
        for entry in entries:
            previous = self.entries.get(entry.id)
            if previous is None:
                added += 1
            elif previous == entry:
                unchanged += 1
            else:
                updated += 1
            self.entries[entry.id] = entry
        return MergeSummary(added, updated, unchanged)

    def to_json(self) -> str:
        lines = [
            json.dumps(self.entries[key].as_dict(), ensure_ascii=False, sort_keys=True)
            for key in sorted(self.entries, key=_sort_key)
        ]
        body = ",\n".join(f"  {line}" for line in lines)
        return f'{{"format": {FORMAT_VERSION}, "sources": [\n{body}\n]}}\n'

    def save(self, path: Path) -> None:
        write_text_atomically(path, self.to_json())


def load_catalogue(path: Path) -> Catalogue | None:
    """The catalogue at ``path``; None when there is none yet.

    Raises :class:`CatalogueError` (French, with the file and line) when the
    file exists but cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            f"{path} : lecture impossible du catalogue des sources ({exc})."
        ) from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            f"{path}, ligne {exc.lineno} : le catalogue des sources n'est pas du JSON valide "
            f"({exc.msg}). Regénérez-le avec « entraide sources import »."
        ) from exc
    items = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise CatalogueError(
            f"{path} : le catalogue des sources doit contenir une liste « sources ». "
            "Regénérez-le avec « entraide sources import »."
        )
    catalogue = Catalogue()
    for number, item in enumerate(items, start=1):
        try:
            entry = SourceEntry.from_dict(item)
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogueError(
                f"{path} : l'entrée n° {number} du catalogue est incomplète ou mal datée "
                f"({exc}). Regénérez-le avec « entraide sources import »."
            ) from exc
        catalogue.entries[entry.id] = entry
    return catalogue
