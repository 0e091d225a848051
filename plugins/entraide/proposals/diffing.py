"""A proposal's change as reviewers read it: header fields side by side, body as a line diff.

A unified diff of the raw file mixes YAML and prose; reviewers judge the
fields (type, themes, review period…) as values and the body as text, so the
two are separated here, as plain data the review page renders.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter

CONTEXT_LINES = 3

LineKind = Literal["context", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    old_number: int | None
    new_number: int | None
    text: str


@dataclass(frozen=True)
class DiffHunk:
    """Consecutive changed lines with their context; numbers are lines of the page file."""

    old_start: int
    new_start: int
    lines: tuple[DiffLine, ...]


@dataclass(frozen=True)
class FieldChange:
    """One front-matter key, its value before and after as readable text (None: absent)."""

    key: str
    old: str | None
    new: str | None

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class PageDiff:
    docs_path: str
    old_text: str | None
    new_text: str
    fields: tuple[FieldChange, ...]
    hunks: tuple[DiffHunk, ...]
    header_unreadable: bool

    @property
    def changed_fields(self) -> tuple[FieldChange, ...]:
        return tuple(field for field in self.fields if field.changed)


@dataclass(frozen=True)
class _Split:
    fields: dict[str, Any] | None
    body: str
    body_line: int


def _split(text: str) -> _Split:
    """Header values and body; an unreadable header stays in the body, diffed as text."""
    try:
        header, body, body_line = split_front_matter(text)
        data = yaml.safe_load(header) if header is not None else {}
    except (FrontMatterSyntaxError, yaml.YAMLError):
        return _Split(None, text, 1)
    if not isinstance(data, dict):
        return _Split(None, text, 1)
    return _Split({str(key): value for key, value in data.items()}, body, body_line)


def _readable(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_readable(item) for item in value)
    if isinstance(value, dict):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Every key of either side, in the new page's order, then keys it removed."""
    keys = list(new) + [key for key in old if key not in new]
    return tuple(
        FieldChange(
            key,
            _readable(old[key]) if key in old else None,
            _readable(new[key]) if key in new else None,
        )
        for key in keys
    )


def line_hunks(old: str, new: str, old_first: int = 1, new_first: int = 1) -> tuple[DiffHunk, ...]:
    """Changed lines with context, numbered from ``old_first``/``new_first`` (page lines)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    hunks: list[DiffHunk] = []
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("context", old_first + i, new_first + j1 + (i - i1), old_lines[i])
                    for i in range(i1, i2)
                )
                continue
            lines.extend(
                DiffLine("removed", old_first + i, None, old_lines[i]) for i in range(i1, i2)
            )
            lines.extend(
                DiffLine("added", None, new_first + j, new_lines[j]) for j in range(j1, j2)
            )
        first = group[0]
        hunks.append(DiffHunk(old_first + first[1], new_first + first[3], tuple(lines)))
    return tuple(hunks)


def page_diff(docs_path: str, old_text: str | None, new_text: str) -> PageDiff:
    """The change from ``old_text`` (None for a new page) to ``new_text``."""
    old = _split(old_text) if old_text is not None else _Split({}, "", 1)
    new = _split(new_text)
    if old.fields is None or new.fields is None:
        return PageDiff(
            docs_path,
            old_text,
            new_text,
            fields=(),
            hunks=line_hunks(old_text or "", new_text),
            header_unreadable=True,
        )
    return PageDiff(
        docs_path,
        old_text,
        new_text,
        fields=field_changes(old.fields, new.fields),
        hunks=line_hunks(old.body, new.body, old.body_line, new.body_line),
        header_unreadable=False,
    )


@dataclass(frozen=True)
class PairedLine:
    """One row of a side-by-side comparison: a line of each text (None: no line there)."""

    left_number: int | None
    left: str | None
    right_number: int | None
    right: str | None

    @property
    def changed(self) -> bool:
        return self.left != self.right


def side_by_side(left: str, right: str) -> tuple[tuple[PairedLine, ...], ...]:
    """The differing parts of two texts, aligned line by line, with a little context.

    For a conflict: the page as it is now beside the proposer's text, so the
    lines someone else changed meanwhile are in front of theirs.
    """
    left_lines, right_lines = left.splitlines(), right.splitlines()
    matcher = difflib.SequenceMatcher(None, left_lines, right_lines, autojunk=False)
    groups = []
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        rows: list[PairedLine] = []
        for _, i1, i2, j1, j2 in group:
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                rows.append(
                    PairedLine(
                        i + 1 if i < i2 else None,
                        left_lines[i] if i < i2 else None,
                        j + 1 if j < j2 else None,
                        right_lines[j] if j < j2 else None,
                    )
                )
        groups.append(tuple(rows))
    return tuple(groups)
