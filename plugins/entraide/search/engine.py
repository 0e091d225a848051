"""Answering queries: the object the CLI and the web server share.

One :class:`SearchEngine` serves many threads: the index generation is shared,
and each thread keeps its own Whoosh searcher (Whoosh searchers are not meant
to be shared between threads). :meth:`SearchEngine.refresh` switches to a newer
generation when ``entraide index`` or ``entraide build`` wrote one.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as q
from whoosh.index import FileIndex

from entraide.content.taxonomy import Taxonomy
from entraide.search import suggestions
from entraide.search.analyzer import analyze, concept_filter, word_term
from entraide.search.bounds import MAX_LIMIT, MAX_WORDS
from entraide.search.errors import IndexDamagedError
from entraide.search.expansion import CONCEPT_PREFIX, Concept, Expander
from entraide.search.facets import FACET_KEYS, FacetSets, filter_query, normalize_filters
from entraide.search.querying import Word, build_query, clean_query, query_plan
from entraide.search.ranking import rerank
from entraide.search.snippets import SnippetMaker, fallback
from entraide.search.storage import Pointer, open_current, read_pointer

_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class SearchResult:
    path: str
    title: str
    url: str
    score: float
    snippet: str
    type: str | None
    mediation: tuple[str, ...]
    themes: tuple[str, ...]
    organisations: tuple[str, ...]
    publics: tuple[str, ...]
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "url": self.url,
            "score": self.score,
            "snippet": self.snippet,
            "type": self.type,
            "mediation": list(self.mediation),
            "themes": list(self.themes),
            "organisations": list(self.organisations),
            "publics": list(self.publics),
            "description": self.description,
        }


@dataclass(frozen=True)
class SearchResponse:
    query: str
    total: int
    results: tuple[SearchResult, ...]
    facets: Mapping[str, Mapping[str, int]]
    suggestion: str | None
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of DESIGN §5."""
        return {
            "query": self.query,
            "total": self.total,
            "results": [result.as_dict() for result in self.results],
            "facets": {key: dict(self.facets.get(key, {})) for key in FACET_KEYS},
            "suggestion": self.suggestion,
            "filters": {key: list(values) for key, values in self.filters.items()},
        }


class _Generation:
    """One opened index generation, with what queries need from its schema."""

    def __init__(self, index: FileIndex, pointer: Pointer) -> None:
        self.index = index
        self.pointer = pointer
        self.toc = index.latest_generation()
        self.french = index.schema["body"].analyzer
        self.folding = index.schema["words"].analyzer
        table = concept_filter(self.french)
        self.expander = Expander(table.spellings if table else {})
        self._terms: dict[str, str | None] = {}
        self._title_terms: dict[str, frozenset[str]] = {}

    def term_of(self, word: str) -> str | None:
        """The indexed term of one word (None for a stop word), cached.

        Caches are shared by threads: each read is one dict operation, and a
        value is returned from a local, so a concurrent ``clear()`` is harmless.
        """
        if word in self._terms:
            cached = self._terms.get(word)
            if cached is not None or word in self._terms:
                return cached
        term = word_term(self.french, word)
        if len(self._terms) > _CACHE_SIZE:
            self._terms.clear()
        self._terms[word] = term
        return term

    def title_terms(self, title: str) -> frozenset[str]:
        cached = self._title_terms.get(title)
        if cached is not None:
            return cached
        terms = frozenset(analyze(self.french, title))
        if len(self._title_terms) > _CACHE_SIZE:
            self._title_terms.clear()
        self._title_terms[title] = terms
        return terms


class _ThreadState(threading.local):
    generation: _Generation | None = None
    searcher: Any = None
    facets: FacetSets | None = None


def _split(value: Any) -> tuple[str, ...]:
    return tuple(part for part in str(value or "").split(",") if part)


class SearchEngine:
    """Queries one index folder; acronyms and synonyms come from the index itself.

    The index carries the concept table it was built with, so queries and
    pages always agree even if ``taxonomy.yml`` changed since (the next
    ``entraide index`` rebuilds). ``taxonomy`` is kept for callers' labels.
    """

    def __init__(self, index_dir: Path, taxonomy: Taxonomy) -> None:
        self.index_dir = index_dir
        self.taxonomy = taxonomy
        self._lock = threading.Lock()
        self._generation = self._open()
        self._local = _ThreadState()

    def _open(self) -> _Generation:
        index, pointer = open_current(self.index_dir)
        try:
            return _Generation(index, pointer)
        except Exception as exc:
            raise IndexDamagedError(self.index_dir, f"{type(exc).__name__} : {exc}") from exc

    def refresh(self) -> bool:
        """Switch to a newer generation if there is one; True when it switched."""
        with self._lock:
            current = self._generation
            pointer = read_pointer(self.index_dir)
            if pointer == current.pointer and current.index.latest_generation() == current.toc:
                return False
            self._generation = self._open()
            return True

    def _searcher(self) -> tuple[_Generation, Any, FacetSets]:
        """This thread's searcher; follows a full rebuild that removed the old files."""
        try:
            return self._thread_searcher()
        except IndexDamagedError:
            if not self.refresh():
                raise
            return self._thread_searcher()

    def _thread_searcher(self) -> tuple[_Generation, Any, FacetSets]:
        generation = self._generation
        local = self._local
        if local.generation is not generation or local.searcher is None or local.facets is None:
            if local.searcher is not None:
                local.searcher.close()
            try:
                searcher = generation.index.searcher()
                facets = FacetSets(searcher.reader())
            except Exception as exc:
                raise IndexDamagedError(self.index_dir, f"{type(exc).__name__} : {exc}") from exc
            local.generation, local.searcher, local.facets = generation, searcher, facets
        return generation, local.searcher, local.facets

    def _words(self, generation: _Generation, text: str) -> list[Word]:
        words: list[Word] = []
        for folded in analyze(generation.folding, text):
            words.append(Word(folded, generation.term_of(folded)))
        searchable = [i for i, word in enumerate(words) if word.searchable]
        if len(searchable) > MAX_WORDS:
            words = words[: searchable[MAX_WORDS]]
        return words

    def _concepts_and_corrections(
        self, generation: _Generation, reader: Any, words: list[Word]
    ) -> tuple[list[Concept], dict[int, list[str]], str | None]:
        pairs = [(word.folded, word.term) for word in words if word.term is not None]
        concepts = generation.expander.concepts(pairs)
        corrections: dict[int, list[str]] = {}
        replaced: dict[str, str] = {}
        for position, concept in enumerate(concepts):
            typed = concept.typed[0]
            if not concept.is_word or not suggestions.looks_misspelt(reader, typed):
                continue
            fixed = suggestions.correction(reader, typed)
            fixed_term = generation.term_of(fixed) if fixed else None
            if fixed and fixed_term:
                corrections[position] = [fixed_term]
                replaced[typed] = fixed
        suggestion = None
        if replaced:
            suggestion = " ".join(replaced.get(word.folded, word.folded) for word in words)
        return concepts, corrections, suggestion

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> SearchResponse:
        """Never raises on what a person typed; raises on a bad filter key or index.

        ``limit`` is bounded to :data:`MAX_LIMIT`.
        """
        chosen = normalize_filters(filters)
        text = clean_query(query)
        generation, searcher, facet_sets = self._searcher()
        words = self._words(generation, text)
        concepts, corrections, suggestion = self._concepts_and_corrections(
            generation, searcher.reader(), words
        )
        whoosh_query: q.Query
        if concepts:
            whoosh_query = build_query(query_plan(concepts, corrections))
        elif chosen:
            whoosh_query = q.Every()
        else:
            return SearchResponse(text, 0, (), facet_sets.counts(frozenset()), None, chosen)
        results = searcher.search(whoosh_query, limit=None, filter=filter_query(chosen))
        spellings = [_options(concept) for concept in concepts]
        for position, fixed in corrections.items():
            spellings[position] = [*spellings[position], set(fixed)]
        terms: set[str] = {
            term
            for options in spellings
            for option in options
            for term in option
            if not term.startswith(CONCEPT_PREFIX)
        }
        for concept in concepts:
            for token in concept.tokens:
                terms.update(
                    t for spelling in generation.expander.spellings[token] for t in spelling
                )
        ranked = rerank(results, spellings, terms, generation.title_terms, MAX_LIMIT)
        maker = SnippetMaker(terms, generation.term_of)
        hits = [
            _result(hit, score, maker) for hit, score in ranked[: max(0, min(limit, MAX_LIMIT))]
        ]
        return SearchResponse(
            query=text,
            total=len(results),
            results=tuple(hits),
            facets=facet_sets.counts(set(results.docs())),
            suggestion=suggestion,
            filters=chosen,
        )

    def close(self) -> None:
        """Closes this thread's searcher; other threads' close when they are collected."""
        if self._local.searcher is not None:
            self._local.searcher.close()
            self._local.searcher = None


def _options(concept: Concept) -> list[set[str]]:
    """Term sets any of which stands for the concept in a title."""
    if concept.tokens:
        return [{token} for token in concept.tokens]
    return [set(concept.terms)]


def _result(hit: Any, score: float, maker: SnippetMaker) -> SearchResult:
    body = hit.get("body") or ""
    snippet = maker.snippet(body) or fallback(hit.get("description") or body)
    return SearchResult(
        path=hit["path"],
        title=hit["title"],
        url=hit["url"],
        score=round(score, 4),
        snippet=snippet,
        type=hit.get("type") or None,
        mediation=_split(hit.get("mediation")),
        themes=_split(hit.get("themes")),
        organisations=_split(hit.get("organisations")),
        publics=_split(hit.get("publics")),
        description=hit.get("description") or "",
    )
