"""Load on ``entraide serve``'s search API, side by side with a static page of the same server.

Indexes the service-public corpus (about 3,000 pages) into a temporary folder
with the engine's ``update_index``, serves a small static site and that index
with the real application (the settings of ``entraide serve``) under uvicorn in
a child process on a loopback port, and measures two ways of running searches
side by side:

- ``1 processus``: the engine in the server process, searches in threads (the
  plain way, and how the server ran before worker processes);
- ``N processus``: what ``entraide serve`` does, N worker processes each with
  its own engine (``server/search_workers.py``).

For each: the static page's latency alone, then during 60 concurrent cold
searches (every query new: nothing comes from a cache); cold searches per
second with 20 clients; cached answers with 20 clients. Clients are threads
with keep-alive connections, one request after the other, for a bounded time.

    python scripts/bench_server.py [--seconds 8] [--processes 2] [--docs DIR]

Targets: issue 5, cached p95 under 100 ms at 20 clients, zero errors; issue 12,
the static page's p95 during 60 cold searches within 2x its idle p95.
Loopback only; every phase is bounded in time and the child is always stopped.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
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
from entraide.server.limits import Limits
from entraide.search.labels import facet_labels
from entraide.server.search_service import SearchService
from entraide.server.search_workers import WorkerSearcher
from entraide.server.serving import server_config

site, index, taxonomy_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
port, cached, processes = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
taxonomy = load_taxonomy(taxonomy_file)
limits = Limits(concurrent_searches=max(1, processes), max_pending_searches=200)
if processes:
    service = SearchService(lambda: WorkerSearcher(index, taxonomy, processes), cached)
else:
    service = SearchService(lambda: SearchEngine(index, taxonomy), cached)
service.refresh()
app = create_app(site, service, labels=facet_labels(taxonomy), limits=limits)
uvicorn.Server(server_config(app, "127.0.0.1", port, limits)).run()
"""
# Two words from here make a query nobody asked before in the run: a cold search.
VOCABULARY = [
    "aide",
    "logement",
    "carte",
    "grise",
    "perdue",
    "impots",
    "declaration",
    "retraite",
    "chomage",
    "naissance",
    "mariage",
    "divorce",
    "permis",
    "passeport",
    "identite",
    "vitale",
    "maladie",
    "famille",
    "enfant",
    "bourse",
    "handicap",
    "pension",
    "demenagement",
    "energie",
    "amende",
    "succession",
    "mutuelle",
    "titre",
    "sejour",
    "nationalite",
    "vote",
    "casier",
    "allocation",
    "loyer",
    "bail",
    "pret",
    "travail",
    "formation",
    "stage",
    "apprentissage",
    "creche",
    "ecole",
    "college",
    "lycee",
    "etudiant",
    "sante",
    "hopital",
    "medecin",
    "arret",
    "accident",
    "invalidite",
    "deces",
    "tutelle",
    "curatelle",
    "procuration",
    "mandat",
    "cheque",
    "facture",
]


def cold_searches() -> list[str]:
    triples = itertools.combinations(VOCABULARY, 3)
    return ["/api/search?" + urlencode({"q": " ".join(words)}) for words in triples]


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


def client(port: int, paths: Iterator[str], until: float, phase: Phase, pause: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if pause:  # people do not all press Enter at the same instant
        time.sleep(random.uniform(0, pause))
    while time.monotonic() < until:
        path = next(paths, None)
        if path is None:
            break
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
        f"{name:<38} {clients:>7} {len(ms) / seconds:>10.1f} "
        f"{statistics.median(ms) if ms else float('nan'):>8.1f} {percentile(ms, 0.95):>8.1f} "
        f"{percentile(ms, 0.99):>8.1f} {phase.errors:>7}"
    )


@contextmanager
def serving(work: Path, index_dir: Path, cached_answers: int, processes: int) -> Iterator[int]:
    """The real application in a child process; always stopped."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    command = [sys.executable, "-c", SERVER_CODE, str(work / "site"), str(index_dir)]
    command += [str(ROOT / "taxonomy.yml"), str(port), str(cached_answers), str(processes)]
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


def run_together(
    port: int, searches: list[str], search_clients: int, seconds: float
) -> tuple[Phase, Phase]:
    """One client loading the static page while ``search_clients`` fire cold searches."""
    pages, api = Phase(), Phase()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, itertools.cycle(["/"]), until, pages, 0.0))
    ]
    per_client = len(searches) // search_clients
    threads += [
        threading.Thread(
            target=client,
            args=(port, iter(searches[i * per_client : (i + 1) * per_client]), until, api, 0.0),
        )
        for i in range(search_clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return pages, api


def measure(
    work: Path, index_dir: Path, processes: int, seconds: float, cold: Iterator[list[str]]
) -> dict[str, str]:
    name = f"{processes} processus" if processes else "1 processus"
    rows: dict[str, str] = {}
    with serving(work, index_dir, 0, processes) as port:
        run_phase(port, next(cold), max(2, processes), 2.0)  # warm-up: workers up, index open
        rows["idle"] = row(f"page seule ({name})", 1, run_phase(port, ["/"], 1, seconds), seconds)
        pages, api = run_together(port, next(cold), 60, seconds)
        rows["loaded"] = row(f"page + 60 recherches ({name})", 1, pages, seconds)
        rows["loaded-api"] = row(f"  les 60 recherches ({name})", 60, api, seconds)
        rows["cold"] = row(
            f"recherches froides ({name})", 20, run_phase(port, next(cold), 20, seconds), seconds
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=Path, default=CORPUS, help="pages à indexer")
    parser.add_argument("--seconds", type=float, default=8.0, help="durée de chaque mesure")
    parser.add_argument(
        "--processes", type=int, default=2, help="processus de recherche d'entraide serve"
    )
    parser.add_argument(
        "--index-dir", type=Path, help="garder l'index ici pour les fois suivantes (mis à jour)"
    )
    args = parser.parse_args()
    if not args.docs.is_dir():
        print(f"Pages introuvables : {args.docs}", file=sys.stderr)
        return 1
    seconds = min(max(args.seconds, 1.0), 60.0)
    searches = [
        "/api/search?" + urlencode({"q": query, **extra})
        for query, extra in zip(QUERIES, itertools.cycle(FILTERS), strict=False)
    ]
    every_cold = cold_searches()
    random.Random(12).shuffle(every_cold)
    # Each phase gets queries no other phase asked: the engine's own caches stay cold.
    cold = (every_cold[i : i + 4000] for i in itertools.count(0, 4000))
    with tempfile.TemporaryDirectory(prefix="bench-serveur-") as tmp:
        work = Path(tmp)
        index_dir = args.index_dir or work / "index"
        build_index(args.docs, index_dir)
        make_site(work / "site")
        print(f"\n{seconds:g} s par mesure ; {os.cpu_count()} cœur(s) ici.\n")
        header = (
            f"{'mesure':<38} {'clients':>7} {'req/s':>10} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'erreurs':>7}"
        )
        results = {}
        for processes in (0, max(1, args.processes)):
            results[processes] = measure(work, index_dir, processes, seconds, cold)
        print(header)
        for key in ("idle", "loaded", "loaded-api", "cold"):
            for processes in results:
                print(results[processes][key])
        with serving(work, index_dir, 512, max(1, args.processes)) as port:
            run_phase(port, searches, 2, 2.0)
            cached = run_phase(port, searches, 20, seconds)
            print(row(f"réponses en cache ({args.processes} processus)", 20, cached, seconds))
    print(
        "\nCibles : page pendant 60 recherches froides < 2 × page seule (p95) ; "
        "p95 < 100 ms à 20 clients en cache, 0 erreur."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
