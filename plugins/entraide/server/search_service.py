"""One shared search engine for every request, opened when the index is there.

The engine is synchronous (Whoosh); the application runs it in worker threads
it takes only once a search may start (see :mod:`entraide.server.app`), and
``entraide serve`` gives it worker processes (:mod:`entraide.server.search_workers`).
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


def api_error(exc: SearchError) -> ApiError:
    """What the API answers when the engine stops: the one mapping, wherever it ran."""
    if isinstance(exc, IndexMissingError):
        return ApiError(503, "index-absent", str(exc))
    if isinstance(exc, IndexDamagedError):
        return ApiError(503, "index-endommage", str(exc))
    return ApiError(400, "recherche-invalide", str(exc))


CacheKey = tuple[str, int, tuple[tuple[str, tuple[str, ...]], ...]]


class SearchService:
    def __init__(self, open_engine: Callable[[], Searcher], cache_entries: int = 512) -> None:
        self._open = open_engine
        self._engine: Searcher | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[CacheKey, bytes] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_lock = threading.Lock()
        self._generation = 0

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

    def close(self) -> None:
        """Stop the engine's workers, if it has any."""
        with self._lock:
            engine, self._engine = self._engine, None
        close = getattr(engine, "close", None)
        if close is not None:
            close()

    @staticmethod
    def _key(request: SearchRequest) -> CacheKey:
        return (
            request.query,
            request.limit,
            tuple(sorted((k, tuple(v)) for k, v in request.filters.items())),
        )

    def cached_json(self, request: SearchRequest) -> bytes | None:
        """The answer if it is in the cache: cheap enough for the event loop, never waits."""
        key = self._key(request)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
            return cached

    def search_json(self, request: SearchRequest) -> bytes:
        """The answer as JSON bytes (what the API sends), from the cache when it is there."""
        cached = self.cached_json(request)
        if cached is not None:
            return cached
        key = self._key(request)
        with self._cache_lock:
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
            response = self._current().search(
                request.query, limit=request.limit, filters=dict(request.filters) or None
            )
        except SearchError as exc:
            raise api_error(exc) from exc
        return response.as_dict()
