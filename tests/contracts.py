"""Contracts of DESIGN.md that several tests check, written once."""

from __future__ import annotations

# DESIGN §5: the keys of each result of `entraide search --json` and `/api/search`.
SEARCH_RESULT_KEYS = frozenset(
    {
        "path",
        "title",
        "url",
        "score",
        "snippet",
        "type",
        "mediation",
        "themes",
        "organisations",
        "publics",
        "description",
    }
)
