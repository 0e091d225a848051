"""Acronyms and synonyms of the taxonomy as concepts, for pages and queries alike.

"apl" and "aide personnalisée au logement" are one concept with two spellings;
groups that share a spelling ("cni" is both an acronym and a synonym of "carte
d'identité") are merged into one concept. Spellings are compared as analyzed
terms (folded, stemmed, without stop words), so "allocations familiales" and
"Allocation familiale" meet the same entry. Each concept gets a token (``~`` and
its first spelling) that :class:`~entraide.search.analyzer.ConceptFilter`
indexes wherever a spelling appears.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from entraide.content.taxonomy import Taxonomy
from entraide.search.families import WORD_FAMILIES

Terms = tuple[str, ...]
CONCEPT_PREFIX = "~"


def concept_table(
    taxonomy: Taxonomy, analyze: Callable[[str], list[str]]
) -> dict[Terms, tuple[str, ...]]:
    """Analyzed spelling -> the concept tokens it stands for."""
    groups: list[set[Terms]] = []
    raw: list[list[str]] = [[short, long] for short, long in taxonomy.acronyms.items()]
    raw.extend(list(group) for group in taxonomy.synonyms)
    raw.extend(list(family) for family in WORD_FAMILIES)
    for members in raw:
        spellings: set[Terms] = {tuple(analyze(member)) for member in members} - {()}
        overlapping = [group for group in groups if group & spellings]
        for group in overlapping:
            spellings |= group
            groups.remove(group)
        if len(spellings) > 1:
            groups.append(spellings)
    table: dict[Terms, list[str]] = {}
    for group in groups:
        first: Terms = min(group, key=lambda spelling: (len(spelling), spelling))
        token = CONCEPT_PREFIX + "_".join(first)
        for spelling in group:
            table.setdefault(spelling, []).append(token)
    return {spelling: tuple(sorted(tokens)) for spelling, tokens in sorted(table.items())}


@dataclass(frozen=True)
class Concept:
    """What the person typed (folded words), its analyzed terms, and its concept tokens."""

    typed: tuple[str, ...]
    terms: Terms
    tokens: tuple[str, ...] = ()

    @property
    def is_word(self) -> bool:
        return not self.tokens and len(self.terms) == 1


class Expander:
    """Finds concepts in a query, with the table the index was built with."""

    def __init__(self, table: dict[Terms, tuple[str, ...]]) -> None:
        self._table = table
        self._longest = max((len(s) for s in table), default=1)
        self.spellings: dict[str, set[Terms]] = {}
        for spelling, tokens in table.items():
            for token in tokens:
                self.spellings.setdefault(token, set()).add(spelling)

    def concepts(self, words: Sequence[tuple[str, str]]) -> list[Concept]:
        """``words`` are (folded word, analyzed term) pairs, stop words already out."""
        terms = [term for _, term in words]
        concepts: list[Concept] = []
        position = 0
        while position < len(terms):
            for length in range(min(self._longest, len(terms) - position), 0, -1):
                key = tuple(terms[position : position + length])
                tokens = self._table.get(key)
                if tokens:
                    typed = tuple(word for word, _ in words[position : position + length])
                    concepts.append(Concept(typed, key, tokens))
                    position += length
                    break
            else:
                concepts.append(Concept((words[position][0],), (terms[position],)))
                position += 1
        return concepts
