"""Facet counts and filters over the taxonomy keys of pages.

Counts come from per-value sets of document numbers, built once per searcher
and intersected with the matching documents: cheaper than Whoosh's
``groupedby``, which also keeps every hit in the results (DESIGN §8).
Counts are for the current query with the current filters applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from whoosh import query as q

from entraide.search.documents import FACET_FIELDS
from entraide.search.errors import InvalidFilterError

# The facets a response counts, in the order DESIGN §5 lists them.
FACET_KEYS = ("mediation", "type", "themes", "organisations", "publics")
FILTER_KEYS = FACET_FIELDS


def normalize_filters(filters: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Known keys only; values stripped and deduplicated, in the order given."""
    normalized: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise InvalidFilterError(
                f"filtre inconnu : « {key} ». Filtres possibles : {', '.join(FILTER_KEYS)} "
                "(par exemple --filter themes=logement)."
            )
        chosen = [values] if isinstance(values, str) else list(values)
        cleaned = [str(v).strip() for v in chosen if str(v).strip()]
        if cleaned:
            normalized[key] = list(dict.fromkeys(cleaned))
    return normalized


def filter_query(filters: Mapping[str, Sequence[str]]) -> q.Query | None:
    """Any of the values of a key, and every key."""
    clauses = [q.Or([q.Term(key, value) for value in values]) for key, values in filters.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else q.And(clauses)


class FacetSets:
    """Document numbers per facet value, for one reader (one index generation)."""

    def __init__(self, reader: Any) -> None:
        self._sets: dict[str, dict[str, frozenset[int]]] = {}
        for key in FACET_KEYS:
            values: dict[str, frozenset[int]] = {}
            for raw in reader.lexicon(key):
                value = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                docs = frozenset(reader.postings(key, value).all_ids())
                if docs:
                    values[value] = docs
            self._sets[key] = values

    def counts(self, matched: set[int] | frozenset[int]) -> dict[str, dict[str, int]]:
        facets: dict[str, dict[str, int]] = {}
        for key in FACET_KEYS:
            counted = ((value, len(docs & matched)) for value, docs in self._sets[key].items())
            ordered = sorted((item for item in counted if item[1]), key=lambda i: (-i[1], i[0]))
            facets[key] = dict(ordered)
        return facets
