"""One shape for every problem found in content, whoever reports it.

The CLI prints problems, the MkDocs plugin logs them and CI annotates them; all
three read the same record so a rule is written once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import PurePath


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a page: ``path`` is POSIX and relative to the repository root."""

    path: str
    line: int
    code: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def located(self) -> str:
        """``path:line: message`` as editors and terminals link it."""
        label = "erreur" if self.is_error else "avertissement"
        return f"{self.path}:{self.line}: {label} [{self.code}] {self.message}"


def error(path: str | PurePath, line: int, code: str, message: str) -> Problem:
    return Problem(PurePath(path).as_posix(), line, code, Severity.ERROR, message)


def warning(path: str | PurePath, line: int, code: str, message: str) -> Problem:
    return Problem(PurePath(path).as_posix(), line, code, Severity.WARNING, message)
