"""An interrupted rewrite keeps the previous file whole, and leaves nothing a reader trips on."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from entraide.atomic_files import write_text_atomically
from entraide.search.storage import POINTER_NAME, remove_other_generations


def test_a_write_that_fails_midway_keeps_the_previous_file_and_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "catalogue.json"
    write_text_atomically(target, '{"sources": []}\n')
    with pytest.raises(UnicodeEncodeError):
        # A lone surrogate cannot be encoded: the write stops after the first characters.
        write_text_atomically(target, "x" * 10_000 + "\ud800")
    assert target.read_text(encoding="utf-8") == '{"sources": []}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.json"]


def test_text_is_written_as_given_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "sous-dossier" / "page.md"
    write_text_atomically(target, "é\r\nfin\n")
    assert target.read_bytes() == "é\r\nfin\n".encode()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_secrets_are_never_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "comptes.json"
    write_text_atomically(target, "{}", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_text_atomically(tmp_path / "public.json", "{}")
    assert stat.S_IMODE((tmp_path / "public.json").stat().st_mode) == 0o644


def test_a_pointer_left_half_written_by_a_killed_indexer_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index cleaner recognises the names this module gives its temporary files."""

    def interrupted(self: Path, target: str | os.PathLike[str]) -> Path:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Path, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_text_atomically(tmp_path / POINTER_NAME, '{"indexname": "g1"}')
    assert list(tmp_path.iterdir()) == []  # Ctrl+C: the temporary file went too
    # A real kill (-9) skips that cleanup: make what it leaves, named the same way.
    leftover = tmp_path / f".{POINTER_NAME}.k9x_2ab.tmp"
    leftover.write_text("{", encoding="utf-8")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("à garder", encoding="utf-8")
    remove_other_generations(tmp_path, keep="g1")
    assert not leftover.exists()
    assert unrelated.exists()
