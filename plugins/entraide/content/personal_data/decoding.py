"""What a reader's browser shows for a piece of source text, with each character's origin.

A page may write ``jean&#64;gmail.com`` or ``mailto:jean%40gmail.com``: the
source holds no ``@``, the reader (and any address harvester) sees one. The
detectors read the decoded text; every decoded character remembers the span of
source it came from, so a finding still points at the right line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Where percent-escapes mean something: inside links, not in "50 % des cas".
_LINK = re.compile(
    r"(?:\b(?:https?|mailto|tel|sms|callto|whatsapp|viber):|\bwww\.)[^\s<>\"')\]]+", re.I
)


@dataclass(frozen=True)
class DecodedText:
    """``text`` as read; ``starts[i]``/``ends[i]``: the source span of character ``i``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that produced ``text[start:end]``."""
        return self.starts[start], self.ends[max(start, end - 1)]


def _identity(text: str) -> DecodedText:
    return DecodedText(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))


def _substitute(
    text: str, pattern: re.Pattern[str], replace: Callable[[str], str], *, in_links: bool = False
) -> tuple[str, list[int], list[int]]:
    """Replace matches of ``pattern`` (only inside links when ``in_links``)."""
    regions = [m.span() for m in _LINK.finditer(text)] if in_links else [(0, len(text))]
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0

    def keep(until: int) -> None:
        nonlocal position
        out.append(text[position:until])
        starts.extend(range(position, until))
        ends.extend(range(position + 1, until + 1))
        position = until

    for region_start, region_end in regions:
        for match in pattern.finditer(text, region_start, region_end):
            replacement = replace(match.group())
            if replacement == match.group():
                continue
            keep(match.start())
            out.append(replacement)
            starts.extend([match.start()] * len(replacement))
            ends.extend([match.end()] * len(replacement))
            position = match.end()
    keep(len(text))
    return "".join(out), starts, ends


def _percent(escape: str) -> str:
    value = int(escape[1:], 16)
    # Only ASCII: a lone byte of a multi-byte character is left as written.
    return chr(value) if value < 0x80 else escape


def decode(text: str) -> DecodedText:
    """HTML entities everywhere, then percent-escapes inside links."""
    if "&" not in text and "%" not in text:
        return _identity(text)
    first, starts1, ends1 = _substitute(text, _ENTITY, html.unescape)
    second, starts2, ends2 = _substitute(first, _PERCENT, _percent, in_links=True)
    starts = tuple(starts1[i] for i in starts2)
    ends = tuple(ends1[i - 1] for i in ends2)
    return DecodedText(second, starts, ends)
