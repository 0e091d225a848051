"""Re-ranking the best hits by their title.

BM25 alone ranks a page that merely mentions a word in a short title ("cumul
de l'AAH et du RSA") above the page about it ("Allocation aux adultes
handicapés (AAH)"). The first hits are re-scored by how much of the query the
title holds and how little else it says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from entraide.search.analyzer import analyze, french_analyzer
from entraide.search.expansion import CONCEPT_PREFIX

RERANK_DEPTH = 10
TITLE_COVERAGE_BONUS = 1.0
TITLE_PRECISION_BONUS = 1.0

# How service-public and FAQ titles ask a question: they say nothing of the topic.
QUESTION_TERMS = frozenset(
    analyze(
        french_analyzer(),
        "quel quelle quels quelles comment peut peuvent faut doit doivent faire "
        "combien pourquoi quand",
    )
)


def rerank(
    results: Any,
    spellings: list[list[set[str]]],
    explained: set[str],
    title_terms: Callable[[str], frozenset[str]],
    depth: int,
) -> list[tuple[Any, float]]:
    """Favour titles that say what was asked, and say little else.

    BM25 alone ranks a page that merely mentions a word in a short title
    ("cumul de l'AAH et du RSA") above the page about it ("Allocation aux
    adultes handicapés (AAH)"). Coverage is the share of query concepts the
    title holds (any spelling); precision the share of title words that the
    query explains (asked for, or part of a spelling of an asked concept).
    """
    top = list(results[:RERANK_DEPTH])
    scored: list[tuple[Any, float]] = []
    for hit in top:
        title = title_terms(hit["title"])
        covered = sum(any(option <= title for option in options) for options in spellings)
        coverage = covered / len(spellings) if spellings else 0.0
        words = {t for t in title if not t.startswith(CONCEPT_PREFIX) and t not in QUESTION_TERMS}
        precision = len(words & explained) / len(words) if words else 0.0
        bonus = 1 + TITLE_COVERAGE_BONUS * coverage + TITLE_PRECISION_BONUS * precision
        scored.append((hit, float(hit.score or 0.0) * bonus))
    scored.sort(key=lambda pair: -pair[1])
    return scored + [(hit, float(hit.score or 0.0)) for hit in results[RERANK_DEPTH:depth]]
