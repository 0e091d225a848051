"""Snippets: the passage of a page around the matched words, safe to put in HTML.

Page text and queries can contain ``<script>``: every character of page text
is HTML-escaped, and the only markup in a snippet is ``<mark>`` around matched
words.

Whoosh's highlighter re-analyzes the whole stored body of each hit through the
Python analyzer chain, which cost more than the search itself (about 130 ms
for ten hits at 3,000 pages). Here an accent- and case-insensitive regular
expression finds, in the page text as it is, the words that start like a
searched term, and only those few candidates are analyzed to confirm they
really are the searched term. Only the first :data:`SCAN_CHARS` characters
are scanned.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from entraide.search.analyzer import FOLDING_MAP

SNIPPET_CHARS = 220
FALLBACK_CHARS = 200
MAX_MARKS = 12
SCAN_CHARS = 30_000


def _variants() -> dict[str, str]:
    """Each ASCII letter with every character that folds to it, as a regex class."""
    variants: dict[str, set[str]] = {}
    for code, folded in FOLDING_MAP.items():
        if isinstance(folded, str) and len(folded) == 1 and folded.isascii():
            variants.setdefault(folded.lower(), set()).add(chr(code).lower())
    return {
        letter: "[" + re.escape(letter + "".join(sorted(others))) + "]"
        for letter, others in variants.items()
    }


_VARIANTS = _variants()


def _accent_insensitive(prefix: str) -> str:
    return "".join(_VARIANTS.get(char, re.escape(char)) for char in prefix)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: str


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def fallback(text: str) -> str:
    """The start of the text, escaped: when no searched word is in the body."""
    if len(text) > FALLBACK_CHARS:
        text = text[:FALLBACK_CHARS].rsplit(" ", 1)[0] + " …"
    return _escape(text)


class SnippetMaker:
    """Built per query: the searched terms, and how to analyze one word."""

    def __init__(self, terms: Collection[str], analyze_word: Callable[[str], str | None]) -> None:
        self._terms = frozenset(terms)
        self._analyze_word = analyze_word
        prefixes = sorted({term[:3] for term in self._terms if term}, key=len, reverse=True)
        alternatives = "|".join(_accent_insensitive(prefix) for prefix in prefixes)
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})[\w°*]*", re.IGNORECASE) if prefixes else None
        )

    def _matches(self, text: str) -> list[_Match]:
        if self._pattern is None:
            return []
        matches = []
        for found in self._pattern.finditer(text, 0, SCAN_CHARS):
            term = self._analyze_word(found.group())
            if term in self._terms:
                matches.append(_Match(found.start(), found.end(), term))
        return matches

    def snippet(self, text: str) -> str | None:
        """The window that holds the most distinct searched terms, with them marked."""
        matches = self._matches(text)
        if not matches:
            return None
        best, best_key = 0, (-1, 0)
        counts: dict[str, int] = {}
        last = 0
        for first_index, first in enumerate(matches):
            last = max(last, first_index)
            while last < len(matches) and matches[last].end - first.start <= SNIPPET_CHARS:
                counts[matches[last].term] = counts.get(matches[last].term, 0) + 1
                last += 1
            key = (sum(1 for n in counts.values() if n), -first.start)
            if key > best_key:
                best, best_key = first_index, key
            if last > first_index:
                counts[first.term] -= 1
        anchor = matches[best].start
        start = max(0, anchor - 60)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < anchor else start
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > anchor else end
        parts = ["… " if start else ""]
        position = start
        for match in [m for m in matches if start <= m.start and m.end <= end][:MAX_MARKS]:
            parts.append(_escape(text[position : match.start]))
            parts.append(f"<mark>{_escape(text[match.start : match.end])}</mark>")
            position = match.end
        parts.append(_escape(text[position:end]))
        parts.append(" …" if end < len(text) else "")
        return "".join(parts)
