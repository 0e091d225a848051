"""How easy a handout draft is to read: sentence length, plain words, a French Flesch score.

The score is Flesch's reading ease with Kandel and Moles' French coefficients
(1958): 207 - 1.015 x words per sentence - 73.6 x syllables per word; 60 and
above reads as "easy". Syllables come from pyphen's French hyphenation
dictionary, as in textstat, which we do not depend on: for French it is this
one formula over pyphen, it has no French list of difficult words, and it pulls
in nltk. Rare words are the ones a coordinator lists in ``taxonomy.yml`` with a
plainer word, and long words (five syllables or more), which FALC guides ask to
avoid or explain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from entraide.handouts.model import TextLine

LONG_WORD_SYLLABLES = 5
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…])$")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR")


def syllables(word: str) -> int:
    return len(_dictionary().positions(word.lower())) + 1


def words(text: str) -> list[str]:
    """Words as readers count them: an elided article is part of its word (« l'aide »)."""
    return _WORD.findall(text)


def sentences(lines: Iterable[TextLine]) -> Iterator[TextLine]:
    """One idea per line: each line ends a sentence, and so does each full stop in it."""
    for line in lines:
        for part in _SENTENCE_END.split(line.text):
            if words(part):
                yield TextLine(line.line, part.strip())


@dataclass(frozen=True)
class Score:
    reading_ease: float
    words: int
    sentences: int


def reading_ease(lines: Iterable[TextLine]) -> Score:
    """Kandel-Moles reading ease over the handout's sentences (0 for an empty text)."""
    found = list(sentences(lines))
    all_words = [w for s in found for w in words(s.text)]
    if not found or not all_words:
        return Score(0.0, 0, 0)
    per_sentence = len(all_words) / len(found)
    per_word = sum(syllables(w) for w in all_words) / len(all_words)
    return Score(round(207 - 1.015 * per_sentence - 73.6 * per_word, 1), len(all_words), len(found))


def is_long_word(word: str) -> bool:
    return not word.isupper() and syllables(word) >= LONG_WORD_SYLLABLES
