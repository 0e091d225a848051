"""Load on ``entraide serve``'s search API, side by side with a static page of the same server.

Indexes the service-public corpus (about 3,000 pages) into a temporary folder
with the engine's ``update_index``, serves a small static site and that index
with the real application (the settings of ``entraide serve``) under uvicorn in
a child process on a loopback port, and measures three ways of running searches
side by side, in the same run:

- ``dans le serveur``: the engine in the server process, searches in threads
  (the plain way, and how the server ran before worker processes);
- ``1 processus``: one worker process with its own engine;
- ``N processus``: what ``entraide serve`` does by default (N = 2), N worker
  processes each with its own engine (``server/search_workers.py``), below the
  server's priority (niceness 10);
- ``N processus, nice 0``: the same at the server's priority, to tell what the
  lower priority costs searches when other programs want the cores.

For each: the static page's latency alone, then during 60 concurrent cold
searches (every query new: nothing comes from a cache); cold searches per
second with 20 clients; then cached answers with 20 clients. Clients are
threads with keep-alive connections, one request after the other, for a
bounded time. The load average is printed with each column: the load generator
shares the machine's cores, and so do other programs.

    python scripts/bench_server.py [--seconds 8] [--processes 2] [--docs DIR] [--index-dir DIR]

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

from entraide.server.search_workers import WORKER_NICENESS

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
niceness = int(sys.argv[7])
taxonomy = load_taxonomy(taxonomy_file)
limits = Limits(concurrent_searches=max(1, processes), max_pending_searches=200)
if processes:
    service = SearchService(
        lambda: WorkerSearcher(index, taxonomy, processes, niceness), cached
    )
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


@dataclass(frozen=True)
class Served:
    port: int
    pid: int


@contextmanager
def serving(
    work: Path,
    index_dir: Path,
    cached_answers: int,
    processes: int,
    niceness: int = WORKER_NICENESS,
) -> Iterator[Served]:
    """The real application in a child process; always stopped."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    command = [sys.executable, "-c", SERVER_CODE, str(work / "site"), str(index_dir)]
    command += [str(ROOT / "taxonomy.yml"), str(port), str(cached_answers), str(processes)]
    command.append(str(niceness))
    child = subprocess.Popen(command, env=env)
    try:
        wait_until_up(port, child)
        yield Served(port, child.pid)
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


@dataclass(frozen=True)
class Cpu:
    """CPU seconds used so far by the server process, its worker processes and the clients."""

    server: float
    workers: float
    clients: float

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(
            self.server - other.server, self.workers - other.workers, self.clients - other.clients
        )


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process, from Linux's /proc; None elsewhere or if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after the command name, from field 3 on
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def cpu_now(server_pid: int) -> Cpu | None:
    """Where the CPU went (Linux only): the server, every process below it, this process."""
    server = _stat(server_pid)
    if server is None:
        return None
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)], seconds[int(entry.name)] = found
    below: set[int] = set()
    frontier = {server_pid}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
        below |= frontier
    own = os.times()
    return Cpu(server[1], sum(seconds[pid] for pid in below), own.user + own.system)


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


@dataclass(frozen=True)
class Figures:
    """One way of running searches, measured: what the side-by-side table prints."""

    name: str
    load_before: float
    idle: Phase
    loaded_pages: Phase
    loaded_searches: Phase
    cold: Phase
    cold_cpu: Cpu | None
    seconds: float


def ms(phase: Phase, share: float) -> float:
    return percentile([v * 1000 for v in phase.latencies], share)


def rate(phase: Phase, seconds: float) -> float:
    return len(phase.latencies) / seconds


def measure(
    work: Path,
    index_dir: Path,
    way: tuple[int, int],
    seconds: float,
    cold: Iterator[list[str]],
) -> Figures:
    """``way``: (worker processes, their niceness); no process: searches in the server."""
    processes, niceness = way
    name = f"{processes} processus" if processes else "dans le serveur"
    if processes and niceness != WORKER_NICENESS:
        name += f", nice {niceness}"
    load_before = os.getloadavg()[0]
    with serving(work, index_dir, 0, processes, niceness) as server:
        run_phase(server.port, next(cold), max(2, processes), 2.0)  # warm-up: workers, index
        idle = run_phase(server.port, ["/"], 1, seconds)
        pages, api = run_together(server.port, next(cold), 60, seconds)
        before = cpu_now(server.pid)
        searches = run_phase(server.port, next(cold), 20, seconds)
        after = cpu_now(server.pid)
    used = after - before if after is not None and before is not None else None
    return Figures(name, load_before, idle, pages, api, searches, used, seconds)


def cpu_ms(figures: Figures, role: str) -> str:
    """CPU milliseconds per cold search spent by one role (server, workers, clients)."""
    done = len(figures.cold.latencies)
    if figures.cold_cpu is None or not done:
        return "n/d"
    return f"{getattr(figures.cold_cpu, role) * 1000 / done:.1f}"


def ceiling(figures: Figures) -> str:
    """Searches a second all cores could do if they did nothing else, at this CPU cost."""
    done = len(figures.cold.latencies)
    if figures.cold_cpu is None or not done:
        return "n/d"
    cpu = figures.cold_cpu
    per_search = (cpu.server + cpu.workers + cpu.clients) / done
    return f"{(os.cpu_count() or 1) / per_search:.0f}"


def used_cores(figures: Figures) -> str:
    if figures.cold_cpu is None:
        return "n/d"
    cpu = figures.cold_cpu
    return f"{(cpu.server + cpu.workers + cpu.clients) / figures.seconds:.2f}"


def side_by_side(columns: list[Figures]) -> str:
    """One line per measure, one column per way of running searches."""
    lines: list[tuple[str, list[str]]] = [
        ("charge moyenne (1 min) avant", [f"{f.load_before:.2f}" for f in columns]),
        ("page seule : p95 ms", [f"{ms(f.idle, 0.95):.1f}" for f in columns]),
        (
            "page pendant 60 recherches froides : p50 ms",
            [f"{ms(f.loaded_pages, 0.5):.1f}" for f in columns],
        ),
        (
            "page pendant 60 recherches froides : p95 ms",
            [f"{ms(f.loaded_pages, 0.95):.1f}" for f in columns],
        ),
        (
            "  rapport au p95 de la page seule",
            [f"× {ms(f.loaded_pages, 0.95) / ms(f.idle, 0.95):.1f}" for f in columns],
        ),
        (
            "  les 60 recherches : req/s",
            [f"{rate(f.loaded_searches, f.seconds):.1f}" for f in columns],
        ),
        (
            "recherches froides, 20 clients : req/s",
            [f"{rate(f.cold, f.seconds):.1f}" for f in columns],
        ),
        ("recherches froides, 20 clients : p50 ms", [f"{ms(f.cold, 0.5):.0f}" for f in columns]),
        ("recherches froides, 20 clients : p95 ms", [f"{ms(f.cold, 0.95):.0f}" for f in columns]),
        ("  CPU par recherche, serveur : ms", [cpu_ms(f, "server") for f in columns]),
        (
            "  CPU par recherche, processus de recherche : ms",
            [cpu_ms(f, "workers") for f in columns],
        ),
        ("  CPU par recherche, clients (ce script) : ms", [cpu_ms(f, "clients") for f in columns]),
        ("  cœurs occupés par ces trois", [used_cores(f) for f in columns]),
        ("  plafond à ce coût, tous les cœurs : req/s", [ceiling(f) for f in columns]),
        (
            "erreurs (toutes phases)",
            [
                str(
                    f.idle.errors + f.loaded_pages.errors + f.loaded_searches.errors + f.cold.errors
                )
                for f in columns
            ],
        ),
    ]
    width = max(len(label) for label, _ in lines)
    cells = [max(16, len(f.name)) for f in columns]
    out = [
        f"{'mesure':<{width}}  "
        + "  ".join(f"{f.name:>{c}}" for f, c in zip(columns, cells, strict=True))
    ]
    for label, values in lines:
        out.append(
            f"{label:<{width}}  "
            + "  ".join(f"{v:>{c}}" for v, c in zip(values, cells, strict=True))
        )
    return "\n".join(out)


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
    processes = max(1, args.processes)
    searches = [
        "/api/search?" + urlencode({"q": query, **extra})
        for query, extra in zip(QUERIES, itertools.cycle(FILTERS), strict=False)
    ]
    every_cold = cold_searches()
    random.Random(12).shuffle(every_cold)
    # Each phase gets queries no other phase asked: the engine's own caches stay cold.
    # Three phases for each of (at most) four columns.
    chunk = len(every_cold) // 12
    cold = (every_cold[i : i + chunk] for i in itertools.count(0, chunk))
    with tempfile.TemporaryDirectory(prefix="bench-serveur-") as tmp:
        work = Path(tmp)
        index_dir = args.index_dir or work / "index"
        build_index(args.docs, index_dir)
        make_site(work / "site")
        print(f"\n{seconds:g} s par mesure ; {os.cpu_count()} cœur(s) ici.\n")
        columns = [
            measure(work, index_dir, way, seconds, cold)
            for way in dict.fromkeys(
                # The last: what the workers' lower priority costs searches on a busy machine.
                ((0, 0), (1, WORKER_NICENESS), (processes, WORKER_NICENESS), (processes, 0))
            )
        ]
        print(side_by_side(columns))
        header = (
            f"\n{'mesure':<38} {'clients':>7} {'req/s':>10} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'erreurs':>7}"
        )
        print(header)
        with serving(work, index_dir, 512, processes) as server:
            run_phase(server.port, searches, 2, 2.0)
            cached = run_phase(server.port, searches, 20, seconds)
            print(row(f"réponses en cache ({args.processes} processus)", 20, cached, seconds))
        load = "  ".join(f"{v:.2f}" for v in os.getloadavg())
        print(f"\nCharge moyenne (1, 5, 15 min) à la fin : {load}")
    print(
        "\nCibles : page pendant 60 recherches froides < 2 × page seule (p95) ; "
        "p95 < 100 ms à 20 clients en cache, 0 erreur."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
