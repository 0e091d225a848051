"""Shared fixtures: the real repository, and throwaway copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "service-public"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site sources (config, taxonomy, theme, docs) in a temporary folder."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus service-public absent : {CORPUS}")
    return CORPUS
