"""Load on ``entraide serve``'s search API, side by side with a static page of the same server.

Indexes the service-public corpus (about 3,000 pages) into a temporary folder
with the engine's ``update_index``, serves a small static site and that index
with the real application under uvicorn in a child process on a loopback port,
then runs N client threads (keep-alive connections, one request after the
other) for a bounded time at 1, 5 and 20 clients, and prints throughput,
latency percentiles and errors for ``/api/search`` (queries typed the way
mediators type, with and without facet filters) and for a static page.

    python scripts/bench_server.py [--seconds 8] [--clients 1 5 20] [--docs DIR]

Target (issue 5): p95 under 100 ms at 20 concurrent clients, zero errors.
Loopback only; every phase is bounded in time and the child is always stopped.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "service-public" / "markdown" / "particuliers"

QUERIES = [
    "apl",
    "carte grise perdue",
    "decalration impots",
    "rsa parent seul",
    "ou en est ma demande de passeport",
    "carte vitale",
    "arret maladie",
    "prime d'activite",
    "chomage inscription",
    "acte de naissance",
    "permis de conduire",
    "titre de sejour renouvellement",
    "allocations familiales",
    "retraite progressive",
    "aah",
    "css complementaire sante",
    "demenagement",
    "cheque energie",
    "casier judiciaire",
    "pension de reversion",
    "bourse college",
    "logement social",
    "impots a la source",
    "franceconnect",
    "carte d'identite",
    "amende",
    "cmu",
    "divorce",
    "succession",
    "mutuelle",
]
FILTERS = [{}, {}, {}, {"type": "procedure"}, {"themes": "logement"}]

SERVER_CODE = """
import sys
from pathlib import Path
import uvicorn
from entraide.content.taxonomy import load_taxonomy
from entraide.search.engine import SearchEngine
from entraide.server.app import create_app
from entraide.server.search_service import SearchService, facet_labels

site, index, taxonomy_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
port, cached = int(sys.argv[4]), int(sys.argv[5])
taxonomy = load_taxonomy(taxonomy_file)
service = SearchService(lambda: SearchEngine(index, taxonomy), cached)
service.refresh()
app = create_app(site, service, labels=facet_labels(taxonomy))
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build_index(docs: Path, index_dir: Path) -> float:
    from entraide.content.taxonomy import load_taxonomy
    from entraide.search.indexing import update_index

    started = time.perf_counter()
    report = update_index(docs, index_dir, load_taxonomy(ROOT / "taxonomy.yml"))
    print(f"Index : {report.pages} pages en {time.perf_counter() - started:.1f} s", flush=True)
    return time.perf_counter() - started


def make_site(site: Path) -> None:
    site.mkdir()
    body = "<!doctype html><html lang='fr'><title>Entraide</title><p>Accueil</p>" + " " * 30_000
    (site / "index.html").write_text(body, encoding="utf-8")


def wait_until_up(port: int, child: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit("le serveur s'est arrêté au démarrage")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("le serveur ne répond pas")


def client(
    port: int, paths: itertools.cycle[str], until: float, phase: Phase, pause: float
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if pause:  # people do not all press Enter at the same instant
        time.sleep(random.uniform(0, pause))
    while time.monotonic() < until:
        path = next(paths)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        elapsed = time.perf_counter() - started
        with phase.lock:
            if ok:
                phase.latencies.append(elapsed)
            else:
                phase.errors += 1
        if pause:
            time.sleep(random.uniform(0.5 * pause, 1.5 * pause))
    connection.close()


def _rotated(paths: list[str], start: int) -> list[str]:
    """Each client starts elsewhere in the list, so they do not ask the same thing together."""
    start %= len(paths)
    return paths[start:] + paths[:start]


def run_phase(
    port: int, paths: list[str], clients: int, seconds: float, pause: float = 0.0
) -> Phase:
    phase = Phase()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=client,
            args=(port, itertools.cycle(_rotated(paths, i)), until, phase, pause),
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return phase


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def row(name: str, clients: int, phase: Phase, seconds: float) -> str:
    ms = [v * 1000 for v in phase.latencies]
    return (
        f"{name:<30} {clients:>7} {len(ms) / seconds:>10.1f} "
        f"{statistics.median(ms) if ms else float('nan'):>8.1f} {percentile(ms, 0.95):>8.1f} "
        f"{percentile(ms, 0.99):>8.1f} {phase.errors:>7}"
    )


@contextmanager
def serving(work: Path, index_dir: Path, cached_answers: int) -> Iterator[int]:
    """The real application in a child process; always stopped."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    command = [sys.executable, "-c", SERVER_CODE, str(work / "site"), str(index_dir)]
    command += [str(ROOT / "taxonomy.yml"), str(port), str(cached_answers)]
    child = subprocess.Popen(command, env=env)
    try:
        wait_until_up(port, child)
        yield port
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=Path, default=CORPUS, help="pages à indexer")
    parser.add_argument("--seconds", type=float, default=8.0, help="durée de chaque mesure")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument(
        "--index-dir", type=Path, help="garder l'index ici pour les fois suivantes (mis à jour)"
    )
    args = parser.parse_args()
    if not args.docs.is_dir():
        print(f"Pages introuvables : {args.docs}", file=sys.stderr)
        return 1
    seconds = min(max(args.seconds, 1.0), 60.0)
    clients_list = [c for c in args.clients if 1 <= c <= 100]
    searches = [
        "/api/search?" + urlencode({"q": query, **extra})
        for query, extra in zip(QUERIES, itertools.cycle(FILTERS), strict=False)
    ]
    with tempfile.TemporaryDirectory(prefix="bench-serveur-") as tmp:
        work = Path(tmp)
        index_dir = args.index_dir or work / "index"
        build_index(args.docs, index_dir)
        make_site(work / "site")
        print(
            f"\n{len(QUERIES)} requêtes différentes, {seconds:g} s par mesure.\n"
            "« sans cache » : chaque recherche passe par le moteur ; « avec cache » : les mêmes "
            "requêtes reviennent (comme une salle qui tape « apl »), servies par le cache ;\n"
            "« 1/s » : chaque client attend 0,5 à 1,5 s (au hasard) entre deux recherches.\n"
        )
        print(
            f"{'mesure':<30} {'clients':>7} {'req/s':>10} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'erreurs':>7}"
        )
        for cached_answers, name in (
            (0, "/api/search sans cache"),
            (512, "/api/search avec cache"),
        ):
            with serving(work, index_dir, cached_answers) as port:
                first = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                first.request("GET", searches[0])
                answer = json.loads(first.getresponse().read())
                first.close()
                assert answer["total"] > 0, answer
                run_phase(port, searches, 2, 2.0)  # warm-up: per-thread searchers, cache
                for clients in clients_list:
                    if cached_answers == 0:
                        static = run_phase(port, ["/"], clients, seconds)
                        print(row("page statique (30 ko)", clients, static, seconds), flush=True)
                    api = run_phase(port, searches, clients, seconds)
                    print(row(name, clients, api, seconds), flush=True)
                if cached_answers == 0:
                    # A room rather than a load generator: each of 20 people sends a
                    # search, reads for about a second, searches again.
                    room = run_phase(port, searches, 20, seconds, pause=1.0)
                    print(row(name + " 1/s", 20, room, seconds), flush=True)
    print(f"\nCible : p95 < 100 ms à 20 clients, 0 erreur ; {os.cpu_count()} cœur(s) ici.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
