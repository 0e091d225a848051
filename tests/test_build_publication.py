"""A build that fails publishes nothing: the previous site and search index stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from entraide.content.taxonomy import load_taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.storage import default_index_dir
from entraide.sitebuild import BuildError, built_without_warnings
from tests.build_helpers import build

PAGE = "docs/faq/mot-de-passe-confie.md"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_failing_strict_build_keeps_the_previous_site_and_index(project: Path) -> None:
    build(project)
    assert built_without_warnings(project / "site")
    site_before = snapshot(project / "site")
    index_before = snapshot(default_index_dir(project))
    page = project / PAGE
    leaked = page.read_text(encoding="utf-8") + "\nAppelez Mme Zorglub au 06 12 34 56 78.\n"
    page.write_text(leaked, encoding="utf-8")

    with pytest.raises(BuildError, match="strict") as raised:
        build(project)

    line = leaked.count("\n")
    assert any(
        f"{PAGE}:{line}: erreur [personal-data-phone]" in message
        for message in raised.value.messages
    ), raised.value.messages
    assert snapshot(project / "site") == site_before, "the rejected page reached site/"
    assert snapshot(default_index_dir(project)) == index_before
    engine = SearchEngine(default_index_dir(project), load_taxonomy(project / "taxonomy.yml"))
    try:
        assert engine.search("zorglub").total == 0
    finally:
        engine.close()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_a_normal_build_with_warnings_is_published_and_says_so(project: Path) -> None:
    page = project / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nTél. 06 12 34 56 78\n", "utf-8")
    result = build(project, strict=False)
    assert result.warnings >= 1
    assert any("personal-data-phone" in message for message in result.messages)
    assert not built_without_warnings(project / "site"), "serve must not take this site as clean"
