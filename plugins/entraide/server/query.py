"""Reading ``/api/search`` parameters into a bounded request, or a French refusal.

Pure functions over decoded parameters, so every hostile input can be tried
without a server. Unknown parameters are ignored (caches and trackers add
``_``, ``utm_source``...); the last value wins for ``q`` and ``limit``. A query
longer than the engine's bound is cut at a word, as ``entraide search`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from entraide.search.facets import FILTER_KEYS
from entraide.search.querying import clean_query
from entraide.server.limits import Limits


class ApiError(Exception):
    """A refusal with its HTTP status, a stable code for machines and a French message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, dict[str, str | int]]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


@dataclass(frozen=True)
class SearchRequest:
    query: str
    limit: int
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _limit(raw: str, limits: Limits) -> int:
    try:
        value = int(raw.strip())
        if value < 0:
            raise ValueError(value)
    except ValueError:
        raise ApiError(
            400,
            "limite-invalide",
            f"Le paramètre « limit » doit être un nombre entier entre 0 et {limits.max_limit}.",
        ) from None
    return min(value, limits.max_limit)


def parse_search_params(params: Iterable[tuple[str, str]], limits: Limits) -> SearchRequest:
    query = ""
    limit = limits.default_limit
    filters: dict[str, list[str]] = {}
    for key, raw in params:
        if key == "q":
            query = clean_query(raw)
        elif key == "limit":
            limit = _limit(raw, limits)
        elif key in FILTER_KEYS:
            value = clean_query(raw)
            if not value:
                continue
            if len(value) > limits.max_filter_value_chars:
                raise ApiError(
                    400,
                    "filtre-invalide",
                    f"La valeur du filtre « {key} » est trop longue "
                    f"({limits.max_filter_value_chars} caractères au plus).",
                )
            values = filters.setdefault(key, [])
            if value not in values:
                values.append(value)
            if len(values) > limits.max_filter_values:
                raise ApiError(
                    400,
                    "trop-de-filtres",
                    f"Trop de valeurs pour le filtre « {key} » "
                    f"({limits.max_filter_values} au plus).",
                )
    return SearchRequest(query, limit, {k: tuple(v) for k, v in filters.items()})
