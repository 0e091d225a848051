"""Creating and updating the index: only pages whose content changed are rewritten."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from entraide.atomic_files import write_text_atomically
from entraide.content.problems import Problem, warning
from entraide.content.taxonomy import Taxonomy
from entraide.safety.assets import symlink_inside
from entraide.search.documents import (
    FACET_FIELDS,
    IndexedPage,
    excluded_from_search,
    read_page,
)
from entraide.search.errors import SearchError
from entraide.search.schema import build_schema, fingerprint
from entraide.search.storage import (
    Pointer,
    manifest_path,
    new_indexname,
    read_pointer,
    remove_other_generations,
    write_pointer,
    writer_lock,
)
from entraide.website.model import is_markdown, walk

log = logging.getLogger("entraide.search")

Progress = Callable[[int, int], None]

DEFAULT_LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class IndexReport:
    added: int
    updated: int
    removed: int
    unchanged: int
    seconds: float
    rebuilt: bool = False
    problems: tuple[Problem, ...] = ()

    @property
    def pages(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def markdown_files(docs_dir: Path, index_dir: Path) -> Iterator[tuple[str, Path]]:
    """(POSIX path relative to docs, file): the site's pages, the index itself skipped.

    A page reached through a symbolic link is never indexed: the build refuses it,
    and the link may point at any file the build can read (issue 18).
    """
    index_real = Path(os.path.realpath(index_dir))
    inside = index_real.is_relative_to(os.path.realpath(docs_dir))
    for path, file in walk(docs_dir):
        if (
            is_markdown(path)
            and symlink_inside(file, docs_dir) is None
            and not (inside and Path(os.path.realpath(file)).is_relative_to(index_real))
        ):
            yield path, file


def _document(page: IndexedPage, digest: str) -> dict[str, object]:
    text = " ".join((page.title, page.description, page.body))
    document: dict[str, object] = {
        "path": page.path,
        "url": page.url,
        "digest": digest,
        "title": page.title,
        "description": page.description,
        "body": page.body,
        "ids": " ".join(page.ids),
        "words": text,
    }
    for key in FACET_FIELDS:
        document[key] = ",".join(page.facets.get(key, ()))
    return document


def _write_manifest(
    index_dir: Path, pointer: Pointer, generation: int, digests: dict[str, str]
) -> None:
    """Digests per page, for the next update to compare without reading every stored page."""
    target = manifest_path(index_dir, pointer.indexname)
    write_text_atomically(target, json.dumps({"generation": generation, "digests": digests}))


def _stored_digests(
    index: FileIndex, index_dir: Path, pointer: Pointer
) -> tuple[dict[str, str], bool]:
    """From the manifest when it matches the index generation (True), else from the index.

    Opening a reader also proves the segments are readable, whichever way is used.
    """
    with index.reader() as reader:
        try:
            manifest = json.loads(manifest_path(index_dir, pointer.indexname).read_text("utf-8"))
            digests = {str(k): str(v) for k, v in manifest["digests"].items()}
            if manifest["generation"] == index.latest_generation() and (
                len(digests) == reader.doc_count()
            ):
                return digests, True
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        stored = reader.all_stored_fields()
        return {fields["path"]: fields.get("digest", "") for fields in stored}, False


@dataclass
class _Target:
    """The generation to write into and what it already holds."""

    index: FileIndex
    pointer: Pointer
    digests: dict[str, str]
    new: bool
    manifest_current: bool


# What a damaged or half-written generation raises when opened: a missing or truncated
# table of contents or segment (OSError, EOFError, pickle and struct errors), a file from
# another Whoosh version. Anything else is a bug: it is logged with its traceback.
_DAMAGED_GENERATION = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    struct.error,
    ValueError,
    KeyError,
    whoosh_index.IndexError,  # Whoosh's own: empty index, unknown version.
)


def _open_for_update(index_dir: Path, taxonomy: Taxonomy) -> _Target:
    wanted = fingerprint(taxonomy)
    try:
        pointer = read_pointer(index_dir)
    except SearchError as exc:
        log.info("Index de recherche : %s ; reconstruction complète.", exc)
        pointer = None
    remove_other_generations(index_dir, pointer.indexname if pointer else None)
    if pointer is not None and pointer.fingerprint == wanted:
        try:
            index = whoosh_index.open_dir(str(index_dir), indexname=pointer.indexname)
            digests, current = _stored_digests(index, index_dir, pointer)
            return _Target(index, pointer, digests, False, current)
        except _DAMAGED_GENERATION as exc:  # Rebuilt, which is the fix we advertise.
            log.info(
                "Index de recherche endommagé (%s : %s) ; reconstruction complète.",
                type(exc).__name__,
                exc,
            )
        except Exception:
            # Still rebuilt so search keeps working, but never silently: this is a bug.
            log.exception(
                "Erreur inattendue à l'ouverture de l'index de recherche ; reconstruction complète."
            )
    pointer = Pointer(new_indexname(), wanted)
    index = whoosh_index.create_in(str(index_dir), build_schema(taxonomy), pointer.indexname)
    return _Target(index, pointer, {}, True, False)


@dataclass(frozen=True)
class _Change:
    path: str
    text: str
    digest: str
    new: bool


def _write(
    index: FileIndex,
    changes: list[_Change],
    removed: list[str],
    taxonomy: Taxonomy,
    progress: Progress | None,
) -> None:
    """One commit: Whoosh renames the new table of contents into place at the very end."""
    writer: SegmentWriter = index.writer()
    try:
        for done, change in enumerate(changes, start=1):
            document = _document(read_page(change.path, change.text, taxonomy), change.digest)
            if change.new:
                writer.add_document(**document)
            else:
                writer.update_document(**document)
            if progress is not None:
                progress(done, len(changes))
        for path in removed:
            writer.delete_by_term("path", path)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def update_index(
    docs_dir: Path,
    index_dir: Path,
    taxonomy: Taxonomy,
    *,
    progress: Progress | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    pages: Iterable[tuple[str, Path]] | None = None,
) -> IndexReport:
    """Bring the index up to date with ``docs_dir``; readers keep working meanwhile.

    ``pages`` ((docs path, file) pairs) replaces the walk of ``docs_dir`` when a
    site stacks several folders (a network's base and local pages): the site
    model says which files the site publishes, and the index follows it.

    A second writer waits up to ``lock_timeout`` seconds, then raises
    :class:`~entraide.search.errors.IndexBusyError`.
    """
    started = time.perf_counter()
    if not docs_dir.is_dir():
        raise SearchError(f"dossier de pages introuvable : {docs_dir}.")
    with writer_lock(index_dir, lock_timeout):
        target = _open_for_update(index_dir, taxonomy)
        digests, rebuilt = target.digests, target.new
        changes: list[_Change] = []
        problems: list[Problem] = []
        current: dict[str, str] = {}
        listed = markdown_files(docs_dir, index_dir) if pages is None else pages
        for path, file in listed:
            try:
                raw = file.read_bytes()
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                problems.append(
                    warning(
                        path,
                        1,
                        "unreadable",
                        "page ignorée par la recherche : fichier illisible ou pas en UTF-8.",
                    )
                )
                if path in digests:
                    current[path] = digests[path]
                continue
            if excluded_from_search(text):
                continue  # Not current: an earlier copy in the index is removed below.
            digest = hashlib.sha256(raw).hexdigest()[:32]
            current[path] = digest
            if digests.get(path) != digest:
                changes.append(_Change(path, text, digest, path not in digests))
        removed = [path for path in digests if path not in current]
        if changes or removed or rebuilt:
            _write(target.index, changes, removed, taxonomy, progress)
        if changes or removed or rebuilt or not target.manifest_current:
            generation = target.index.latest_generation()
            _write_manifest(index_dir, target.pointer, generation, current)
        if rebuilt:
            write_pointer(index_dir, target.pointer)
            remove_other_generations(index_dir, target.pointer.indexname)
    added = sum(change.new for change in changes)
    return IndexReport(
        added=added,
        updated=len(changes) - added,
        removed=len(removed),
        unchanged=len(current) - len(changes),
        seconds=time.perf_counter() - started,
        rebuilt=rebuilt,
        problems=tuple(problems),
    )
