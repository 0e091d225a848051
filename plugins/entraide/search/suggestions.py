"""Typo tolerance: close words from the index's own vocabulary.

Only words the index has never seen are corrected, and only then is the
costly fuzzy lookup made (DESIGN §8: fuzzy matching on every query costs about
230 ms at p95). Candidates come from the unstemmed, folded ``words`` field.
"""

from __future__ import annotations

from typing import Any

WORDS_FIELD = "words"
MIN_LENGTH = 4
COMMONER = 5


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance where swapping two neighbours ("decalration") costs one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def correction(reader: Any, folded: str) -> str | None:
    """The most frequent indexed word closest to ``folded``, or None.

    A candidate must be in clearly more pages than the word itself, so a rare
    but real word is not "corrected" into a common one it merely resembles.
    """
    if len(folded) < MIN_LENGTH or any(char.isdigit() for char in folded):
        return None
    own = reader.doc_frequency(WORDS_FIELD, folded)
    limit = 1 if len(folded) <= 5 else 2
    best: tuple[int, int, str] | None = None
    for candidate in reader.terms_within(WORDS_FIELD, folded, limit, prefix=1):
        distance = damerau_levenshtein(folded, candidate)
        frequency = reader.doc_frequency(WORDS_FIELD, candidate)
        if distance == 0 or distance > limit or frequency <= COMMONER * own:
            continue
        key = (distance, -frequency, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


# A word this rare while a close spelling is this many times commoner is a typo
# that happens to exist somewhere in the pages ("passport" in one English quote).
RARE_DOCS = 2


def looks_misspelt(reader: Any, folded: str) -> bool:
    """Unknown to the index, or nearly so: exact matching would find little."""
    frequency: int = reader.doc_frequency(WORDS_FIELD, folded)
    return frequency <= RARE_DOCS
