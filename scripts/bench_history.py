"""Benchmark: page history in one ``git log`` pass against one ``git log`` per file.

Generates a repository of 3,000 pages and 10,000 commits with ``git fast-import``
(seconds, not minutes), then times :func:`entraide.history.git_log.read_history`
against the plain way, ``git log --follow`` for each page. The per-file way is
timed on a sample of pages and extrapolated to all of them (said in the output).

    python scripts/bench_history.py [--pages 3000] [--commits 10000] [--sample 100]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import git

from entraide.history.git_log import read_history

AUTHORS = [f"Contributrice {n:02d}" for n in range(40)]
THEMES = ("caf", "ameli", "impots", "ants", "france-travail", "logement", "retraite", "mdph")
_VOCABULARY = (
    "demande compte caf ameli impots attestation justificatif dossier mot passe identifiant "
    "franceconnect formulaire ressources declaration trimestre allocation logement carte "
    "vitale titre sejour rendez-vous courrier numero allocataire prime activite retraite"
)
WORDS = tuple(_VOCABULARY.split(" "))


def _text(rng: random.Random, lines: int) -> str:
    """Distinct text for each page, so Git's rename and copy detection sees different files."""
    return "".join(" ".join(rng.choices(WORDS, k=10)) + "\n" for _ in range(lines))


def _data(text: str) -> bytes:
    payload = text.encode()
    return b"data %d\n" % len(payload) + payload + b"\n"


def fast_import_stream(pages: int, commits: int, seed: int = 6) -> bytes:
    """A fast-import stream: pages created early, then edits, some renames and deletions."""
    rng = random.Random(seed)
    start = datetime(2022, 1, 1, 9, tzinfo=UTC)
    live: list[str] = []
    created = 0
    renamed = deleted = 0
    out: list[bytes] = []
    for number in range(commits):
        author = rng.choice(AUTHORS)
        stamp = int((start + timedelta(hours=number)).timestamp())
        ops: list[bytes] = []
        # The first commits create every page, a few at a time; then edits.
        if created < pages and (number < pages // 2 or rng.random() < 0.3):
            for _ in range(min(2, pages - created)):
                path = f"docs/procedures/{THEMES[created % len(THEMES)]}/page-{created:05d}.md"
                body = f"---\ntitle: Page {created}\n---\n\n# Page {created}\n\n" + _text(rng, 30)
                ops.append(f"M 100644 inline {path}\n".encode() + _data(body))
                live.append(path)
                created += 1
        elif live and rng.random() < 0.01:
            old = live.pop(rng.randrange(len(live)))
            new = old.replace(".md", f"-v{number}.md")
            ops.append(f"R {old} {new}\n".encode())
            live.append(new)
            renamed += 1
        elif live and rng.random() < 0.004:
            ops.append(f"D {live.pop(rng.randrange(len(live)))}\n".encode())
            deleted += 1
        else:
            for path in rng.sample(live, k=min(len(live), rng.randint(1, 3))):
                body = f"# {path}\n\n" + _text(rng, 30)
                ops.append(f"M 100644 inline {path}\n".encode() + _data(body))
        out.append(
            b"commit refs/heads/main\n"
            + f"mark :{number + 1}\n".encode()
            + f"author {author} <c{AUTHORS.index(author)}@example.org> {stamp} +0100\n".encode()
            + f"committer {author} <c{AUTHORS.index(author)}@example.org> {stamp} +0100\n".encode()
            + _data(f"Modification {number}")
            + (f"from :{number}\n".encode() if number else b"")
            + b"".join(ops)
        )
    print(f"  contenu : {created} pages créées, {renamed} renommages, {deleted} suppressions")
    return b"".join(out)


def generate(root: Path, pages: int, commits: int) -> None:
    repo = git.Repo.init(root, initial_branch="main")
    stream = fast_import_stream(pages, commits)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream, check=True)
    repo.git.checkout("-f", "main")


def per_file(repo: git.Repo, paths: list[str]) -> dict[str, tuple[str, int]]:
    """The plain way: one ``git log --follow`` a page (last date, number of changes)."""
    result = {}
    for path in paths:
        lines = repo.git.log("--follow", "--format=%cI", "--", path).splitlines()
        result[path] = (lines[0], len(lines))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print(f"Dépôt généré : {args.pages} pages, {args.commits} commits")
        started = time.perf_counter()
        generate(root, args.pages, args.commits)
        print(f"  génération (git fast-import) : {time.perf_counter() - started:.2f} s")

        timings, cpu = [], []
        for _ in range(args.runs):
            before = _cpu()
            started = time.perf_counter()
            history = read_history(root / "docs")
            timings.append(time.perf_counter() - started)
            cpu.append(_cpu() - before)
        one_pass = statistics.median(timings)
        repo = git.Repo(root)
        sample = random.Random(1).sample(
            sorted(history.pages), min(args.sample, len(history.pages))
        )
        before = _cpu()
        started = time.perf_counter()
        plain = per_file(repo, sample)
        sample_time = time.perf_counter() - started
        sample_cpu = _cpu() - before
        same_date = sum(
            1
            for path, (last, _) in plain.items()
            if history.pages[path].modified.isoformat() == last
        )
        same_count = sum(
            1 for path, (_, count) in plain.items() if history.pages[path].changes == count
        )

    pages = len(history.pages)
    print(f"Pages dans l'historique : {pages}")
    print(f"{'méthode':<46}{'temps réel':>12}{'temps CPU':>12}")
    rows = [
        (f"une passe (read_history, médiane de {args.runs})", one_pass, statistics.median(cpu)),
        (f"git log --follow par page ({len(sample)} mesurées)", sample_time, sample_cpu),
        (
            f"git log --follow par page (extrapolé à {pages})",
            sample_time / len(sample) * pages,
            sample_cpu / len(sample) * pages,
        ),
    ]
    for label, wall, processor in rows:
        print(f"{label:<46}{wall:>10.2f} s{processor:>10.2f} s")
    print(f"Une passe : {rows[2][1] / one_pass:.0f} fois plus rapide que git log par page")
    print(f"Mesures de la passe (s) : {', '.join(f'{t:.2f}' for t in timings)}")
    print(
        f"Accord sur l'échantillon : dernière modification {same_date}/{len(sample)}, "
        f"nombre de modifications {same_count}/{len(sample)}"
    )
    print(f"Objectif < 2 s pour une passe : {'atteint' if one_pass < 2 else 'NON atteint'}")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (git), both user and system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
