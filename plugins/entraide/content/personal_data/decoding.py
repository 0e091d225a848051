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
    """``text`` as read; ``starts[i]``/``ends[i]``: the source span of character ``i``.

    Most texts have nothing to decode: then there is no map (``None``), and spans
    are their own source.
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that produced ``text[start:end]``."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[max(start, end - 1)]


def _substitute(
    text: str, pattern: re.Pattern[str], replace: Callable[[str], str], *, in_links: bool = False
) -> tuple[str, list[int], list[int]] | None:
    """Replace matches of ``pattern`` (only inside links when ``in_links``); None: no change."""
    regions = [m.span() for m in _LINK.finditer(text)] if in_links else [(0, len(text))]
    changes = [
        (match, replacement)
        for start, end in regions
        for match in pattern.finditer(text, start, end)
        if (replacement := replace(match.group())) != match.group()
    ]
    if not changes:
        return None
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

    for match, replacement in changes:
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
    entities = _substitute(text, _ENTITY, html.unescape) if "&" in text else None
    first = entities[0] if entities else text
    escapes = _substitute(first, _PERCENT, _percent, in_links=True) if "%" in first else None
    if entities is None and escapes is None:
        return DecodedText(text)
    if escapes is None:
        assert entities is not None
        return DecodedText(first, tuple(entities[1]), tuple(entities[2]))
    second, starts2, ends2 = escapes
    if entities is None:
        return DecodedText(second, tuple(starts2), tuple(ends2))
    _, starts1, ends1 = entities
    starts = tuple(starts1[i] for i in starts2)
    ends = tuple(ends1[i - 1] for i in ends2)
    return DecodedText(second, starts, ends)
