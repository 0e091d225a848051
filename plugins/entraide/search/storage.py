"""Where an index lives on disk: generations, the pointer to the current one, the lock.

Whoosh commits a new table of contents by renaming it into place, so an
interrupted incremental update leaves the previous generation readable. A full
rebuild cannot use that (``create_in`` wipes the index first), so each full
build gets its own Whoosh index name and ``current.json`` is switched to it by
an atomic rename once it is complete. Readers follow ``current.json``.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh import index as whoosh_index
from whoosh.index import FileIndex

from entraide.atomic_files import write_text_atomically
from entraide.search.errors import IndexBusyError, IndexDamagedError, IndexMissingError

POINTER_NAME = "current.json"
LOCK_NAME = "write.lock"
DEFAULT_INDEX_DIRNAME = ".entraide-index"


def default_index_dir(project_root: Path) -> Path:
    return project_root / DEFAULT_INDEX_DIRNAME


@dataclass(frozen=True)
class Pointer:
    """The current generation: a Whoosh index name, and what it was built with."""

    indexname: str
    fingerprint: str


def read_pointer(index_dir: Path) -> Pointer | None:
    path = index_dir / POINTER_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Pointer(str(raw["indexname"]), str(raw["fingerprint"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexDamagedError(index_dir, f"{POINTER_NAME} illisible : {exc}") from exc


def write_pointer(index_dir: Path, pointer: Pointer) -> None:
    data = {"indexname": pointer.indexname, "fingerprint": pointer.fingerprint}
    write_text_atomically(index_dir / POINTER_NAME, json.dumps(data))


def generation_marker(index_dir: Path) -> tuple[str, int] | None:
    """Which generation a reader would open now, without opening it: the current index name
    and its latest Whoosh commit (``_<name>_<n>.toc``). None when there is no readable one.

    Cheap enough to ask every few seconds from a process that holds no engine.
    """
    try:
        pointer = read_pointer(index_dir)
    except IndexDamagedError:
        return None
    if pointer is None:
        return None
    commits = [
        int(path.stem.rpartition("_")[2])
        for path in index_dir.glob(f"_{pointer.indexname}_*.toc")
        if path.stem.rpartition("_")[2].isdigit()
    ]
    return (pointer.indexname, max(commits)) if commits else None


def manifest_path(index_dir: Path, indexname: str) -> Path:
    """Page digests of a generation, so an update need not read every stored page."""
    return index_dir / f"manifest-{indexname}.json"


def new_indexname() -> str:
    return f"g{time.time_ns():x}"


def open_current(index_dir: Path) -> tuple[FileIndex, Pointer]:
    """The current generation for reading; French errors when there is none."""
    if not index_dir.is_dir():
        raise IndexMissingError(index_dir)
    pointer = read_pointer(index_dir)
    if pointer is None:
        raise IndexMissingError(index_dir)
    try:
        index = whoosh_index.open_dir(str(index_dir), indexname=pointer.indexname, readonly=True)
    except whoosh_index.EmptyIndexError as exc:
        raise IndexDamagedError(index_dir, "génération courante introuvable") from exc
    except Exception as exc:  # Whoosh raises anything from a truncated pickle.
        raise IndexDamagedError(index_dir, f"{type(exc).__name__} : {exc}") from exc
    return index, pointer


# What a generation leaves in the folder: Whoosh's files (``_g…_1.toc``, ``g…_seg.trm``,
# ``g…_WRITELOCK``), its temporary folder for a writer (``g….tmp``), our manifest, and our
# half-written files (``.current.json.<random>.tmp``, see :mod:`entraide.atomic_files`).
# Nothing else in the folder is ever deleted, even if someone points --index-dir at a folder
# that holds other things.
_GENERATION_FILE = re.compile(r"^(?:_?(g[0-9a-f]+)_.+|manifest-(g[0-9a-f]+)\.json)$")
_WRITER_TEMPORARY = re.compile(r"^g[0-9a-f]+\.tmp$")
_OUR_TEMPORARY = re.compile(r"^\.(?:current\.json|manifest-g[0-9a-f]+\.json)\.\w+\.tmp$")


def _remove(path: Path) -> None:
    """Best effort: on Windows a file a reader still has open cannot go; the next run retries."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def remove_other_generations(index_dir: Path, keep: str | None) -> None:
    """Files of older full builds and of builds that were interrupted (killed), Whoosh's
    temporary folders and our half-written files; ``keep`` names the current generation
    (None: there is none yet, so every generation file is a leftover).

    Only call this holding :func:`writer_lock`: no writer is running, so any temporary
    file is a leftover of one that died.
    """
    for path in index_dir.iterdir():
        match = _GENERATION_FILE.match(path.name)
        other_generation = match is not None and keep not in match.groups() and path.is_file()
        temporary = _WRITER_TEMPORARY.match(path.name) or _OUR_TEMPORARY.match(path.name)
        if other_generation or temporary:
            _remove(path)


@contextlib.contextmanager
def writer_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """One writer at a time; the others wait up to ``timeout`` seconds, then stop.

    ``filelock`` takes an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on
    Windows) that the system releases when a writer dies, so a killed
    ``entraide index`` never leaves a stale lock behind, on any platform.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(index_dir / LOCK_NAME)
    try:
        lock.acquire(timeout=max(timeout, 0), poll_interval=0.1)
    except Timeout:
        raise IndexBusyError(index_dir, timeout) from None
    try:
        yield
    finally:
        lock.release()
