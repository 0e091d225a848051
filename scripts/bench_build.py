"""Build time, memory and size of the site with and without the entraide plugin.

Pages are made from the service-public corpus with valid Entraide front matter
(types, postures, themes, review dates spread over the taxonomy), then built
with the project's own configuration, and with the same configuration minus
the plugin, in one run. Each build runs in its own process so peak memory is
that build's alone. Ratios use CPU time (user + system of the build process),
which a busy 2-core machine disturbs far less than wall-clock time.

    python scripts/bench_build.py [--sizes 300 1000 3000] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from entraide.content.folding import fold_accents
from entraide.content.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/service-public/markdown/particuliers"
CONTENT_FOLDERS = ("procedures", "pedagogy", "faq")
POSTURES = (["urgence"], ["autonomie"], ["urgence", "autonomie"])
# The plugin without its build-time content checks: shows what the checks cost.
NO_CHECKS = "  - entraide:\n      check_pages: false\n"
TYPES = (("procedure", "procedures"),) * 3 + (("ruse", "pedagogy"), ("faq", "faq"))


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    site_mb: float
    pages: int

    @property
    def kb_per_page(self) -> float:
        return self.site_mb * 1024 / self.pages


def _front_matter(index: int, meta: dict[str, object], taxonomy: Taxonomy) -> str:
    themes = {fold_accents(term.label): slug for slug, term in taxonomy.themes.items()}
    theme = themes.get(fold_accents(str(meta.get("subject", ""))))
    theme_slugs = sorted(taxonomy.themes)
    organisations = sorted(taxonomy.organisations)
    page_type, _ = TYPES[index % len(TYPES)]
    reviewed = date(2025, 1, 1) + timedelta(days=(index * 37) % 640)
    data = {
        "title": str(meta.get("title") or f"Page {index}"),
        "description": str(meta.get("description") or "Une fiche du corpus de test.")[:300],
        "type": page_type,
        "mediation": POSTURES[index % len(POSTURES)],
        "themes": [theme or theme_slugs[index % len(theme_slugs)]],
        "organisations": [organisations[index % len(organisations)]],
        "publics": [],
        "owner": "Banc d'essai",
        "last_reviewed_on": reviewed,
        "review_in": ("6 mois", "1 an")[index % 2],
        "sources": [str(meta["source_id"])] if meta.get("source_id") else [],
    }
    if data["description"] and len(str(data["description"])) < 10:
        data["description"] = "Une fiche du corpus de test."
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def make_project(target: Path, corpus: Path, count: int, taxonomy: Taxonomy) -> None:
    """A copy of the project whose content folders hold ``count`` corpus pages."""
    shutil.copytree(ROOT / "docs", target / "docs")
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    for folder in CONTENT_FOLDERS:
        for page in (target / "docs" / folder).rglob("*.md"):
            if page.name != "index.md":
                page.unlink()
    sources = sorted(corpus.glob("*.md"))[:count]
    for index, source in enumerate(sources):
        text = source.read_text(encoding="utf-8")
        match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
        meta, body = (yaml.safe_load(match[1]) or {}, match[2]) if match else ({}, text)
        _, folder = TYPES[index % len(TYPES)]
        page = target / "docs" / folder / "corpus" / source.name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\n{_front_matter(index, meta, taxonomy)}---\n{body}", "utf-8")


def variant(config: Path, name: str, plugin_entry: str) -> Path:
    """A copy of the configuration with the plugin's entry replaced."""
    text = config.read_text(encoding="utf-8")
    copy = config.with_name(f"mkdocs-{name}.yml")
    copy.write_text(re.sub(r"^  - entraide\n", plugin_entry, text, flags=re.M), "utf-8")
    return copy


def measure(config: Path, site: Path, pages: int) -> Measure:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {config}")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(seconds, cpu, usage.ru_maxrss / 1024, size / 1024 / 1024, pages)


def _report(results: dict[tuple[int, str], Measure], sizes: list[int]) -> None:
    print()
    for size in sizes:
        plain = results[size, "plain Material"]
        for name in ("with plugin", "no checks"):
            ours = results[size, name]
            cpu = 100 * (ours.cpu_seconds / plain.cpu_seconds - 1)
            wall = 100 * (ours.seconds / plain.seconds - 1)
            memory = 100 * (ours.peak_mb / plain.peak_mb - 1)
            print(
                f"{size:>6} pages, {name}: overhead {cpu:+.0f}% CPU time ({wall:+.0f}% wall), "
                f"{memory:+.0f}% peak memory (target ≤ +15% time)"
            )
    smallest, largest = min(sizes), max(sizes)
    for name in ("with plugin", "plain Material"):
        ratio = results[largest, name].cpu_seconds / results[smallest, name].cpu_seconds
        print(
            f"{name}: {largest} pages took {ratio:.1f}× the {smallest}-page CPU time "
            f"({largest / smallest:.0f}× the pages; target ≤ 12×)"
        )
    worst = max(m.kb_per_page for (_, name), m in results.items() if name == "with plugin")
    print(f"largest site per page with the plugin: {worst:.0f} KB (target ≤ 150 KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    taxonomy = load_taxonomy(ROOT / "taxonomy.yml")
    results: dict[tuple[int, str], Measure] = {}
    columns = ("seconds", "CPU s", "peak MB", "site MB", "KB/page")
    print(f"{'pages':>6} {'variant':<14} " + " ".join(f"{c:>8}" for c in columns))
    with tempfile.TemporaryDirectory(prefix="entraide-bench-build-") as tmp:
        for size in args.sizes:
            project = Path(tmp) / f"p{size}"
            make_project(project, args.corpus, size, taxonomy)
            config = project / "mkdocs.yml"
            pages = sum(1 for _ in (project / "docs").rglob("*.md"))
            variants = (
                ("with plugin", config),
                ("no checks", variant(config, "nochecks", NO_CHECKS)),
                ("plain Material", variant(config, "plain", "")),
            )
            for name, cfg in variants:
                m = measure(cfg, project / f"site-{name[0]}", pages)
                results[size, name] = m
                figures = (m.seconds, m.cpu_seconds, m.peak_mb, m.site_mb, m.kb_per_page)
                print(
                    f"{size:>6} {name:<14} " + " ".join(f"{f:>8.1f}" for f in figures),
                    flush=True,
                )
            shutil.rmtree(project)
    _report(results, args.sizes)


if __name__ == "__main__":
    main()
