"""Where a site build spends its time: plain Material against ``entraide build``, per phase.

One run builds the same corpus pages twice, each in a process of its own (so
peak memory is that build's alone): once with MkDocs and Material alone (the
project's configuration minus the plugin), once as ``entraide build`` does
(``sitebuild.build_site``: the plugin, then the Whoosh index and the static
search export). Each build is timed by phase, in the build process's CPU time
(what a busy machine disturbs least; the one ``git log`` a build runs is a child
process, left out) and exclusive (a phase's figure leaves out the phases it
calls): MkDocs' Markdown rendering, its theme
templates (the navigation is rendered there), the rest of MkDocs, each concern
of the plugin, the index, the static export. Ratios matter more than seconds on
a busy 2-core machine: compare the columns of one run.

Two layouts of the same pages:

- ``docs`` (default): the corpus pages as they are, in one folder, built with
  ``entraide build --docs`` (the folder's own navigation, no configured one);
- ``project``: the pages given valid Entraide front matter (types, postures,
  themes, review dates spread over the taxonomy) in the project's content
  folders, under its configured navigation (the shape of ``serve`` and of a
  network's CI build).

    python scripts/bench_build.py [--pages N] [--layout docs|project] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from entraide.content.folding import fold_accents
from entraide.content.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/service-public/markdown/particuliers"
CONTENT_FOLDERS = ("procedures", "pedagogy", "faq")
POSTURES = (["urgence"], ["autonomie"], ["urgence", "autonomie"])
TYPES = (("procedure", "procedures"),) * 3 + (("ruse", "pedagogy"), ("faq", "faq"))
PLAIN, OURS = "plain Material", "entraide build"


class Clock:
    """Exclusive CPU time per phase: entering a timed call pauses the caller's phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[Any]] = []

    def wrap(self, phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.process_time()
            if self._stack:
                self.seconds[self._stack[-1][0]] += now - self._stack[-1][1]
            self._stack.append([phase, now])
            self.calls[phase] += 1
            try:
                return function(*args, **kwargs)
            finally:
                end = time.process_time()
                done, since = self._stack.pop()
                self.seconds[done] += end - since
                if self._stack:
                    self._stack[-1][1] = end

        return timed

    def patch(self, owner: Any, name: str, phase: str) -> None:
        setattr(owner, name, self.wrap(phase, getattr(owner, name)))

    def patch_class(self, cls: type, phase: str, **phases: str) -> None:
        """Every method ``cls`` defines, in ``phase`` unless ``phases`` names another."""
        for name, value in list(vars(cls).items()):
            if callable(value) and not isinstance(value, type) and name != "__init__":
                self.patch(cls, name, phases.get(name, phase))


def _instrument_mkdocs(clock: Clock) -> None:
    import jinja2
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    clock.patch(build, "build", "MkDocs: rest (files, nav, copy, write)")
    clock.patch(Page, "render", "MkDocs: Markdown to HTML")
    clock.patch(jinja2.Template, "render", "MkDocs: theme templates (navigation)")


def _instrument_entraide(clock: Clock) -> None:
    from entraide import sitebuild
    from entraide.mkdocs_plugin.handouts import TakeAway
    from entraide.mkdocs_plugin.history import SiteHistory
    from entraide.mkdocs_plugin.plugin import EntraidePlugin
    from entraide.mkdocs_plugin.safety import SiteSafety
    from entraide.mkdocs_plugin.search import StaticSearch
    from entraide.mkdocs_plugin.training import TrainingSite

    clock.patch(sitebuild, "build_site", "sitebuild: rest (fingerprint, swap)")
    clock.patch(sitebuild, "index_site", "search: Whoosh index")
    listings = "plugin: listings, badges, notices"
    clock.patch_class(
        EntraidePlugin,
        "plugin: rest (config, files, assets, redirects)",
        _validate_sources="plugin: page checks",
        _check_network="plugin: page checks",
        _generate_listings=listings,
        on_page_markdown=listings,
        _decorate=listings,
        _partials_data=listings,
    )
    clock.patch_class(
        SiteSafety,
        "safety: HTML allow-list",
        filter_files="safety: file checks",
        post_page="safety: Content-Security-Policy",
        post_build="safety: Content-Security-Policy",
    )
    clock.patch_class(SiteHistory, "history: Git, review, recent changes")
    clock.patch_class(TakeAway, "handouts and print views")
    clock.patch_class(TrainingSite, "practice kit")
    clock.patch_class(StaticSearch, "search: search page", export="search: static export")


def child(variant: str, config: Path, site: Path, docs: Path | None) -> None:
    """One build, instrumented; prints its phases as JSON on the last line."""
    clock = Clock()
    _instrument_mkdocs(clock)
    if variant == OURS:
        _instrument_entraide(clock)
        from entraide import sitebuild

        sitebuild.build_site(config, site, docs_dir=docs)
    else:
        from mkdocs.commands import build
        from mkdocs.config import load_config

        settings = load_config(config_file=str(config), site_dir=str(site))
        settings.plugins.on_startup(command="build", dirty=False)
        build.build(settings)
    print(json.dumps({"seconds": clock.seconds, "calls": clock.calls}))


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    site_mb: float
    pages: int
    phases: dict[str, float]
    calls: dict[str, int]


def measure(variant: str, config: Path, site: Path, docs: Path | None) -> Measure:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, __file__, "--child", variant, str(config), str(site)]
    command += [str(docs)] if docs else []
    log = site.with_name(f"{site.name}.log")
    start = time.perf_counter()
    with log.open("wb") as errors:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-3000:])
        raise SystemExit(f"build failed: {variant}, {config}")
    report = json.loads(output.decode().strip().splitlines()[-1])
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    pages = sum(1 for p in files if p.name.endswith(".html"))
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(
        seconds,
        cpu,
        usage.ru_maxrss / 1024,
        size / 2**20,
        pages,
        report["seconds"],
        report["calls"],
    )


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


def _plain_config(config: Path, *, docs: Path | None) -> Path:
    """The configuration minus the plugin; with ``docs``, that folder and its own navigation
    (what ``entraide build --docs`` gives the plugin's build)."""
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^plugins:\n(?:[ #].*\n|\n)*", "plugins: []\n\n", text, flags=re.M)
    if docs is not None:
        text = re.sub(r"^nav:\n(?:  .*\n)*", "", text, flags=re.M)
    text = re.sub(
        r"^docs_dir: .*$", f"docs_dir: {docs or config.parent / 'docs'}", text, flags=re.M
    )
    text = text.replace("custom_dir: overrides", f"custom_dir: {config.parent / 'overrides'}")
    copy = Path(tempfile.mkdtemp(prefix="entraide-bench-config-")) / "mkdocs-plain.yml"
    copy.write_text(text, encoding="utf-8")
    return copy


def make_docs(target: Path, corpus: Path, count: int) -> Path:
    """The first ``count`` corpus pages, as they are, in one folder."""
    target.mkdir(parents=True)
    for source in sorted(corpus.glob("*.md"))[:count]:
        shutil.copy2(source, target / source.name)
    return target


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
    # A repository, as the project is: the build reads the pages' history from Git.
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Banc d'essai"]):
        subprocess.run(["git", "-c", "user.name=Banc", "-c", "user.email=banc@example.org",
                        *command], cwd=target, check=True)  # fmt: skip


def report(plain: Measure, ours: Measure, count: int) -> None:
    width = 46
    print(f"\n{'':<{width}} {PLAIN:>16} {OURS:>16}")
    rows = (
        ("wall-clock s", plain.seconds, ours.seconds, 1),
        ("CPU s (user + system)", plain.cpu_seconds, ours.cpu_seconds, 1),
        ("peak memory MB", plain.peak_mb, ours.peak_mb, 0),
        ("HTML files written", plain.pages, ours.pages, 0),
        ("site MB", plain.site_mb, ours.site_mb, 1),
        ("site KB per HTML file", plain.site_mb * 1024 / plain.pages,
         ours.site_mb * 1024 / ours.pages, 0),
        ("CPU ms per corpus page", plain.cpu_seconds * 1000 / count,
         ours.cpu_seconds * 1000 / count, 1),
    )  # fmt: skip
    for label, left, right, digits in rows:
        print(f"{label:<{width}} {left:>16.{digits}f} {right:>16.{digits}f}")
    print("\nphases, exclusive CPU seconds (calls)")
    phases = sorted(set(plain.phases) | set(ours.phases), key=lambda p: -ours.phases.get(p, 0))
    for phase in phases:
        cells = []
        for side in (plain, ours):
            if phase in side.phases:
                cells.append(f"{side.phases[phase]:>8.2f} ({side.calls[phase]:>5})")
            else:
                cells.append(f"{'-':>16}")
        print(f"{phase:<{width}} {cells[0]:>16} {cells[1]:>16}")
    rest = [f"{m.cpu_seconds - sum(m.phases.values()):>8.2f}{'':8}" for m in (plain, ours)]
    print(f"{'start-up, imports, git (CPU - phases)':<{width}} {rest[0]:>16} {rest[1]:>16}")
    ratio = ours.cpu_seconds / plain.cpu_seconds
    print(f"\n{OURS} / {PLAIN}: {ratio:.2f}× CPU time, {ours.seconds / plain.seconds:.2f}× wall")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        variant, *paths = sys.argv[2:]
        child(variant, Path(paths[0]), Path(paths[1]), Path(paths[2]) if paths[2:] else None)
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=0, help="corpus pages (0: all)")
    parser.add_argument("--layout", choices=("docs", "project"), default="docs")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    count = args.pages or sum(1 for _ in args.corpus.glob("*.md"))
    print(f"{count} corpus pages, layout {args.layout}; load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="entraide-bench-build-") as tmp:
        work = Path(tmp)
        if args.layout == "docs":
            docs: Path | None = make_docs(work / "pages", args.corpus, count)
            config = ROOT / "mkdocs.yml"
        else:
            docs = None
            make_project(work / "project", args.corpus, count, load_taxonomy(ROOT / "taxonomy.yml"))
            config = work / "project" / "mkdocs.yml"
        plain_config = _plain_config(config, docs=docs)
        try:
            plain = measure(PLAIN, plain_config, work / "site-plain", docs)
            print(f"{PLAIN}: {plain.seconds:.1f} s", flush=True)
            ours = measure(OURS, config, work / "site", docs)
            print(f"{OURS}: {ours.seconds:.1f} s", flush=True)
        finally:
            shutil.rmtree(plain_config.parent)
    report(plain, ours, count)
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
