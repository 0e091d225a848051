"""The ``entraide`` command as a person runs it: a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.pages import replace


def entraide(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_is_in_french(repo_root: Path) -> None:
    result = entraide("--help", cwd=repo_root)
    assert result.returncode == 0
    assert "utilisation : entraide" in result.stdout
    assert "afficher cette aide et quitter" in result.stdout
    for command in ("build", "serve", "check"):
        assert command in result.stdout
    build_help = entraide("build", "--help", cwd=repo_root).stdout
    assert "--strict" in build_help and "échouer" in build_help


def test_usage_errors_are_in_french(repo_root: Path) -> None:
    result = entraide("check", "--format", "xml", cwd=repo_root)
    assert result.returncode == 2
    assert "erreur" in result.stderr and "choix invalide" in result.stderr


def test_check_is_clean_on_the_repository(repo_root: Path) -> None:
    result = entraide("check", cwd=repo_root)
    assert result.returncode == 0, result.stdout
    assert "0 erreur(s)" in result.stdout


def test_check_json_reports_path_line_code_severity_message(project: Path) -> None:
    (project / "docs/procedures/caf/cassee.md").write_text(
        replace("title: Refaire sa carte Vitale\n", "")
    )
    result = entraide("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems == [
        {
            "path": "docs/procedures/caf/cassee.md",
            "line": 1,
            "code": "missing-key",
            "severity": "error",
            "message": problems[0]["message"],
        }
    ]
    assert "title" in problems[0]["message"]


def test_check_text_and_github_formats(project: Path) -> None:
    bad = project / "docs/faq/cassee.md"
    bad.write_text("---\ntitle: [\n---\n# Cassée\n")
    text = entraide("check", "docs/faq", cwd=project)
    assert text.returncode == 1
    assert "docs/faq/cassee.md:2: erreur [yaml-syntax]" in text.stdout
    github = entraide("check", "--format", "github", str(bad), cwd=project)
    assert github.stdout.startswith("::error file=docs/faq/cassee.md,line=2,title=yaml-syntax::")


def test_check_missing_path(repo_root: Path) -> None:
    result = entraide("check", "docs/absent.md", cwd=repo_root)
    assert result.returncode == 1
    assert "n'existe pas" in result.stderr


def test_build_strict_from_the_cli(project: Path) -> None:
    result = entraide("build", "--strict", "--site-dir", str(project / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Site construit" in result.stdout
    assert (project / "out/index.html").is_file()
