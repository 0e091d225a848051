"""Where an index lives on disk: generations, the pointer to the current one, the lock.

Whoosh commits a new table of contents by renaming it into place, so an
interrupted incremental update leaves the previous generation readable. A full
rebuild cannot use that (``create_in`` wipes the index first), so each full
build gets its own Whoosh index name and ``current.json`` is switched to it by
an atomic rename once it is complete. Readers follow ``current.json``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex

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
    temporary = index_dir / f".{POINTER_NAME}.{os.getpid()}"
    data = {"indexname": pointer.indexname, "fingerprint": pointer.fingerprint}
    with temporary.open("w", encoding="utf-8") as stream:
        json.dump(data, stream)
        stream.flush()
        os.fsync(stream.fileno())
    temporary.replace(index_dir / POINTER_NAME)


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


# Files a generation consists of; nothing else in the folder is ever deleted,
# even if someone points --index-dir at a folder that holds other things.
_GENERATION_FILE = re.compile(r"^(?:_?(g[0-9a-f]+)_.+|manifest-(g[0-9a-f]+)\.json)$")


def remove_other_generations(index_dir: Path, keep: str) -> None:
    """Files of older full builds, and of builds that were interrupted."""
    for path in index_dir.iterdir():
        match = _GENERATION_FILE.match(path.name)
        if match and keep not in match.groups() and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


@contextlib.contextmanager
def writer_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """One writer at a time; the others wait up to ``timeout`` seconds, then stop.

    ``flock`` is released by the kernel when a writer dies, so a killed
    ``entraide index`` never leaves a stale lock behind.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with (index_dir / LOCK_NAME).open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(index_dir, timeout) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
