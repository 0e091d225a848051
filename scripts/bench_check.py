"""How much ``entraide check``'s content rules cost over header validation alone.

Runs both on the repository's docs and on the service-public corpus (3,213
official pages full of dates, amounts, postcodes and service phone numbers),
and prints what the rules found there: on official text, every personal-data
finding is either a service's own line or a false positive.

    python scripts/bench_check.py [--corpus PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from entraide.content.checking import check_page
from entraide.content.repository import ContentRepository
from entraide.content.rules import CheckContext
from entraide.content.validation import ValidationResult, validate_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/service-public/markdown/particuliers"


def best_of(repeat: int, run: Callable[[], list[ValidationResult]]) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs, and the problems the last run found."""
    best = float("inf")
    found = 0
    for _ in range(repeat):
        started = time.perf_counter()
        results = run()
        best = min(best, time.perf_counter() - started)
        found = sum(len(result.problems) for result in results)
    return best, found


def row(label: str, pages: int, seconds: float, problems: int) -> None:
    per_page = 1000 * seconds / max(pages, 1)
    print(f"  {label:<38} {seconds:7.2f} s  {per_page:6.2f} ms/page  {problems:5} problem(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    repository = ContentRepository.open(ROOT)
    pages = len(list(repository.markdown_files()))
    print(f"Repository docs: {pages} pages")
    row("header only (validate)", pages, *best_of(args.repeat, repository.validate))
    row("every rule (check)", pages, *best_of(args.repeat, repository.check))

    if not args.corpus.is_dir():
        print(f"Corpus absent: {args.corpus}")
        return
    texts = {path.name: path.read_text(encoding="utf-8") for path in args.corpus.glob("*.md")}
    context = CheckContext(args.corpus, repository.taxonomy, date.today())
    print(f"Service-public corpus: {len(texts)} pages")

    def header_only() -> list[ValidationResult]:
        return [
            validate_text(name, name, text, repository.taxonomy, context.today)
            for name, text in texts.items()
        ]

    def every_rule() -> list[ValidationResult]:
        return [check_page(name, name, text, context) for name, text in texts.items()]

    row("header only (validate_text)", len(texts), *best_of(1, header_only))
    row("every rule (check_page)", len(texts), *best_of(1, every_rule))
    codes = Counter(p.code for result in every_rule() for p in result.problems)
    print(f"  findings on official pages, by code: {dict(sorted(codes.items()))}")


if __name__ == "__main__":
    main()
