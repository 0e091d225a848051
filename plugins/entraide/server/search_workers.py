"""Searches in worker processes, each with its own engine, so cold searches use every core.

Whoosh is pure Python: in one process every search shares one interpreter lock,
and a two-core laptop computes one search at a time. Here each of N processes
opens its own :class:`~entraide.search.engine.SearchEngine` on the same index
folder (readers only: the CLI is the one writer). The server process keeps
serving pages and cached answers; the workers run at a lower scheduling
priority where the system offers one, so a page never waits for a search's CPU.
The server hands the pool two searches per worker (``Limits.concurrent_searches``):
with one, each worker idled while the server collected its answer and sent the
next, and 2 processes searched no faster than one (``scripts/bench_server.py``).

A new index generation is noticed in the server process
(:func:`~entraide.search.storage.generation_marker`) and passed to the workers
as an epoch number with each search; a worker that sees a new epoch refreshes
its engine first. Errors cross the process boundary as the API's answer
(:func:`~entraide.server.search_service.api_error`), never as pickled exceptions.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entraide.content.taxonomy import Taxonomy
from entraide.search.errors import SearchError
from entraide.search.storage import generation_marker
from entraide.server.query import ApiError

# Below the server process, which answers pages: a busy worker yields the CPU to it.
WORKER_NICENESS = 10


@dataclass
class _WorkerState:
    index_dir: Path
    taxonomy: Taxonomy
    engine: Any = None
    epoch: int = -1


_state: _WorkerState | None = None


def _exit_with_parent() -> None:
    """Wait for the server process to end, however it ends (SIGTERM's default action and
    kill -9 run no clean-up in it), then end this worker: never an orphan."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
    os._exit(0)


def _start_worker(index_dir: Path, taxonomy: Taxonomy, niceness: int) -> None:
    """In each worker: Ctrl+C is for the server (it stops the pool), a lower priority, and
    an end together with the server."""
    global _state
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    threading.Thread(target=_exit_with_parent, name="entraide-parent", daemon=True).start()
    _state = _WorkerState(index_dir, taxonomy)


def _search_in_worker(
    epoch: int, query: str, limit: int, filters: dict[str, list[str]] | None
) -> tuple[str, Any]:
    """("ok", answer) or ("error", (status, code, message)): plain data, safe to pickle."""
    from entraide.search.engine import SearchEngine
    from entraide.server.search_service import api_error

    state = _state
    assert state is not None, "worker started without _start_worker"
    try:
        if state.engine is None:
            state.engine = SearchEngine(state.index_dir, state.taxonomy)
        elif epoch != state.epoch:
            state.engine.refresh()
        state.epoch = epoch
        answer = state.engine.search(query, limit=limit, filters=filters)
    except SearchError as exc:
        error = api_error(exc)
        return "error", (error.status, error.code, error.message)
    return "ok", answer.as_dict()


@dataclass(frozen=True)
class _Answer:
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return self.data


class WorkerSearcher:
    """A :class:`~entraide.server.search_service.Searcher` whose searches run in
    ``processes`` worker processes. ``search`` blocks its calling thread (without
    holding the interpreter lock) until a worker answers."""

    def __init__(
        self,
        index_dir: Path,
        taxonomy: Taxonomy,
        processes: int,
        niceness: int = WORKER_NICENESS,
    ) -> None:
        """``niceness``: the workers' priority below the server's (0: the same), which
        ``scripts/bench_server.py`` varies to measure what it costs searches."""
        self.index_dir = index_dir
        self.taxonomy = taxonomy
        self.processes = max(1, processes)
        self.niceness = niceness
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._marker = generation_marker(index_dir)
        self._epoch = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        # "spawn" everywhere: what Windows and macOS do anyway, and safe in a threaded server.
        return ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.index_dir, self.taxonomy, self.niceness),
        )

    def _submit(self, *args: Any) -> tuple[str, Any]:
        """Run in a worker; a pool whose worker died (killed, out of memory) is replaced once."""
        pool = self._pool
        try:
            result: tuple[str, Any] = pool.submit(_search_in_worker, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._new_pool()
            result = self._pool.submit(_search_in_worker, *args).result()
        return result

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> _Answer:
        chosen = {key: list(values) for key, values in filters.items()} if filters else None
        kind, value = self._submit(self._epoch, query, limit, chosen)
        if kind == "error":
            raise ApiError(*value)
        return _Answer(value)

    def refresh(self) -> bool:
        """True when a new generation is there (the workers follow at their next search)."""
        marker = generation_marker(self.index_dir)
        if marker == self._marker:
            return False
        self._marker = marker
        self._epoch += 1
        return True

    def close(self) -> None:
        """Stop the workers now: the server's process may end right after (uvicorn re-raises
        SIGTERM once shut down), too early for a pool left to stop by itself."""
        self._pool.shutdown(wait=True, cancel_futures=True)
