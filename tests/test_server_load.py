"""The real server under load on loopback: pages never wait for searches, crowds and slow
clients are bounded, searches use worker processes. Ordering and overlap are asserted,
never durations (every wait below is a bound that only a defect reaches)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.indexing import update_index
from entraide.server.app import create_app, relative_location
from entraide.server.limits import Limits
from entraide.server.search_service import SearchService
from entraide.server.search_workers import WorkerSearcher
from tests.live_server import free_port, serving

PAGES = {
    "logement.md": "# Demander une aide au logement\n\nLe loyer et la CAF : aide au logement.\n",
    "carte.md": "# Refaire sa carte Vitale\n\nCommander une carte Vitale en ligne.\n",
}


class HeldAnswer:
    def __init__(self, query: str) -> None:
        self.query = query

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": 0, "results": []}


class HeldSearcher:
    """A deliberately slow engine: every search waits until the test releases it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = 0
        self._lock = threading.Lock()

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> HeldAnswer:
        with self._lock:
            self.started += 1
        self.release.wait(timeout=120)
        return HeldAnswer(query)

    def refresh(self) -> bool:
        return False


def until(condition: Callable[[], bool], what: str, bound: float = 30.0) -> None:
    """Poll ``condition``; the bound is only reached when something is broken."""
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"jamais atteint : {what}")
        time.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "dossier").mkdir(parents=True)
    (site / "index.html").write_text("<p>Accueil</p>" + " " * 30_000, encoding="utf-8")
    (site / "dossier/index.html").write_text("<p>Dossier</p>", encoding="utf-8")
    return site


def test_pages_never_wait_for_searches(site: Path) -> None:
    """60 searches pending on a slow engine: pages still load, searches hold two threads."""
    held = HeldSearcher()
    limits = Limits(max_pending_searches=100, concurrent_searches=2)
    app = create_app(site, SearchService(lambda: held, cache_entries=0), limits=limits)
    endpoints = app.state.search_endpoints
    with serving(app, limits) as url, ThreadPoolExecutor(max_workers=60) as pool:
        searches = [
            pool.submit(httpx.get, f"{url}/api/search", params={"q": f"mot{i}"}, timeout=120)
            for i in range(60)
        ]
        until(lambda: endpoints.pending == 60, "60 recherches en attente")
        with httpx.Client(timeout=20) as client:
            pages = [client.get(url + "/") for _ in range(20)]
        assert [p.status_code for p in pages] == [200] * 20
        assert not any(search.done() for search in searches), "pages served during searches"
        assert held.started == 2, "waiting searches hold no thread"
        held.release.set()
        assert [s.result().status_code for s in searches] == [200] * 60


def test_a_crowd_beyond_the_bound_gets_a_french_503(site: Path) -> None:
    """The pending counter really counts: three held searches fill a bound of three."""
    held = HeldSearcher()
    limits = Limits(max_pending_searches=3, concurrent_searches=1)
    app = create_app(site, SearchService(lambda: held, cache_entries=0), limits=limits)
    endpoints = app.state.search_endpoints
    with serving(app, limits) as url, ThreadPoolExecutor(max_workers=3) as pool:
        first = [
            pool.submit(httpx.get, f"{url}/api/search", params={"q": f"mot{i}"}, timeout=60)
            for i in range(3)
        ]
        until(lambda: endpoints.pending == 3, "3 recherches en attente")
        refused = httpx.get(url + "/api/search?q=encore", timeout=20)
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.json()["error"]["code"] == "serveur-occupe"
        assert not any(search.done() for search in first)
        held.release.set()
        assert [s.result().status_code for s in first] == [200] * 3
        assert httpx.get(url + "/api/search?q=encore", timeout=20).status_code == 200


def test_worker_processes_answer_as_the_engine_and_follow_new_generations(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    workers = WorkerSearcher(index, taxonomy, processes=2)
    try:
        service = SearchService(lambda: workers, cache_entries=0)
        app = create_app(tmp_path, service)
        with serving(app) as url:
            missing = httpx.get(url + "/api/search?q=logement", timeout=60)
            assert missing.status_code == 503
            assert missing.json()["error"]["code"] == "index-absent"

            for name, text in PAGES.items():
                (docs / name).write_text(text, encoding="utf-8")
            update_index(docs, index, taxonomy)
            service.refresh()
            engine = SearchEngine(index, taxonomy)
            for query in ("logement", "carte vitale", "decalration", "apl"):
                answer = httpx.get(url + "/api/search", params={"q": query}, timeout=60).json()
                assert answer == engine.search(query).as_dict(), query

            (docs / "nouvelle.md").write_text("# Zorglub\n\nPage zorglub.\n", encoding="utf-8")
            update_index(docs, index, taxonomy)
            assert workers.refresh() is True
            assert workers.refresh() is False
            found = httpx.get(url + "/api/search?q=zorglub", timeout=60).json()
            assert [r["path"] for r in found["results"]] == ["nouvelle.md"]
            bad = httpx.get(url + "/api/search?q=x&inconnu=1", timeout=60)
            assert bad.status_code == 200

            # A worker killed (out of memory, by hand): the next search gets a new pool.
            for process in list(workers._pool._processes.values()):
                process.kill()
                process.join(timeout=30)
            again = httpx.get(url + "/api/search?q=zorglub", timeout=60)
            assert again.status_code == 200
            assert [r["path"] for r in again.json()["results"]] == ["nouvelle.md"]
    finally:
        workers.close()


def test_redirects_stay_on_this_server_whatever_the_host_header(site: Path) -> None:
    with serving(create_app(site)) as url:
        forged = httpx.get(
            url + "/dossier?x=1", headers={"Host": "attaquant.example"}, follow_redirects=False
        )
        assert forged.status_code in (301, 302, 307, 308)
        assert forged.headers["location"] == "/dossier/?x=1"
        assert httpx.get(url + "/dossier", follow_redirects=True).text == "<p>Dossier</p>"
    assert relative_location(b"http://h.example//autre.example/x") == b"/autre.example/x"
    assert relative_location(b"/\\autre.example/") == b"/autre.example/"


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/"), ("PUT", "/api/search"), ("DELETE", "/x")]
)
def test_405_says_which_methods_are_allowed(site: Path, method: str, path: str) -> None:
    with serving(create_app(site)) as url:
        response = httpx.request(method, url + path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


ABANDONED_WORKERS = """
import os, sys
from pathlib import Path
from entraide.content.taxonomy import load_taxonomy
from entraide.server.search_workers import WorkerSearcher

workers = WorkerSearcher(Path(sys.argv[1]), load_taxonomy(Path(sys.argv[2])), 2)
print(workers.search("logement").as_dict()["total"], flush=True)
os._exit(0)  # as abrupt as SIGTERM's default action or kill -9: no clean-up runs
"""


def test_search_workers_end_with_the_server_however_it_ends(
    tmp_path: Path, taxonomy: Taxonomy, repo_root: Path
) -> None:
    """The workers inherit the server's output: it reaches its end only once they are gone."""
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    update_index(docs, index, taxonomy)
    server = subprocess.Popen(
        [sys.executable, "-c", ABANDONED_WORKERS, str(index), str(repo_root / "taxonomy.yml")],
        stdout=subprocess.PIPE,
        text=True,
    )
    output, _ = server.communicate(timeout=120)  # TimeoutExpired: an orphan holds the pipe
    assert output.strip() == "1"


SERVER = """
import sys
from pathlib import Path
try:
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
except ImportError:
    pass
from entraide.server.app import create_app
from entraide.server.limits import Limits
from entraide.server.serving import serve
serve(create_app(Path(sys.argv[1])), "127.0.0.1", int(sys.argv[2]), Limits(header_timeout=3.0))
"""


def _raise_own_file_limit(wanted: int) -> None:
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def test_a_slow_client_holding_1100_connections_does_not_starve_the_room(site: Path) -> None:
    """One header line and then silence, on 1,100 connections, against a server limited to
    1,024 file descriptors (a common default): others are still served, and a silent
    connection is closed with a 408 once its header deadline passes."""
    _raise_own_file_limit(4096)
    port = free_port()
    child = subprocess.Popen([sys.executable, "-c", SERVER, str(site), str(port)])
    slow: list[socket.socket] = []
    try:
        until(lambda: _accepts(port), "le serveur écoute")
        for _ in range(1100):
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=2)
                connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                slow.append(connection)
            except OSError:
                break
        assert len(slow) == 1100
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=20)
        assert page.status_code == 200

        late = socket.create_connection(("127.0.0.1", port), timeout=20)
        late.sendall(b"GET / HTTP/1.1\r\n")
        late.settimeout(20)
        assert late.recv(100).startswith(b"HTTP/1.1 408")
        late.close()
    finally:
        for connection in slow:
            connection.close()
        child.terminate()
        child.wait(timeout=20)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
