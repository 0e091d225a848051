"""Search benchmark: relevance, latency, build rate, size, one-page update.

Compares, in the same run and on the same pages and queries:
- ours: ``entraide.search`` (French analysis, acronyms and synonyms, typo tolerance);
- plain Whoosh: ``StandardAnalyzer`` on title and body, ``MultifieldParser`` with OR;
- lunr French (``lunr[languages]``, the engine of Material's built-in search),
  title boosted 10 as Material does, trimmer + stop words + Snowball stemmer.

Relevance sets are in tests/data/relevance/: ``dev.tsv`` (tuned on) and
``heldout.tsv`` (written before tuning, never tuned on). Each line is a query,
a tab, then the fiches that should come first (any of them counts).

Usage: python scripts/bench_search.py [--corpus DIR] [--engines ours,whoosh,lunr]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/service-public/markdown/particuliers"
RELEVANCE = ROOT / "tests/data/relevance"
K = 10
REPEATS = 3

Search = Callable[[str], list[str]]


@dataclass(frozen=True)
class Judgement:
    query: str
    expected: frozenset[str]


@dataclass
class Figures:
    name: str
    build_seconds: float = 0.0
    size_bytes: int = 0
    update_seconds: float | None = None
    relevance: dict[str, tuple[float, float]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    misses: dict[str, list[str]] = field(default_factory=dict)


def load_set(name: str) -> list[Judgement]:
    judgements = []
    for line in (RELEVANCE / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected = line.split("\t")
        judgements.append(Judgement(query, frozenset(expected.split())))
    return judgements


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def evaluate(figures: Figures, search: Search, sets: dict[str, list[Judgement]]) -> None:
    for judgements in sets.values():  # warm-up: caches, lazily opened files
        for judgement in judgements:
            search(judgement.query)
    for name, judgements in sets.items():
        reciprocal, recall, misses = [], [], []
        for judgement in judgements:
            for _ in range(REPEATS):
                started = time.perf_counter()
                ranked = search(judgement.query)[:K]
                figures.latencies.append(time.perf_counter() - started)
            rank = next((i for i, ident in enumerate(ranked, 1) if ident in judgement.expected), 0)
            reciprocal.append(1 / rank if rank else 0.0)
            found = sum(ident in judgement.expected for ident in ranked)
            recall.append(found / len(judgement.expected))
            if rank != 1:
                misses.append(f"{judgement.query!r} -> rank {rank or '>10'} (top: {ranked[:3]})")
        figures.relevance[name] = (statistics.mean(reciprocal), statistics.mean(recall))
        figures.misses[name] = misses


def touch_one_page(docs: Path) -> Path:
    page = docs / "F1427.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMise à jour du banc d'essai.\n")
    return page


def bench_ours(docs: Path, work: Path, sets: dict[str, list[Judgement]]) -> Figures:
    from entraide.content.taxonomy import load_taxonomy
    from entraide.search.engine import SearchEngine
    from entraide.search.indexing import update_index

    taxonomy = load_taxonomy(ROOT / "taxonomy.yml")
    index_dir = work / "ours"
    figures = Figures("entraide (ours)")
    started = time.perf_counter()
    update_index(docs, index_dir, taxonomy)
    figures.build_seconds = time.perf_counter() - started
    figures.size_bytes = folder_size(index_dir)
    touch_one_page(docs)
    started = time.perf_counter()
    report = update_index(docs, index_dir, taxonomy)
    figures.update_seconds = time.perf_counter() - started
    assert report.updated == 1, report
    engine = SearchEngine(index_dir, taxonomy)

    def search(query: str) -> list[str]:
        return [r.path[:-3] for r in engine.search(query, limit=K).results]

    evaluate(figures, search, sets)
    return figures


def _read_pages(docs: Path) -> list[dict[str, str]]:
    from entraide.content.frontmatter import parse_front_matter

    pages = []
    for path in sorted(docs.glob("*.md")):
        front = parse_front_matter(path.read_text(encoding="utf-8"))
        title = str(front.data.get("title") or path.stem)
        pages.append({"id": path.stem, "title": title, "body": front.body})
    return pages


def bench_plain_whoosh(docs: Path, work: Path, sets: dict[str, list[Judgement]]) -> Figures:
    from whoosh import index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    folder = work / "plain-whoosh"
    folder.mkdir()
    figures = Figures("plain Whoosh (StandardAnalyzer)")
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StandardAnalyzer()),
        body=TEXT(analyzer=StandardAnalyzer()),
    )
    started = time.perf_counter()
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for fields in _read_pages(docs):
            writer.add_document(**fields)
    figures.build_seconds = time.perf_counter() - started
    figures.size_bytes = folder_size(folder)
    page = touch_one_page(docs)
    started = time.perf_counter()
    with ix.writer() as writer:
        writer.update_document(id=page.stem, title="x", body=page.read_text(encoding="utf-8"))
    figures.update_seconds = time.perf_counter() - started
    parser = MultifieldParser(["title", "body"], ix.schema, group=OrGroup)
    searcher = ix.searcher()

    def search(query: str) -> list[str]:
        try:
            parsed = parser.parse(query)
            return [hit["id"] for hit in searcher.search(parsed, limit=K)]
        except Exception:
            return []

    evaluate(figures, search, sets)
    searcher.close()
    return figures


def bench_lunr(docs: Path, work: Path, sets: dict[str, list[Judgement]]) -> Figures:
    import lunr.languages as lunr_languages
    from lunr import lunr
    from whoosh.lang import stopwords_for_language

    def snowball_stopwords(language: str) -> tuple[list[str], set[str]]:
        # lunr[languages] downloads NLTK's stop list from GitHub at run time;
        # offline, use the same Snowball French list that Whoosh ships.
        words = sorted(stopwords_for_language(language))
        return words, {c for word in words for c in word}

    lunr_languages._get_stopwords_and_word_characters = snowball_stopwords
    figures = Figures("lunr French (Material's engine)")
    pages = [{"id": p["id"], "title": p["title"], "text": p["body"]} for p in _read_pages(docs)]
    fields: list[Any] = [{"field_name": "title", "boost": 10}, "text"]
    started = time.perf_counter()
    idx = lunr(ref="id", fields=fields, documents=pages, languages="fr")
    figures.build_seconds = time.perf_counter() - started
    serialized = json.dumps(idx.serialize())
    figures.size_bytes = len(serialized.encode())
    (work / "lunr-index.json").write_text(serialized, encoding="utf-8")

    def search(query: str) -> list[str]:
        try:
            return [str(hit["ref"]) for hit in idx.search(query)[:K]]
        except Exception:
            return []

    evaluate(figures, search, sets)
    return figures


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(all_figures: list[Figures], pages: int, sets: dict[str, list[Judgement]]) -> None:
    names = [f.name for f in all_figures]
    width = max(len(n) for n in names) + 2
    print(
        f"\nCorpus: {pages} pages; queries: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
    )
    header = (
        f"{'engine':<{width}}"
        + "".join(f"{'MRR@10 ' + s:>14}{'R@10 ' + s:>14}" for s in sets)
        + f"{'p50 ms':>9}{'p95 ms':>9}{'pages/s':>9}{'build s':>9}{'size MB':>9}{'1-page s':>10}"
    )
    print(header)
    for f in all_figures:
        rel = "".join(f"{f.relevance[s][0]:>14.3f}{f.relevance[s][1]:>14.3f}" for s in sets)
        update = (
            f"{f.update_seconds:>10.3f}" if f.update_seconds is not None else f"{'rebuild':>10}"
        )
        print(
            f"{f.name:<{width}}{rel}"
            f"{percentile(f.latencies, 0.5) * 1000:>9.1f}"
            f"{percentile(f.latencies, 0.95) * 1000:>9.1f}"
            f"{pages / f.build_seconds:>9.0f}{f.build_seconds:>9.1f}"
            f"{f.size_bytes / 1e6:>9.1f}{update}"
        )
    print("(1-page: time to take one changed page into account; lunr has no update: rebuild.)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--engines", default="ours,whoosh,lunr")
    parser.add_argument("--misses", action="store_true", help="list queries not ranked first")
    args = parser.parse_args()
    sets = {"dev": load_set("dev"), "heldout": load_set("heldout")}
    benches = {"ours": bench_ours, "whoosh": bench_plain_whoosh, "lunr": bench_lunr}
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        work = Path(temporary)
        for name in args.engines.split(","):
            docs = work / f"docs-{name}"
            shutil.copytree(args.corpus, docs)
            print(f"{name}: indexing {args.corpus} ...", flush=True)
            results.append(benches[name](docs, work, sets))
    pages = len(list(args.corpus.glob("*.md")))
    report(results, pages, sets)
    if args.misses:
        for figures in results:
            for set_name, misses in figures.misses.items():
                print(f"\n{figures.name} / {set_name}: {len(misses)} not first")
                for miss in misses:
                    print("  " + miss)


if __name__ == "__main__":
    main()
