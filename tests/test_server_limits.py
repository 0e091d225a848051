"""The server's bounds are written once (server/limits.py, search/bounds.py); the README quotes
them from there."""

from __future__ import annotations

from entraide.server.limits import DEFAULT_LIMITS, Limits, describe
from tests.conftest import ROOT


def test_the_readme_states_the_bounds_the_code_applies() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert describe(DEFAULT_LIMITS) in readme


def test_a_changed_bound_changes_the_description() -> None:
    assert describe(Limits(max_limit=30)) != describe(DEFAULT_LIMITS)
    assert "de 0 à 30" in describe(Limits(max_limit=30))
