"""The bounds of the search API, in one place so the docs and the code agree.

A laptop in an EPN serves a whole room on two cores: every request must cost a
bounded amount of work whatever its parameters, and a crowd must get a quick
"réessayez" rather than an ever-growing queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from entraide.search.bounds import MAX_QUERY_CHARS, MAX_WORDS


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
    # Worker processes of `entraide serve`, each with its own engine computing one search at
    # a time, so cold searches use every core (see scripts/bench_server.py).
    search_processes: int = 2
    # Searches handed to the engine at once: two per worker process, one computing and the
    # next already queued, so a worker never idles while the server collects an answer and
    # hands it another (measured: more cold searches a second on a busy machine). The
    # others wait their turn without holding a thread.
    concurrent_searches: int = 4
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


def _number(value: float) -> str:
    """French digit grouping, as the README writes numbers: 4096 → "4 096", 10.0 → "10"."""
    return f"{value:,g}".replace(",", " ")


def describe(limits: Limits = DEFAULT_LIMITS) -> str:
    """The README's paragraph on the bounds, in French, from the values above.

    ``tests/test_server_limits.py`` checks the README says exactly this, so a
    changed bound cannot leave the documentation behind.
    """
    n = _number
    return (
        f"Ses bornes (`plugins/entraide/server/limits.py`) : recherche coupée à "
        f"{n(MAX_QUERY_CHARS)} caractères et {n(MAX_WORDS)} mots ; `limit` de 0 à "
        f"{n(limits.max_limit)} ({n(limits.default_limit)} par défaut, plus grand ramené à "
        f"{n(limits.max_limit)}) ; {n(limits.max_filter_values)} valeurs de "
        f"{n(limits.max_filter_value_chars)} caractères au plus par filtre ; "
        f"{n(limits.max_query_string_bytes)} octets de paramètres au plus (sinon 414) ; "
        f"{n(limits.search_processes)} processus de recherche calculent chacun une "
        "recherche à la fois, la suivante déjà en file, les autres attendent leur tour "
        "sans bloquer les pages ; "
        f"au-delà de {n(limits.max_pending_searches)} recherches en cours ou en attente, "
        "une réponse 503 demande de réessayer ; les "
        f"{n(limits.cached_answers)} dernières réponses sont gardées en mémoire jusqu'au "
        f"prochain index. Une connexion a {n(limits.header_timeout)} secondes pour envoyer "
        f"sa requête (sinon 408) ; au-delà de {n(limits.max_connections)} connexions "
        "ouvertes, celle qui attend depuis le plus longtemps est fermée."
    )
