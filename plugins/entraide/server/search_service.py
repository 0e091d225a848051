"""One shared search engine for every request, opened when the index is there.

The engine is synchronous (Whoosh); requests run it in Starlette's thread pool.
Opening it lazily lets the server start before the first index exists (a
fresh clone) and pick it up as soon as ``entraide build`` writes it.

Answers are kept in a small LRU cache, emptied whenever the engine moves to a
new index generation: a query costs the engine tens of milliseconds of CPU
under the GIL, while a room searching as it types repeats the same prefixes
and the same popular words ("apl", "carte vitale") all day.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from entraide.search.errors import IndexDamagedError, IndexMissingError, SearchError
from entraide.server.query import ApiError, SearchRequest


class SearchResponseLike(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class Searcher(Protocol):
    """What the server needs from ``entraide.search.engine.SearchEngine``."""

    def search(
        self,
        query: str,
        *,
        limit: int = ...,
        filters: Mapping[str, Sequence[str]] | None = ...,
    ) -> SearchResponseLike: ...

    def refresh(self) -> Any: ...


CacheKey = tuple[str, int, tuple[tuple[str, tuple[str, ...]], ...]]


class SearchService:
    def __init__(
        self,
        open_engine: Callable[[], Searcher],
        cache_entries: int = 512,
        concurrent_searches: int = 2,
    ) -> None:
        self._open = open_engine
        self._engine: Searcher | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[CacheKey, bytes] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_lock = threading.Lock()
        self._generation = 0
        self._running = threading.BoundedSemaphore(max(1, concurrent_searches))

    def _forget(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._generation += 1

    def _current(self) -> Searcher:
        with self._lock:
            if self._engine is None:
                self._engine = self._open()
            return self._engine

    def refresh(self) -> None:
        """Pick up a newer index generation (or a first index); never raises for a missing one."""
        with self._lock:
            engine = self._engine
        try:
            if engine is None:
                self._current()
                self._forget()
            elif engine.refresh() is not False:
                self._forget()
        except SearchError:
            self._forget()

    def search_json(self, request: SearchRequest) -> bytes:
        """The answer as JSON bytes (what the API sends), from the cache when it is there."""
        key: CacheKey = (
            request.query,
            request.limit,
            tuple(sorted((k, tuple(v)) for k, v in request.filters.items())),
        )
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            generation = self._generation
        body = json.dumps(self.search(request), ensure_ascii=False).encode("utf-8")
        if self._cache_entries > 0:
            with self._cache_lock:
                if generation != self._generation:  # a refresh came in between: stale answer
                    return body
                self._cache[key] = body
                while len(self._cache) > self._cache_entries:
                    self._cache.popitem(last=False)
        return body

    def search(self, request: SearchRequest) -> dict[str, Any]:
        try:
            with self._running:
                response = self._current().search(
                    request.query, limit=request.limit, filters=dict(request.filters) or None
                )
        except IndexMissingError as exc:
            raise ApiError(503, "index-absent", str(exc)) from exc
        except IndexDamagedError as exc:
            raise ApiError(503, "index-endommage", str(exc)) from exc
        except SearchError as exc:
            raise ApiError(400, "recherche-invalide", str(exc)) from exc
        return response.as_dict()
