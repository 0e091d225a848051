"""A running server follows its sources: rebuild when pages change, keep serving when it fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from entraide.server.app import create_app
from entraide.server.watch import ContentWatcher, SiteSources, rebuild_and_swap
from entraide.sitebuild import build_site
from tests.live_server import serving

CONFIG = "site_name: Essai\ndocs_dir: docs\nsite_dir: site\n"


@pytest.fixture
def small_site(tmp_path: Path) -> SiteSources:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Accueil\n\nPremière version.\n", encoding="utf-8")
    build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    return SiteSources(tmp_path / "mkdocs.yml", docs, tmp_path / "site")


def touch_later(path: Path, text: str) -> None:
    """Write and move the modification time forward: coarse file-system clocks exist."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_rebuilds_once_the_change_has_settled(small_site: SiteSources) -> None:
    calls: list[str] = []
    watcher = ContentWatcher(small_site, lambda: calls.append("index"))
    assert watcher.check() is False
    touch_later(small_site.docs_dir / "index.md", "# Accueil\n\nDeuxième version.\n")
    assert watcher.check() is False, "a change still being written waits one more check"
    assert watcher.check() is True
    assert "Deuxième version" in (small_site.site_dir / "index.html").read_text()
    assert calls == ["index"]
    assert watcher.check() is False
    assert not list(small_site.site_dir.parent.glob(".site.*")), "no staging folder left"


def test_a_failed_rebuild_keeps_the_previous_site(
    small_site: SiteSources, capsys: pytest.CaptureFixture[str]
) -> None:
    watcher = ContentWatcher(small_site, lambda: None)
    touch_later(small_site.config_file, CONFIG + "theme: n-existe-pas\n")
    watcher.check()
    assert watcher.check() is False
    assert "Première version" in (small_site.site_dir / "index.html").read_text()
    err = capsys.readouterr().err
    assert "Échec de la reconstruction" in err
    assert "Le site précédent reste servi" in err
    assert watcher.check() is False, "the same broken state is not rebuilt again and again"
    touch_later(small_site.config_file, CONFIG)
    watcher.check()
    assert watcher.check() is True


def test_the_served_site_changes_without_a_gap(small_site: SiteSources) -> None:
    with serving(create_app(small_site.site_dir)) as url:
        assert "Première version" in httpx.get(url + "/").text
        touch_later(small_site.docs_dir / "index.md", "# Accueil\n\nTroisième version.\n")
        assert rebuild_and_swap(small_site) == 0
        assert "Troisième version" in httpx.get(url + "/").text


def test_the_loop_runs_in_the_background(small_site: SiteSources) -> None:
    ticks: list[int] = []
    watcher = ContentWatcher(small_site, lambda: None, interval=0.01)
    watcher.start(lambda: ticks.append(1))
    try:
        for _ in range(500):
            if len(ticks) >= 2:
                break
            time.sleep(0.01)
    finally:
        watcher.stop()
    assert len(ticks) >= 2


def test_a_rebuild_with_warnings_is_refused_and_every_message_printed(
    small_site: SiteSources, capsys: pytest.CaptureFixture[str]
) -> None:
    watcher = ContentWatcher(small_site, lambda: None)
    touch_later(
        small_site.docs_dir / "index.md", "# Accueil\n\nNouvelle version, [morte](nulle-part.md).\n"
    )
    watcher.check()
    assert watcher.check() is False
    assert "Première version" in (small_site.site_dir / "index.html").read_text()
    err = capsys.readouterr().err
    assert "AVERTISSEMENT - Doc file 'index.md' contains a link 'nulle-part.md'" in err
    assert "Le site précédent reste servi" in err
