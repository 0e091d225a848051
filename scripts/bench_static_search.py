"""Static search benchmark: Entraide's browser engine, ``entraide search`` and Material's search.

In one run, on the same pages (the service-public corpus by default) and the
same relevance sets (tests/data/relevance/*.tsv), served by a plain static file
server on loopback and read by Debian's Chromium:

- relevance (MRR@10, recall@10) of the static engine in the browser, of
  ``entraide search`` (Python, Whoosh) on the same index, and of Material's own
  search (lunr.js in the browser, the repaired configuration: ``lang: fr``, no
  explicit pipeline);
- bytes downloaded for the first query after the page loads, and for each
  later query;
- time for the engine to answer, p50/p95, in the browser (the search page adds
  a 250 ms typing pause before it asks);
- the index on disk, and the build time it adds.

Usage: python scripts/bench_static_search.py [--corpus DIR] [--skip-material]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from entraide.content.taxonomy import load_taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.site_paths import SITE_FOLDER
from entraide.sitebuild import build_site

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/service-public/markdown/particuliers"
RELEVANCE = ROOT / "tests/data/relevance"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
K = 10


@dataclass(frozen=True)
class Judgement:
    query: str
    expected: frozenset[str]


@dataclass
class Engine:
    name: str
    rankings: dict[str, list[str]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    first_bytes: int | None = None
    later_bytes: list[int] = field(default_factory=list)


def load_sets() -> dict[str, list[Judgement]]:
    sets: dict[str, list[Judgement]] = {}
    for path in sorted(RELEVANCE.glob("*.tsv")):
        judgements = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                query, expected = line.split("\t")
                judgements.append(Judgement(query, frozenset(expected.split())))
        sets[path.stem] = judgements
    return sets


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def mrr_recall(engine: Engine, judgements: list[Judgement]) -> tuple[float, float]:
    reciprocal, recall = [], []
    for judgement in judgements:
        ranked = engine.rankings.get(judgement.query, [])[:K]
        rank = next((i for i, page in enumerate(ranked, 1) if page in judgement.expected), 0)
        reciprocal.append(1 / rank if rank else 0.0)
        recall.append(1.0 if rank else 0.0)
    return statistics.mean(reciprocal), statistics.mean(recall)


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def page_id(url: str) -> str:
    """F1427 from any of the forms an address or a path takes."""
    path = unquote(urlsplit(url).path).rstrip("/")
    name = path.rsplit("/", 1)[-1]
    return name.removesuffix(".md").removesuffix(".html")


def timed_build(config: Path, site: Path, docs: Path) -> tuple[float, Any]:
    started = time.perf_counter()
    result = build_site(config, site, docs_dir=docs)
    return time.perf_counter() - started, result


def material_config(work: Path) -> Path:
    """Plain Material with its own search, in French, without the explicit pipeline."""
    config = work / "material.yml"
    config.write_text(
        "site_name: Material\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "  language: fr\n  font: false\nplugins:\n  - search:\n      lang: fr\n",
        encoding="utf-8",
    )
    return config


def run_static(site: Path, queries: list[str]) -> Engine:
    from playwright.sync_api import sync_playwright

    engine = Engine("static (browser)")
    with static_server(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sizes: list[int] = []

        def on_response(response: Any) -> None:
            local = site / unquote(urlsplit(response.url).path).lstrip("/")
            if SITE_FOLDER in response.url and local.is_file():
                sizes.append(local.stat().st_size)

        page.on("response", on_response)
        page.goto(root + "/recherche/")
        page.wait_for_function("window.EntraideMoteur !== undefined")
        for position, query in enumerate(queries):
            sizes.clear()
            answer = page.evaluate(
                """async (q) => {
                    const started = performance.now();
                    const answer = await window.EntraideMoteur.chercher(q, {limit: 10});
                    const paths = answer.results.map((r) => r.path);
                    return {ms: performance.now() - started, paths: paths};
                }""",
                query,
            )
            page.wait_for_timeout(20)  # response events arrive after the scripts ran
            engine.rankings[query] = [page_id(p) for p in answer["paths"]]
            if position == 0:
                engine.first_bytes = sum(sizes)
            else:
                engine.latencies.append(answer["ms"] / 1000)
                engine.later_bytes.append(sum(sizes))
        browser.close()
    return engine


def run_python(index_dir: Path, queries: list[str]) -> Engine:
    engine = Engine("entraide search (Python)")
    search = SearchEngine(index_dir, load_taxonomy(ROOT / "taxonomy.yml"))
    search.search("demarche")
    for query in queries:
        started = time.perf_counter()
        answer = search.search(query, limit=K)
        engine.latencies.append(time.perf_counter() - started)
        engine.rankings[query] = [page_id(r.path) for r in answer.results]
    return engine


def run_material(site: Path, queries: list[str]) -> tuple[Engine, float]:
    """Material's own search box, typed into; returns the wait for its first results too."""
    from playwright.sync_api import sync_playwright

    engine = Engine("Material search (lunr.js)")
    first_results = 0.0
    with static_server(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        page.goto(root + "/" + next(site.glob("*/index.html")).parent.name + "/")
        started = time.perf_counter()
        page.click(".md-search__input")
        page.fill(".md-search__input", queries[0])
        page.wait_for_function(
            "() => !/Initialisation|Initializing/i.test("
            "document.querySelector('.md-search-result__meta').textContent)"
        )
        first_results = time.perf_counter() - started
        for query in queries:
            page.fill(".md-search__input", "")
            started = time.perf_counter()
            page.fill(".md-search__input", query)
            page.wait_for_timeout(150)
            links = page.eval_on_selector_all(
                ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.href)"
            )
            engine.latencies.append(time.perf_counter() - started)
            engine.rankings[query] = list(dict.fromkeys(page_id(link) for link in links))
        engine.first_bytes = (site / "search/search_index.json").stat().st_size
        browser.close()
    return engine, first_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-material", action="store_true")
    args = parser.parse_args()
    sets = load_sets()
    queries = list(dict.fromkeys(j.query for js in sets.values() for j in js))
    pages = len(list(args.corpus.glob("*.md")))
    with tempfile.TemporaryDirectory(prefix="bench-statique-") as tmp:
        work = Path(tmp)
        ours_site = work / "site"
        print("building the corpus with Entraide (twice)…", flush=True)
        first_seconds, first = timed_build(ROOT / "mkdocs.yml", ours_site, args.corpus)
        again_seconds, again = timed_build(ROOT / "mkdocs.yml", ours_site, args.corpus)
        index_dir = work / ".site.index"
        print("querying the static index in Chromium and entraide search…", flush=True)
        engines = [run_static(ours_site, queries), run_python(index_dir, queries)]
        static_bytes, static_files = folder_bytes(ours_site / SITE_FOLDER)
        builds = (first_seconds, first, again_seconds, again, static_bytes, static_files)
        report(engines, sets, pages, *builds, None, None)
        if not args.skip_material:
            material_site = work / "material"
            print("building and querying plain Material…", flush=True)
            material_seconds, _ = timed_build(material_config(work), material_site, args.corpus)
            material, material_first = run_material(material_site, queries)
            engines.append(material)
            print("\nwith Material's own search, same run:")
            report(engines, sets, pages, *builds, material_seconds, material_first)
            material_bytes = material.first_bytes or 0
            print(f"Material index downloaded before any result: {material_bytes / 1e6:.1f} MB")
        shutil.rmtree(work, ignore_errors=True)


def report(
    engines: list[Engine],
    sets: dict[str, list[Judgement]],
    pages: int,
    first_seconds: float,
    first: Any,
    again_seconds: float,
    again: Any,
    static_bytes: int,
    static_files: int,
    material_seconds: float | None,
    material_first: float | None,
) -> None:
    print(
        f"\n{pages} pages; relevance sets: " + ", ".join(f"{k} ({len(v)})" for k, v in sets.items())
    )
    header = f"{'engine':28}" + "".join(f"{name + ' MRR/R@10':>22}" for name in sets)
    print(header + f"{'p50 ms':>9}{'p95 ms':>9}{'1st KB':>9}{'next KB p50/p95':>17}")
    for engine in engines:
        cells = ""
        for judgements in sets.values():
            mrr, recall = mrr_recall(engine, judgements)
            cells += f"{mrr:>14.3f} / {recall:.2f}"
        p50 = percentile(engine.latencies, 0.5) * 1000
        p95 = percentile(engine.latencies, 0.95) * 1000
        first_kb = f"{engine.first_bytes / 1000:.0f}" if engine.first_bytes is not None else "-"
        later = (
            f"{percentile(engine.later_bytes, 0.5) / 1000:.0f} / "
            f"{percentile(engine.later_bytes, 0.95) / 1000:.0f}"
            if engine.later_bytes
            else "-"
        )
        print(f"{engine.name:28}{cells}{p50:>9.1f}{p95:>9.1f}{first_kb:>9}{later:>17}")
    static = engines[0]
    python = engines[1]
    same = sum(
        1 for q in python.rankings if python.rankings[q][:1] == static.rankings.get(q, [])[:1]
    )
    print(f"same first page, static vs Python: {same}/{len(python.rankings)}")
    print(f"static index on disk: {static_bytes / 1e6:.1f} MB in {static_files} files")
    index_s = first.search.seconds if first.search else 0.0
    export_first = first.static_search.seconds if first.static_search else 0.0
    export_again = again.static_search.seconds if again.static_search else 0.0
    print(
        f"build (ours, first): {first_seconds:.1f} s, of which index {index_s:.1f} s "
        f"+ static export {export_first:.1f} s ({(index_s + export_first) / first_seconds:.0%})"
    )
    again_index = again.search.seconds if again.search else 0.0
    print(
        f"build (ours, pages unchanged): {again_seconds:.1f} s, of which index {again_index:.1f} s "
        f"+ static export {export_again:.1f} s "
        f"({(again_index + export_again) / again_seconds:.0%})"
    )
    if material_seconds is not None:
        print(f"build (plain Material with its search): {material_seconds:.1f} s")
    if material_first is not None:
        print(f"Material: first results {material_first:.1f} s after typing on a fresh page")


if __name__ == "__main__":
    main()
