"""pyproject.toml declares each distribution once per list: two lines with different
bounds leave the real constraint to whoever reads both (pip applies both silently)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

from tests.conftest import ROOT

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _names(requirements: list[str]) -> list[str]:
    """Distribution names as pip compares them (PEP 503: case and ``-_.`` ignored)."""
    names = []
    for requirement in requirements:
        found = _NAME.match(requirement)
        assert found is not None, requirement
        names.append(re.sub(r"[-_.]+", "-", found[0]).lower())
    return names


def test_each_distribution_is_declared_once_per_list() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lists = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    for where, requirements in lists.items():
        twice = [name for name, count in Counter(_names(requirements)).items() if count > 1]
        assert not twice, f"{where}: {twice}"
