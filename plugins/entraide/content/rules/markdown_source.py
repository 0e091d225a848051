"""Reading a page's Markdown source the way the site will render it, line by line.

Rules must not see what the reader will not: a ``<script>`` inside a code
block is shown as text, a link inside an HTML comment is never followed. The
helpers here blank those parts out while keeping every offset, so a finding
still points at its real line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(
    r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?P<rule>=+|-+)[ \t]*$")
_PARAGRAPH_LINE = re.compile(r"^ {0,3}(?![-*+>|]|\d+[.)]\s)\S")
_ATTR_LIST = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")

_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\([ \t]*(?:<(?P<angled>[^>\n]*)>|(?P<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[(?P<label>(?!\^)[^\]\n]+)\]:[ \t]*<?(?P<target>[^\s>]+)>?", re.M)
_HTML_URL = re.compile(
    r"<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*?\b(?P<attr>href|src)[ \t]*=[ \t]*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
    re.S,
)


def _blank(text: str) -> str:
    """The same text with every character but line breaks turned into a space."""
    return "\n".join(" " * len(part) for part in text.split("\n"))


def mask_code(text: str) -> str:
    """``text`` with fenced code, inline code and HTML comments blanked out."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is None:
            match = _FENCE_OPEN.match(line)
            if match:
                fence = match["fence"]
                lines[index] = _blank(line)
        else:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            lines[index] = _blank(line)
    masked = "\n".join(lines)
    masked = _COMMENT.sub(lambda m: _blank(m.group()), masked)
    return _INLINE_CODE.sub(lambda m: _blank(m.group()), masked)


def line_at(text: str, offset: int, first_line: int = 1) -> int:
    """The file line of ``offset`` in ``text``, which starts at ``first_line``."""
    return first_line + text.count("\n", 0, offset)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


def headings(masked: str, first_line: int = 1) -> list[Heading]:
    """ATX (``## Étapes``) and setext (underlined) headings of already masked Markdown."""
    found: list[Heading] = []
    lines = masked.split("\n")
    for index, line in enumerate(lines):
        atx = _ATX.match(line)
        if atx:
            text = _ATTR_LIST.sub("", atx["text"] or "").strip()
            found.append(Heading(len(atx["hashes"]), text, first_line + index))
            continue
        setext = _SETEXT.match(line)
        previous = lines[index - 1] if index else ""
        if setext and _PARAGRAPH_LINE.match(previous) and not _ATX.match(previous):
            level = 1 if setext["rule"].startswith("=") else 2
            text = _ATTR_LIST.sub("", previous).strip()
            found.append(Heading(level, text, first_line + index - 1))
    return found


@dataclass(frozen=True)
class Link:
    """A link or image target written in the page, with where it was written."""

    target: str
    line: int
    is_image: bool


def links(masked: str, first_line: int = 1) -> list[Link]:
    """Inline links and images, reference definitions and HTML ``href``/``src``."""
    found: list[Link] = []
    for match in _INLINE_LINK.finditer(masked):
        target = match["angled"] if match["angled"] is not None else match["target"]
        line = line_at(masked, match.start(), first_line)
        found.append(Link(target.strip(), line, bool(match["bang"])))
    for match in _REFERENCE.finditer(masked):
        found.append(Link(match["target"], line_at(masked, match.start(), first_line), False))
    for match in _HTML_URL.finditer(masked):
        target = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        line = line_at(masked, match.start("attr"), first_line)
        found.append(Link(target.strip(), line, match["tag"].lower() == "img"))
    return sorted(found, key=lambda link: link.line)
