"""Parity: the browser engine answers the relevance sets as `entraide search` does.

Every query of tests/data/relevance/ (dev, heldout and blind) runs through recherche-moteur.js in
Chromium, on the static index exported from a real Whoosh index of a slice of
the service-public corpus, and through the real CLI (`entraide search --batch`)
on that same index. The same page must come first for at least 95 % of the
queries, and MRR@10 must agree within 0.02.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entraide.search.static_index import export_static_index
from tests.live_server import static_files
from tests.test_search_cli import entraide

ROOT = Path(__file__).resolve().parents[2]
RELEVANCE = ROOT / "tests/data/relevance"
ENGINE = ROOT / "plugins/entraide/mkdocs_plugin/assets/recherche-moteur.js"
SLICE = 450  # corpus pages: every expected fiche, then others in name order
K = 10

HARNESS = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>moteur</title></head>
<body><script src="recherche-moteur.js" data-index="assets/recherche/"></script></body></html>
"""


def judgements() -> list[tuple[str, frozenset[str]]]:
    found = []
    for path in sorted(RELEVANCE.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                query, expected = line.split("\t")
                found.append((query, frozenset(expected.split())))
    return found


def reciprocal_rank(paths: list[str], expected: frozenset[str]) -> float:
    for rank, path in enumerate(paths[:K], 1):
        if path.removesuffix(".md") in expected:
            return 1.0 / rank
    return 0.0


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("parite")
    docs = root / "docs"
    docs.mkdir()
    pages = corpus / "markdown/particuliers"
    wanted = sorted({ident for _, expected in judgements() for ident in expected})
    others = sorted(p.stem for p in pages.glob("*.md") if p.stem not in wanted)
    for ident in [*wanted, *others][:SLICE]:
        if (pages / f"{ident}.md").is_file():
            shutil.copy2(pages / f"{ident}.md", docs / f"{ident}.md")
    result = entraide("index", "--docs", "docs", "--index-dir", "idx", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    export_static_index(root / "idx", site)
    shutil.copy2(ENGINE, site / ENGINE.name)
    (site / "index.html").write_text(HARNESS, encoding="utf-8")
    return {"root": root, "site": site}


@pytest.fixture(scope="module")
def harness(exported: dict[str, Path]) -> Iterator[str]:
    with static_files(exported["site"]) as url:
        yield f"{url}/index.html"


def test_browser_engine_ranks_as_entraide_search(
    page: Any, harness: str, exported: dict[str, Path], artifacts: Path
) -> None:
    cases = judgements()
    queries = [query for query, _ in cases]
    cli = entraide(
        "search",
        "--batch",
        "--json",
        "--limit",
        str(K),
        "--index-dir",
        "idx",
        cwd=exported["root"],
        stdin="\n".join(queries) + "\n",
    )
    assert cli.returncode == 0, cli.stderr
    python = [[r["path"] for r in json.loads(line)["results"]] for line in cli.stdout.splitlines()]
    assert len(python) == len(queries)
    page.goto(harness)
    browser: list[list[str]] = page.evaluate(
        """async ([queries, limit]) => {
            const out = [];
            for (const q of queries) {
                const answer = await window.EntraideMoteur.chercher(q, {limit: limit});
                out.push(answer.results.map((r) => r.path));
            }
            return out;
        }""",
        [queries, K],
    )
    same_first = sum(1 for a, b in zip(python, browser, strict=True) if a[:1] == b[:1])
    mrr_python = sum(reciprocal_rank(p, e) for p, (_, e) in zip(python, cases, strict=True))
    mrr_browser = sum(reciprocal_rank(b, e) for b, (_, e) in zip(browser, cases, strict=True))
    mrr_python, mrr_browser = mrr_python / len(cases), mrr_browser / len(cases)
    differing = [
        {"query": q, "python": p[:3], "browser": b[:3]}
        for q, p, b in zip(queries, python, browser, strict=True)
        if p[:3] != b[:3]
    ]
    (artifacts / "parite-recherche.json").write_text(
        json.dumps(
            {
                "queries": len(queries),
                "same_first": same_first,
                "mrr_python": mrr_python,
                "mrr_browser": mrr_browser,
                "differing_top3": differing,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    assert same_first >= 0.95 * len(queries), differing
    assert abs(mrr_python - mrr_browser) <= 0.02, (mrr_python, mrr_browser)
    assert page.js_errors == []
