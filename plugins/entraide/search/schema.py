"""The index schema, and the fingerprint that says when it must be rebuilt.

The schema is pickled into the index with its analyzers, which carry the
taxonomy's acronyms (kept away from the stemmer). Any change to the schema or
to what the taxonomy feeds it changes the fingerprint, and the next
``entraide index`` rebuilds from scratch instead of mixing two analyses.
"""

from __future__ import annotations

import hashlib
import json

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from entraide.content.taxonomy import Taxonomy
from entraide.search.analyzer import ConceptFilter, analyze, folding_analyzer, french_analyzer
from entraide.search.documents import FACET_FIELDS
from entraide.search.expansion import concept_table

# Bump when the schema, the analysis or the page reading changes.
SCHEMA_VERSION = 6

# Text fields searched with the French analyzer, with their query-time boost.
# Headings are not a field of their own: their words are in the body, and
# searching them apart made results slower and no better on the dev set.
TEXT_FIELDS: dict[str, float] = {
    "title": 5.0,
    "description": 2.0,
    "body": 1.0,
}
IDS_BOOST = 8.0


def build_schema(taxonomy: Taxonomy) -> Schema:
    base = french_analyzer(taxonomy.acronyms)
    french = base | ConceptFilter(concept_table(taxonomy, lambda text: analyze(base, text)))
    facets = {key: KEYWORD(stored=True, commas=True, scorable=False) for key in FACET_FIELDS}
    return Schema(
        path=ID(stored=True, unique=True),
        url=STORED(),
        digest=STORED(),
        # No positions: multi-word synonyms are concept tokens, not phrase queries.
        title=TEXT(analyzer=french, stored=True, phrase=False),
        description=TEXT(analyzer=french, stored=True, phrase=False),
        body=TEXT(analyzer=french, stored=True, phrase=False),
        ids=KEYWORD(lowercase=True),
        # Unstemmed, folded words: the dictionary for typo tolerance (DESIGN §8:
        # spelling on a stemmed field makes fuzzy terms match nothing).
        words=TEXT(analyzer=folding_analyzer(), phrase=False, spelling=True),
        **facets,
    )


def fingerprint(taxonomy: Taxonomy) -> str:
    """What the index content depends on besides the pages themselves."""
    material = {
        "version": SCHEMA_VERSION,
        "acronyms": sorted(taxonomy.acronyms.items()),
        "synonyms": [list(group) for group in taxonomy.synonyms],
        "themes": sorted((slug, term.label) for slug, term in taxonomy.themes.items()),
    }
    return hashlib.sha256(json.dumps(material, ensure_ascii=False).encode()).hexdigest()[:16]
