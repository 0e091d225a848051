"""Entraide on Windows: the CLI must start without POSIX-only modules.

Windows has no ``fcntl`` (nor ``termios``, ``pwd``, ``grp``, ``resource``). A
``sitecustomize`` on ``PYTHONPATH`` removes them from a real ``entraide``
subprocess: any import of them by our code, or at module level by anything
(which is what breaks start-up on Windows), fails as it would there. Imports
made lazily inside third-party functions are let through, because those
libraries pick their Windows code path by platform, not by trying
(Whoosh's own lock takes ``msvcrt`` on Windows).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from entraide.content.templates.drafts import slugify

BLOCKER = """
import sys

BLOCKED = {"fcntl", "termios", "pwd", "grp", "resource"}
for name in BLOCKED:
    sys.modules.pop(name, None)


class WindowsLike:
    def find_spec(self, name, path=None, target=None):
        if name not in BLOCKED:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        where = frame.f_code.co_filename.replace("\\\\", "/") if frame else ""
        lazy = frame is not None and frame.f_code.co_name != "<module>"
        if lazy and "/entraide/" not in where:
            return None
        raise ModuleNotFoundError(f"No module named {name!r} (Windows)", name=name)


sys.meta_path.insert(0, WindowsLike())
"""


def windows_like_entraide(
    tmp_path: Path, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    blocker = tmp_path / "windows-like"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    return subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_blocker_really_blocks_fcntl(tmp_path: Path) -> None:
    blocker = tmp_path / "windows-like"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    probe = subprocess.run(
        [sys.executable, "-c", "import fcntl"], env=env, capture_output=True, text=True
    )
    assert probe.returncode == 1 and "No module named 'fcntl' (Windows)" in probe.stderr


def test_cli_runs_without_fcntl(tmp_path: Path, project: Path) -> None:
    """check, index, search and build: every command imported fcntl through search/storage.py."""
    check = windows_like_entraide(tmp_path, "check", "docs/faq", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "0 erreur(s)" in check.stdout

    index = windows_like_entraide(
        tmp_path, "index", "--docs", "docs", "--index-dir", "index", cwd=project
    )
    assert index.returncode == 0, index.stderr
    search = windows_like_entraide(
        tmp_path, "search", "--index-dir", "index", "--json", "carte vitale", cwd=project
    )
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)["total"] > 0

    build = windows_like_entraide(tmp_path, "build", "--strict", cwd=project)
    assert build.returncode == 0, build.stderr
    assert (project / "site/index.html").is_file()


@pytest.mark.parametrize(
    ("docs_path", "flagged"),
    [
        ("faq/aux.md", True),
        ("procedures/lpt1/carte.md", True),
        ("faq/Con.md", True),
        ("faq/etapes:suite.md", True),
        ("faq/quoi?.md", True),
        ("faq/auxiliaire.md", False),
        ("faq/console.md", False),
        ("procedures/caf/prime-activite.md", False),
    ],
)
def test_file_names_windows_refuses_are_reported(
    tmp_path: Path, taxonomy: Taxonomy, docs_path: str, flagged: bool
) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page(f"docs/{docs_path}", docs_path, "# Page\n", context)
    problems = [p for p in result.problems if p.code == "file-name"]
    assert bool(problems) == flagged
    assert all("Windows" in p.message for p in problems)


def test_new_pages_never_get_a_reserved_name() -> None:
    assert slugify("Aux") == "aux-page"
    assert slugify("Con") == "con-page"
    assert slugify("Aux urgences") == "aux-urgences"
