"""From what a person typed to a Whoosh query, without Whoosh's query syntax.

User input is never given to Whoosh's query parser: ``*``, ``title:*``, quotes
or parentheses are just characters, and only the words the analyzer finds in
them are searched. Input is bounded (:data:`MAX_QUERY_CHARS` characters,
:data:`MAX_WORDS` words) so a pasted page cannot make a query costly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from whoosh import query as q

from entraide.search.analyzer import STOP_WORDS
from entraide.search.bounds import MAX_QUERY_CHARS
from entraide.search.expansion import Concept
from entraide.search.schema import IDS_BOOST, TEXT_FIELDS

# A correction of a misspelt word counts a little less than what was typed.
CORRECTION_BOOST = 0.8

_SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """Control and format characters out, whitespace collapsed, length bounded."""
    kept = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") else char
        for char in text
    )
    kept = _SPACES.sub(" ", kept).strip()
    if len(kept) > MAX_QUERY_CHARS:
        kept = kept[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    return kept


@dataclass(frozen=True)
class Word:
    """One word of the query: as folded, and as indexed (None for a stop word)."""

    folded: str
    term: str | None

    @property
    def searchable(self) -> bool:
        return self.term is not None


def _term_query(term: str, boost: float) -> q.Query:
    clauses = [q.Term(field, term, boost=boost * weight) for field, weight in TEXT_FIELDS.items()]
    if any(char.isdigit() for char in term):
        clauses.append(q.Term("ids", term, boost=boost * IDS_BOOST))
    return q.Or(clauses)


Plan = list[list[tuple[str, float]]]


def query_plan(concepts: Sequence[Concept], corrections: Mapping[int, Sequence[str]]) -> Plan:
    """Per concept, the indexed terms that stand for it and what each counts.

    A page's score is the sum, over this plan, of count x the term's score on
    the page. The browser engine (``recherche-moteur.js``) follows the same
    plan over the per-term scores the static index exports, so this is the one
    definition of how a query is scored.
    """
    plan: Plan = []
    for position, concept in enumerate(concepts):
        terms = concept.tokens or concept.terms
        clauses = [(term, 1.0) for term in terms]
        clauses.extend((term, CORRECTION_BOOST) for term in corrections.get(position, ()))
        plan.append(clauses)
    return plan


def build_query(plan: Plan) -> q.Query:
    """Plain OR of the plan's terms (DESIGN §8: never ``OrGroup.factory``)."""
    clauses = [_term_query(term, boost) for concept in plan for term, boost in concept]
    return clauses[0] if len(clauses) == 1 else q.Or(clauses)


def is_stop_word(folded: str) -> bool:
    return folded in STOP_WORDS
