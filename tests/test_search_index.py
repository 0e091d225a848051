"""Keeping the index up to date: incremental updates, crashes, concurrent writers."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search import indexing
from entraide.search.documents import read_page
from entraide.search.engine import SearchEngine
from entraide.search.errors import IndexBusyError, IndexDamagedError, IndexMissingError
from entraide.search.indexing import update_index
from entraide.search.storage import POINTER_NAME, writer_lock


def write(docs: Path, path: str, text: str) -> None:
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def found(index: Path, taxonomy: Taxonomy, query: str) -> list[str]:
    return [r.path for r in SearchEngine(index, taxonomy).search(query).results]


def copy_corpus(corpus: Path, target: Path, count: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for page in sorted((corpus / "markdown/particuliers").glob("F*.md"))[:count]:
        shutil.copy2(page, target / page.name)


def entraide(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_only_changed_pages_are_rewritten(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n\nCommander la carte.\n")
    write(docs, "faq/b.md", "# Prime d'activité\n\nLa prime se demande en ligne.\n")
    write(docs, ".cache/ignored.md", "# Caché\n")
    first = update_index(docs, index, taxonomy)
    assert (first.added, first.updated, first.removed, first.unchanged) == (2, 0, 0, 0)
    assert first.rebuilt

    again = update_index(docs, index, taxonomy)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 2)
    assert not again.changed and not again.rebuilt

    write(
        docs, "a.md", "# Carte Vitale\n\nCommander la carte, puis la mettre à jour en pharmacie.\n"
    )
    write(docs, "c.md", "# Chèque énergie\n")
    changed = update_index(docs, index, taxonomy)
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (1, 1, 0, 1)
    assert found(index, taxonomy, "pharmacie") == ["a.md"]
    assert found(index, taxonomy, "cheque energie") == ["c.md"]


def test_deleted_pages_leave_the_index(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    write(docs, "b.md", "# Carte grise\n")
    update_index(docs, index, taxonomy)
    (docs / "b.md").unlink()
    report = update_index(docs, index, taxonomy)
    assert (report.removed, report.unchanged) == (1, 1)
    assert found(index, taxonomy, "carte") == ["a.md"]


def test_pages_excluded_from_search_stay_out_and_leave_when_excluded(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    write(docs, "recherche.md", "---\ntitle: Rechercher une carte\n---\n# Rechercher une carte\n")
    update_index(docs, index, taxonomy)
    assert sorted(found(index, taxonomy, "carte")) == ["a.md", "recherche.md"]
    write(docs, "recherche.md", "---\nsearch:\n  exclude: true\n---\n# Rechercher une carte\n")
    report = update_index(docs, index, taxonomy)
    assert report.removed == 1
    assert found(index, taxonomy, "carte") == ["a.md"]


def test_progress_is_reported(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs = tmp_path / "docs"
    for n in range(3):
        write(docs, f"p{n}.md", f"# Page {n}\n")
    calls: list[tuple[int, int]] = []
    update_index(docs, tmp_path / "index", taxonomy, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_unreadable_page_is_reported_and_the_rest_indexed(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs = tmp_path / "docs"
    write(docs, "ok.md", "# Carte Vitale\n")
    (docs / "latin1.md").write_bytes("# Démarche\n".encode("latin-1"))
    report = update_index(docs, tmp_path / "index", taxonomy)
    assert report.added == 1
    assert [p.path for p in report.problems] == ["latin1.md"]
    assert "UTF-8" in report.problems[0].message


def test_missing_index_says_how_to_build_it(tmp_path: Path, taxonomy: Taxonomy) -> None:
    with pytest.raises(IndexMissingError, match="entraide index"):
        SearchEngine(tmp_path / "nowhere", taxonomy)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissingError, match="entraide index"):
        SearchEngine(tmp_path / "empty", taxonomy)


def test_damaged_index_says_how_to_rebuild_and_rebuild_repairs(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    update_index(docs, index, taxonomy)

    (index / POINTER_NAME).write_text("{pas du json", encoding="utf-8")
    with pytest.raises(IndexDamagedError, match="Reconstruisez-le avec « entraide index"):
        SearchEngine(index, taxonomy)
    assert update_index(docs, index, taxonomy).rebuilt
    assert found(index, taxonomy, "vitale") == ["a.md"]

    for segment in index.glob("*.seg"):
        segment.write_bytes(b"\0" * 64)
    with pytest.raises(IndexDamagedError, match="entraide index"):
        SearchEngine(index, taxonomy).search("vitale")
    assert update_index(docs, index, taxonomy).rebuilt
    assert found(index, taxonomy, "vitale") == ["a.md"]


def test_a_second_writer_waits_then_stops_with_a_french_message(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    with writer_lock(index, timeout=0):
        with pytest.raises(IndexBusyError, match="une autre mise à jour"):
            update_index(docs, index, taxonomy, lock_timeout=0.3)
        busy = entraide(
            "index", "--docs", str(docs), "--index-dir", str(index), "--wait", "0.3", cwd=tmp_path
        )
        _, stderr = busy.communicate(timeout=120)
        assert busy.returncode == 1
        assert "une autre mise à jour" in stderr and "relancez « entraide index »" in stderr
    assert update_index(docs, index, taxonomy, lock_timeout=0).added == 1


def test_two_writers_at_once_both_finish_and_the_index_is_whole(
    tmp_path: Path, taxonomy: Taxonomy, corpus: Path
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    copy_corpus(corpus, docs, 60)
    writers = [
        entraide("index", "--docs", str(docs), "--index-dir", str(index), cwd=tmp_path)
        for _ in range(2)
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    summaries = sorted(stdout for stdout, _ in outputs)
    assert "60 page(s) ajoutée(s)" in summaries[0] + summaries[1]
    assert "60 inchangée(s)" in summaries[0] + summaries[1]
    engine = SearchEngine(index, taxonomy)
    for page in sorted(docs.glob("*.md"))[:5]:
        title = read_page(page.name, page.read_text(encoding="utf-8"), taxonomy).title
        assert page.name in [r.path for r in engine.search(title).results], title
    assert update_index(docs, index, taxonomy).unchanged == 60


def test_a_killed_writer_leaves_the_previous_index_usable(
    tmp_path: Path, taxonomy: Taxonomy, corpus: Path
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n\nCommander la carte.\n")
    update_index(docs, index, taxonomy)
    copy_corpus(corpus, docs, 250)
    writer = entraide("index", "--docs", str(docs), "--index-dir", str(index), cwd=tmp_path)
    assert writer.stderr is not None
    line = writer.stderr.readline()  # "Indexation : 1/251 pages": the writer is at work.
    assert line.startswith("Indexation : 1/"), line
    writer.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
    writer.wait(timeout=60)
    assert writer.returncode != 0

    engine = SearchEngine(index, taxonomy)
    response = engine.search("carte vitale")
    assert [r.path for r in response.results] == ["a.md"]
    assert engine.search("acte de naissance").total == 0

    report = update_index(docs, index, taxonomy, lock_timeout=0)
    assert (report.added, report.unchanged) == (250, 1)
    assert engine.refresh() is True
    assert engine.search("acte de naissance").total > 0


def test_a_writer_killed_during_the_first_build_leaves_no_half_index(
    tmp_path: Path, taxonomy: Taxonomy, corpus: Path
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    copy_corpus(corpus, docs, 250)
    writer = entraide("index", "--docs", str(docs), "--index-dir", str(index), cwd=tmp_path)
    assert writer.stderr is not None
    assert writer.stderr.readline().startswith("Indexation : 1/")
    writer.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
    writer.wait(timeout=60)
    with pytest.raises(IndexMissingError):
        SearchEngine(index, taxonomy)
    assert update_index(docs, index, taxonomy, lock_timeout=0).added == 250
    assert SearchEngine(index, taxonomy).search("acte de naissance").total > 0


def test_lost_page_digests_are_read_back_from_the_index(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    write(docs, "b.md", "# Carte grise\n")
    update_index(docs, index, taxonomy)
    for manifest in index.glob("manifest-*.json"):
        manifest.unlink()
    (docs / "b.md").unlink()
    report = update_index(docs, index, taxonomy)
    assert (report.removed, report.unchanged, report.added) == (1, 1, 0)
    assert len(list(index.glob("manifest-*.json"))) == 1
    assert update_index(docs, index, taxonomy).unchanged == 1


def test_a_rebuild_deletes_only_its_own_files(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    index.mkdir()
    (index / "notes.txt").write_text("à garder", encoding="utf-8")
    update_index(docs, index, taxonomy)
    (index / POINTER_NAME).write_text("{", encoding="utf-8")
    assert update_index(docs, index, taxonomy).rebuilt
    assert (index / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert len(list(index.glob("_g*.toc"))) == 1
    assert len(list(index.glob("manifest-*.json"))) == 1


KILLED_WRITER = """
import os, sys
from pathlib import Path
from entraide.content.taxonomy import load_taxonomy
from entraide.search import indexing
from entraide.search.indexing import update_index

def die(done, total):
    if done == 10:
        os._exit(9)  # as abrupt as a kill: no finally block, no cleanup runs

docs, index, taxonomy = (Path(arg) for arg in sys.argv[1:])
update_index(docs, index, load_taxonomy(taxonomy), progress=die)
"""


def test_leftovers_of_killed_writers_are_removed_on_the_next_run(
    tmp_path: Path, taxonomy: Taxonomy, repo_root: Path
) -> None:
    """Four kills left 205 MB of temporary generations beside a 19 MB index: never again."""
    docs, index = tmp_path / "docs", tmp_path / "index"

    def killed_writer() -> None:
        args = [str(docs), str(index), str(repo_root / "taxonomy.yml")]
        died = subprocess.run([sys.executable, "-c", KILLED_WRITER, *args], timeout=120)
        assert died.returncode == 9

    def leftovers() -> set[str]:
        current = json.loads((index / POINTER_NAME).read_text(encoding="utf-8"))["indexname"]
        return {
            p.name
            for p in index.iterdir()
            if (
                p.name not in (POINTER_NAME, "write.lock")
                and not p.name.startswith((current, f"_{current}_", f"manifest-{current}."))
            )
            or p.is_dir()
        }

    for n in range(30):
        write(docs, f"p{n}.md", f"# Page {n}\n\nTexte numéro {n}.\n")
    killed_writer()  # during the first build
    assert any(p.is_dir() for p in index.iterdir())  # Whoosh's temporary folder
    update_index(docs, index, taxonomy, lock_timeout=0)
    assert leftovers() == set()

    for n in range(30):
        write(docs, f"p{n}.md", f"# Page {n}\n\nTexte modifié {n}.\n")
    killed_writer()  # during an update
    assert leftovers() != set()
    assert update_index(docs, index, taxonomy, lock_timeout=0).updated == 30
    assert leftovers() == set()
    assert found(index, taxonomy, "modifié")


def test_an_unexpected_error_opening_the_index_is_logged_not_swallowed(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write(docs, "a.md", "# Carte Vitale\n")
    update_index(docs, index, taxonomy)
    for segment in index.glob("*.seg"):
        segment.write_bytes(b"\0" * 64)  # damage: expected, rebuilt quietly
    with caplog.at_level(logging.INFO, logger="entraide.search"):
        assert update_index(docs, index, taxonomy).rebuilt
    assert [r.levelno for r in caplog.records] == [logging.INFO]

    def bug(*args: object) -> None:
        raise AttributeError("un bogue")

    caplog.clear()
    monkeypatch.setattr(indexing, "_stored_digests", bug)
    with caplog.at_level(logging.INFO, logger="entraide.search"):
        assert update_index(docs, index, taxonomy).rebuilt
    [record] = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "un bogue" in caplog.text
