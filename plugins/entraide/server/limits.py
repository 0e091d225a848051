"""The bounds of the search API, in one place so the docs and the code agree.

A laptop in an EPN serves a whole room on two cores: every request must cost a
bounded amount of work whatever its parameters, and a crowd must get a quick
"réessayez" rather than an ever-growing queue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Results per request: `limit` defaults to this...
    default_limit: int = 10
    # ...and larger values are lowered to this one (0 gives only the count and facets).
    max_limit: int = 50
    # Values per filter key (`mediation=urgence&mediation=autonomie` is two).
    max_filter_values: int = 10
    # Longest filter value, in characters (slugs are short).
    max_filter_value_chars: int = 64
    # Longest query string, in bytes, before it is even parsed; longer gets a 414.
    max_query_string_bytes: int = 4096
    # Searches running or waiting at once; beyond that, a 503 that says to retry.
    max_pending_searches: int = 64
    # Searches computed at the same time; the others wait their turn without holding a
    # thread. `entraide serve` runs them in as many worker processes, each with its own
    # engine, so cold searches use every core (see scripts/bench_server.py).
    concurrent_searches: int = 2
    # Answers kept in memory (a few kilobytes each), emptied at each new index generation.
    cached_answers: int = 512
    # Seconds a connection has to send a request's headers, from its first byte; then a 408.
    header_timeout: float = 10.0
    # Seconds an idle keep-alive connection stays open between two requests.
    keep_alive_timeout: int = 5
    # Open connections at most (well under the 1,024 file descriptors many systems allow);
    # beyond, the one waiting longest for its headers is closed to make room.
    max_connections: int = 500


DEFAULT_LIMITS = Limits()
