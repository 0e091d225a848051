"""French analysis: the same chain for pages and for queries.

Order matters (DESIGN §8): accents are folded *before* the Snowball stemmer so
that "sécurité" and "securite" meet, and taxonomy acronyms skip the stemmer so
that ANTS stays ``ants`` rather than ``ant``. Apostrophes (' and ’) are not word
characters, so elisions (l', d', qu', j'...) become tokens that the stop list
drops. Identifiers (F1427, R1234, cerfa 12345*01, n°3) are matched before plain
words so they stay whole.

The analyzer objects are pickled into the index schema, so these classes must
keep their import path.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, StemFilter, StopFilter, Token
from whoosh.lang import stopwords_for_language

from entraide.content.folding import FOLDING_MAP as FOLDING_MAP
from entraide.content.folding import fold_accents

# Cerfa numbers (12345*01), "n°3" (folded text), then words (letters, digits).
TOKEN_PATTERN = r"\d{5}\*\d{2}|n°\d+|\w+"


_ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")


def fold(text: str) -> str:
    """Lower-case and strip accents, as the index does (the project's one folding)."""
    return fold_accents(text)


STOP_WORDS = frozenset(
    {fold(word) for word in stopwords_for_language("fr")} | set(_ELISIONS) | {"a"}
)


_NUMERO_SPACE = re.compile(r"n°\s+(?=\d)")


def fold_text(text: str) -> str:
    """Folded text, with "n° 3" written "n°3" so that it stays one identifier."""
    return _NUMERO_SPACE.sub("n°", fold(text))


class FoldingTokenizer(RegexTokenizer):  # type: ignore[misc]
    """Folds the whole text once, then tokenizes it.

    One pass over the text instead of a lower-case and a charset filter on
    every token: Whoosh's per-token generators were the bulk of indexing time.
    Character offsets are those of the folded text; snippets do not use them.
    """

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        return super().__call__(fold_text(value), **kwargs)  # type: ignore[no-any-return]


def _acronym_terms(acronyms: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(acronym) for acronym in acronyms)


def folding_analyzer() -> Analyzer:
    """Tokens folded but neither stemmed nor stopped: spelling and corrections."""
    return FoldingTokenizer(TOKEN_PATTERN)


def french_analyzer(acronyms: Iterable[str] = ()) -> Analyzer:
    """Fold, drop stop words and elisions, stem everything but acronyms and identifiers."""
    protected = _acronym_terms(acronyms)
    return (
        folding_analyzer()
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | StemFilter(lang="fr", ignore=protected)
    )


def analyze(analyzer: Analyzer, text: str) -> list[str]:
    """The terms ``analyzer`` makes of ``text``."""
    return [token.text for token in analyzer(text)]


def word_term(analyzer: Analyzer, word: str) -> str | None:
    """The indexed term of one folded word, None for a stop word.

    The engine looks queries up with it and the static index exports it per word,
    so the browser and the server give every word the same term.
    """
    terms = analyze(analyzer, word)
    return terms[0] if terms else None


class ConceptFilter(Filter):  # type: ignore[misc]
    """Adds a concept token where any spelling of a taxonomy acronym or synonym appears.

    "APL" and "aide personnalisée au logement" both add ``~apl`` (at the
    position of their last word), so a query for either is one term lookup
    instead of an OR of phrases over every field (phrases were the costliest
    part of a query). ``spellings`` maps analyzed terms to the concept tokens
    they stand for. Spellings are matched backwards from each token, so tokens
    pass through untouched (Whoosh reuses one token object; copying each one
    doubled the indexing time).
    """

    def __init__(self, spellings: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.spellings = spellings
        self.last = frozenset(spelling[-1] for spelling in spellings)
        self.longest = max((len(spelling) for spelling in spellings), default=0)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        recent: deque[str] = deque(maxlen=max(self.longest, 1))
        for token in tokens:
            recent.append(token.text)
            yield token
            if token.text not in self.last:
                continue
            terms = tuple(recent)
            for length in range(1, len(terms) + 1):
                for concept in self.spellings.get(terms[-length:], ()):
                    extra = token.copy()
                    extra.text = concept
                    yield extra


def concept_filter(analyzer: Analyzer) -> ConceptFilter | None:
    """The concept table an index was built with, from its pickled analyzer."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, ConceptFilter):
            return item
    return None
