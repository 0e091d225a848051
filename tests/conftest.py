"""Shared fixtures: the real repository, and throwaway copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """``shared/`` beside the project: CI and every developer have it at ``../shared``.

    A clean clone made to try CI (``git clone . /tmp/x``) is not beside it: there, the
    clone's origin (a folder on this machine) is. ``ENTRAIDE_SHARED`` names it anywhere else.
    """
    if os.environ.get("ENTRAIDE_SHARED"):
        return Path(os.environ["ENTRAIDE_SHARED"])
    candidates = [ROOT.parent / "shared"]
    origin = subprocess.run(
        ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if origin and "://" not in origin and not origin.startswith("git@"):
        candidates.append((ROOT / origin).resolve().parent / "shared")
    return next((c for c in candidates if c.is_dir()), candidates[0])


CORPUS = _shared_folder() / "corpus" / "service-public"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "taxonomy.yml")


def copy_sources(target: Path) -> Path:
    """Copy the site sources (config, taxonomy, theme, docs) into ``target``; return it."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site sources in a temporary folder, to break."""
    return copy_sources(tmp_path / "project")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("ENTRAIDE_REQUIRE_CORPUS"):  # set by .ci/run: never skip there
            pytest.fail(f"corpus service-public absent : {CORPUS} (ENTRAIDE_SHARED=…)")
        pytest.skip(f"corpus service-public absent : {CORPUS}")
    return CORPUS
