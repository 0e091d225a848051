"""A handout as written in a page: a ``/// a-remettre`` block, read with its line numbers.

The syntax is the one of our tracks (pymdownx blocks), so the page stays plain
Markdown that any Python-Markdown generator renders::

    /// a-remettre | Mettre la carte grise à mon nom
        qr: https://ants.gouv.fr/...

    ### Ce qu'il faut avoir
    - ...
    ///

Parsing it here, apart from the Markdown extension, lets ``entraide check``
point at lines and lets the print view and the PDFs be made without a site build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK_NAME = "a-remettre"
QR_OPTION = "qr"
# Where the site puts the print views, and their index page (docs-relative paths).
FOLDER = "a-remettre"
INDEX_PATH = f"{FOLDER}/index.md"

_START = re.compile(rf"^///[ \t]*{BLOCK_NAME}[ \t]*(?:\|[ \t]*(?P<title>.*?))?[ \t]*$")
_END = re.compile(r"^///[ \t]*$")
_OPTION = re.compile(r"^ {4,}(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_PART = re.compile(r"^###[ \t]+(?P<title>.+?)[ \t#]*$")
_TRACK = re.compile(r"^///[ \t]*(?P<name>[\w-]+)")


@dataclass(frozen=True)
class Part:
    """One titled part (``### Les étapes``); ``markdown`` is its text without the title."""

    title: str
    line: int
    markdown: str


@dataclass(frozen=True)
class TextLine:
    """A line people read, with its file line: what readability checks look at."""

    line: int
    text: str


@dataclass(frozen=True)
class Handout:
    """``line`` is the ``/// a-remettre`` line in the file; ``end_line`` None when unclosed."""

    line: int
    end_line: int | None
    title: str
    options: dict[str, str]
    option_lines: dict[str, int]
    intro: str
    parts: tuple[Part, ...]
    text: tuple[TextLine, ...]
    nested_blocks: tuple[TextLine, ...] = ()

    @property
    def qr(self) -> str:
        return self.options.get(QR_OPTION, "")

    @property
    def qr_line(self) -> int:
        return self.option_lines.get(QR_OPTION, self.line)

    def part(self, title: str) -> Part | None:
        return next((p for p in self.parts if p.title == title), None)


_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _readable(line: str) -> str:
    """The words of a Markdown line as a reader sees them (list marks and emphasis aside)."""
    text = _LIST_MARK.sub("", line)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return text.replace("**", "").replace("__", "").strip()


def _one(lines: list[str], start: int, first_line: int, title: str) -> tuple[Handout, int]:
    """The block opening at ``lines[start]``; returns it and the index after it."""
    options: dict[str, str] = {}
    option_lines: dict[str, int] = {}
    index = start + 1
    while index < len(lines) and (match := _OPTION.match(lines[index])):
        options[match["key"]] = match["value"].strip("'\"")
        option_lines[match["key"]] = first_line + index
        index += 1
    intro: list[str] = []
    parts: list[tuple[str, int, list[str]]] = []
    text: list[TextLine] = []
    nested: list[TextLine] = []
    end_line = None
    while index < len(lines):
        line = lines[index]
        if _END.match(line):
            end_line = first_line + index
            index += 1
            break
        if (track := _TRACK.match(line)) is not None:
            nested.append(TextLine(first_line + index, track["name"]))
        heading = _PART.match(line)
        if heading:
            parts.append((heading["title"].strip(), first_line + index, []))
        else:
            (parts[-1][2] if parts else intro).append(line)
            readable = _readable(line)
            if readable and not _OPTION.match(line):
                text.append(TextLine(first_line + index, readable))
        index += 1
    handout = Handout(
        line=first_line + start,
        end_line=end_line,
        title=title,
        options=options,
        option_lines=option_lines,
        intro="\n".join(intro).strip(),
        parts=tuple(Part(t, n, "\n".join(body).strip()) for t, n, body in parts),
        text=tuple(text),
        nested_blocks=tuple(nested),
    )
    return handout, index


def find_handouts(body: str, body_line: int = 1) -> list[Handout]:
    """Every ``/// a-remettre`` block of a page body that starts at file line ``body_line``."""
    if BLOCK_NAME not in body:
        return []
    lines = body.split("\n")
    found: list[Handout] = []
    index = 0
    fence: str | None = None
    while index < len(lines):
        stripped = lines[index].lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else (fence or mark)
        match = None if fence else _START.match(lines[index])
        if match is None:
            index += 1
            continue
        handout, index = _one(lines, index, body_line, (match["title"] or "").strip())
        found.append(handout)
    return found
