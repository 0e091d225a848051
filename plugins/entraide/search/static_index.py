"""The static search index: what a browser needs to answer exactly as ``entraide search``.

Static hosts and ``file://`` have no server to run Whoosh, so the browser runs
the query side itself (``recherche-moteur.js``) on files written here. Nothing
about ranking is decided in JavaScript:

- every (term, page) pair carries its final weight, computed by Whoosh's own
  BM25F scorer on the index with the field boosts of :mod:`~entraide.search.schema`
  (the score ``entraide search`` gives that term on that page);
- the analysis of the query needs no stemmer: a vocabulary maps each folded
  word of the pages to its analyzed term and its document frequency (typo
  tolerance uses the same frequencies as the server);
- the concept table, stop words, folding map and re-ranking constants are the
  Python ones, exported as data.

Files are JavaScript (``EntraideIndex.put(...)`` calls), not JSON: ``fetch()``
is refused from ``file://`` but a ``<script>`` is not. Postings are sharded by a
hash of the term and the vocabulary by the first letter of the word, so a
query downloads only the shards of its words; page details (title, address,
text for snippets) are one small file per page, read only for shown results.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entraide.search import ranking, suggestions
from entraide.search.analyzer import (
    FOLDING_MAP,
    STOP_WORDS,
    analyze,
    concept_filter,
    word_term,
)
from entraide.search.bounds import MAX_LIMIT, MAX_QUERY_CHARS, MAX_WORDS
from entraide.search.documents import FACET_FIELDS
from entraide.search.expansion import CONCEPT_PREFIX
from entraide.search.querying import CORRECTION_BOOST
from entraide.search.schema import IDS_BOOST, TEXT_FIELDS
from entraide.search.site_paths import SITE_FOLDER
from entraide.search.storage import open_current

FORMAT_VERSION = 1
ENTRY_NAME = "index.js"
# Postings per shard file, on average: small enough for a fast first answer.
TARGET_SHARD_BYTES = 24_000
# Page text kept for snippets: what a snippet quotes is nearly always early in a page.
SNIPPET_SOURCE_CHARS = 3_000
WEIGHT_DECIMALS = 4


@dataclass(frozen=True)
class StaticIndexReport:
    pages: int
    terms: int
    words: int
    files: int
    bytes: int
    seconds: float


def term_hash(term: str) -> int:
    """FNV-1a (32 bits) of the UTF-8 bytes: the browser computes the same to find a shard."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def vocabulary_key(word: str) -> str:
    """The shard of a folded word: its first character, as a code point in hex."""
    return f"{ord(word[0]):x}"


def _js(kind: str, key: str, data: Any) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"EntraideIndex.put({json.dumps(kind)},{json.dumps(key)},{payload});\n"


def _decoded(raw: bytes | str) -> str:
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def _split(value: Any) -> list[str]:
    return [part for part in str(value or "").split(",") if part]


def _term_spec(word: str, term: str) -> int | str:
    """The term as the length of the word's prefix it is, when it is one (most stems)."""
    return len(term) if word.startswith(term) else term


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = 0
        self.bytes = 0

    def write(self, relative: str, text: str) -> None:
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        target.write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def _term_weights(searcher: Any, dense: Mapping[int, int]) -> dict[str, dict[int, float]]:
    """Each term's score per page, as ``_term_query(term, 1.0)`` scores it in Whoosh."""
    reader = searcher.reader()
    weights: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    fields = dict(TEXT_FIELDS)
    fields["ids"] = IDS_BOOST
    for field, boost in fields.items():
        for raw in reader.lexicon(field):
            term = _decoded(raw)
            if field == "ids" and not any(char.isdigit() for char in term):
                continue
            matcher = searcher.postings(field, term)
            per_page = weights[term]
            while matcher.is_active():
                page = dense.get(matcher.id())
                if page is not None:
                    per_page[page] += boost * matcher.score()
                matcher.next()
    return weights


def _postings_shards(weights: Mapping[str, Mapping[int, float]]) -> tuple[int, dict[int, dict]]:  # type: ignore[type-arg]
    """Terms grouped into hash buckets; ids delta-encoded, weights rounded."""
    encoded: dict[str, list[float]] = {}
    size = 0
    for term, per_page in weights.items():
        flat: list[float] = []
        previous = 0
        for page in sorted(per_page):
            flat.extend((page - previous, round(per_page[page], WEIGHT_DECIMALS)))
            previous = page
        encoded[term] = flat
        size += len(term) + 8 * len(flat)
    buckets = 1
    while size / buckets > TARGET_SHARD_BYTES and buckets < 4096:
        buckets *= 2
    shards: dict[int, dict[str, list[float]]] = defaultdict(dict)
    for term in sorted(encoded):
        shards[term_hash(term) % buckets][term] = encoded[term]
    return buckets, dict(shards)


def _vocabulary(reader: Any, term_of: Callable[[str], str | None]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Folded word -> [its term, or its length as a prefix; pages holding it]."""
    shards: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for raw in reader.lexicon(suggestions.WORDS_FIELD):
        word = _decoded(raw)
        term = term_of(word)
        if term is None:
            continue
        frequency = reader.doc_frequency(suggestions.WORDS_FIELD, word)
        shards[vocabulary_key(word)][word] = [_term_spec(word, term), frequency]
    return dict(shards)


def _facet_tables(
    stored: Iterable[Mapping[str, Any]],
) -> tuple[dict[str, list[str]], list[list[list[int]]]]:
    """Facet values once per key, and each page's values as indexes into them."""
    values: dict[str, dict[str, int]] = {key: {} for key in FACET_FIELDS}
    pages: list[list[list[int]]] = []
    for fields in stored:
        row = []
        for key in FACET_FIELDS:
            known = values[key]
            row.append([known.setdefault(value, len(known)) for value in _split(fields.get(key))])
        pages.append(row)
    return {key: list(known) for key, known in values.items()}, pages


def _folding_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, replacement in FOLDING_MAP.items():
        if code < 128:
            continue
        text = replacement if isinstance(replacement, str) else chr(replacement)
        table[chr(code)] = text
    return table


def _settings(french: Any) -> dict[str, Any]:
    """The rules of the query side, as data: the browser code only follows them."""
    table = concept_filter(french)
    concepts = [
        [list(spelling), list(tokens)]
        for spelling, tokens in (table.spellings if table else {}).items()
    ]
    return {
        "maxQueryChars": MAX_QUERY_CHARS,
        "maxWords": MAX_WORDS,
        "maxLimit": MAX_LIMIT,
        "stopWords": sorted(STOP_WORDS),
        "minWordLength": 2,
        "folding": _folding_table(),
        "concepts": concepts,
        "conceptPrefix": CONCEPT_PREFIX,
        "correctionBoost": CORRECTION_BOOST,
        "correction": {
            "minLength": suggestions.MIN_LENGTH,
            "commoner": suggestions.COMMONER,
            "rareDocs": suggestions.RARE_DOCS,
        },
        "rerank": {
            "depth": ranking.RERANK_DEPTH,
            "coverage": ranking.TITLE_COVERAGE_BONUS,
            "precision": ranking.TITLE_PRECISION_BONUS,
            "questionTerms": sorted(ranking.QUESTION_TERMS),
        },
        "facetKeys": list(FACET_FIELDS),
    }


def export_static_index(
    index_dir: Path,
    site_dir: Path,
    urls: Mapping[str, str] | None = None,
    labels: Mapping[str, Any] | None = None,
) -> StaticIndexReport:
    """Write the static index of the index in ``index_dir`` into ``site_dir``.

    ``urls`` maps a page's docs-relative path to its address in this site, as
    the site generator computed it (``use_directory_urls`` or not); pages it
    does not know keep the address stored in the index. ``labels`` are what
    the search page shows for facet values.
    """
    started = time.perf_counter()
    index, _pointer = open_current(index_dir)
    french = index.schema["body"].analyzer
    terms_cache: dict[str, str | None] = {}

    def term_of(word: str) -> str | None:
        if word not in terms_cache:
            terms_cache[word] = word_term(french, word)
        return terms_cache[word]

    with index.searcher() as searcher:
        reader = searcher.reader()
        docnums = sorted(reader.all_doc_ids())
        dense = {docnum: position for position, docnum in enumerate(docnums)}
        stored = [reader.stored_fields(docnum) for docnum in docnums]
        weights = _term_weights(searcher, dense)
        vocabulary = _vocabulary(reader, term_of)
    buckets, postings = _postings_shards(weights)
    facet_values, facet_rows = _facet_tables(stored)

    content = hashlib.sha256()
    for term in sorted(weights):
        content.update(term.encode())
    content.update(json.dumps(facet_rows).encode())
    content.update(str(len(stored)).encode())
    target = site_dir / SITE_FOLDER
    if target.exists():
        shutil.rmtree(target)
    writer = _Writer(target)
    for bucket, shard in postings.items():
        writer.write(f"p/{bucket:x}.js", _js("p", f"{bucket:x}", shard))
    for key, shard in vocabulary.items():
        writer.write(f"v/{key}.js", _js("v", key, shard))
    for position, fields in enumerate(stored):
        path = str(fields["path"])
        title = str(fields.get("title") or path)
        writer.write(
            f"d/{position:x}.js",
            _js(
                "d",
                f"{position:x}",
                {
                    "path": path,
                    "url": (urls or {}).get(path, str(fields.get("url") or "")),
                    "title": title,
                    "description": str(fields.get("description") or ""),
                    "text": str(fields.get("body") or "")[:SNIPPET_SOURCE_CHARS],
                    "titleTerms": sorted(set(analyze(french, title))),
                },
            ),
        )
    entry = {
        "format": FORMAT_VERSION,
        "version": content.hexdigest()[:12],
        "pages": len(stored),
        "buckets": buckets,
        "vocabularyKeys": sorted(vocabulary),
        "facets": facet_values,
        "pageFacets": facet_rows,
        "settings": _settings(french),
        "labels": dict(labels or {}),
    }
    writer.write(ENTRY_NAME, _js("index", "", entry))
    return StaticIndexReport(
        pages=len(stored),
        terms=len(weights),
        words=sum(len(shard) for shard in vocabulary.values()),
        files=writer.files,
        bytes=writer.bytes,
        seconds=time.perf_counter() - started,
    )
