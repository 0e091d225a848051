"""Moved pages keep their old address: the map is checked, and the built site answers."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml

from entraide.content.redirects import Redirect, read_redirects
from entraide.sitebuild import BuildError
from tests.build_helpers import build, captured_mkdocs_logs

PAGES = {"procedures/assurance-maladie/carte-vitale.md", "faq/index.md"}
_REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


def test_a_valid_entry_becomes_a_redirect_with_its_fragment() -> None:
    new = "procedures/assurance-maladie/carte-vitale.md#etapes"
    raw = {"procedures/ameli/carte-vitale.md": new}
    report = read_redirects(raw, PAGES)
    assert report.problems == report.absent == []
    assert report.redirects == [
        Redirect(
            "procedures/ameli/carte-vitale.md",
            "procedures/assurance-maladie/carte-vitale.md",
            "#etapes",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("procedures/ameli/", "faq/index.md", "doit être le chemin d'une page Markdown"),
        ("faq/index.md", "procedures/assurance-maladie/carte-vitale.md", "une page existe encore"),
    ],
)
def test_bad_entries_are_refused_in_french(old: str, new: str, expected: str) -> None:
    report = read_redirects({old: new}, PAGES)
    assert report.redirects == report.absent == []
    [problem] = report.problems
    assert problem.startswith(f"redirection « {old.strip('/')} »") and expected in problem


def test_a_target_missing_from_this_site_is_skipped_not_refused() -> None:
    report = read_redirects({"procedures/ameli/x.md": "procedures/ameli/vitale.md"}, PAGES)
    assert report.redirects == report.problems == []
    [absent] = report.absent
    assert "« procedures/ameli/vitale.md » n'existe pas" in absent


def _redirect_map(project: Path) -> dict[str, str]:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = config.split("      redirects:\n", 1)[1]
    lines = [line for line in block.splitlines() if line.startswith("        ")]
    loaded: dict[str, str] = yaml.safe_load("\n".join(line.strip() for line in lines))
    return loaded


def test_every_old_address_of_the_repository_leads_to_its_page(project: Path) -> None:
    redirects = _redirect_map(project)
    assert "procedures/ameli/carte-vitale.md" in redirects
    build(project)
    site = project / "site"
    for old, new in redirects.items():
        old_html = site / old.removesuffix(".md") / "index.html"
        [url] = _REFRESH.findall(old_html.read_text(encoding="utf-8"))
        landing = posixpath.normpath(posixpath.join(old.removesuffix(".md"), url))
        assert landing == new.removesuffix(".md")
        assert (site / landing / "index.html").is_file()


def test_a_redirect_hiding_a_page_fails_the_strict_build(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "      redirects:\n", "      redirects:\n        faq/index.md: contribuer.md\n", 1
        ),
        encoding="utf-8",
    )
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError, match="strict"):
        build(project)
    assert any(
        "redirection « faq/index.md » : une page existe encore à cette adresse" in message
        for message in logs.messages
    )
