"""Creating and updating the index: only pages whose content changed are rewritten."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from entraide.content.problems import Problem, warning
from entraide.content.repository import MARKDOWN_SUFFIXES
from entraide.content.taxonomy import Taxonomy
from entraide.search.documents import FACET_FIELDS, IndexedPage, read_page
from entraide.search.errors import SearchError
from entraide.search.schema import build_schema, fingerprint
from entraide.search.storage import (
    Pointer,
    new_indexname,
    read_pointer,
    remove_other_generations,
    write_pointer,
    writer_lock,
)

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
    """(POSIX path relative to docs, file); hidden folders and the index itself skipped."""
    index_dir = index_dir.resolve()
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if path.suffix not in MARKDOWN_SUFFIXES or any(p.startswith(".") for p in relative.parts):
            continue
        if path.resolve().is_relative_to(index_dir) or not path.is_file():
            continue
        yield relative.as_posix(), path


def _document(page: IndexedPage, digest: str) -> dict[str, object]:
    text = " ".join((page.title, page.description, page.headings, page.body))
    document: dict[str, object] = {
        "path": page.path,
        "url": page.url,
        "digest": digest,
        "title": page.title,
        "headings": page.headings,
        "description": page.description,
        "body": page.body,
        "ids": " ".join(page.ids),
        "words": text,
    }
    for key in FACET_FIELDS:
        document[key] = ",".join(page.facets.get(key, ()))
    return document


def _open_for_update(
    index_dir: Path, taxonomy: Taxonomy
) -> tuple[FileIndex, Pointer, dict[str, str], bool]:
    """The generation to write into, the digests it holds, and whether it is new."""
    wanted = fingerprint(taxonomy)
    try:
        pointer = read_pointer(index_dir)
    except SearchError:
        pointer = None
    if pointer is not None and pointer.fingerprint == wanted:
        try:
            index = whoosh_index.open_dir(str(index_dir), indexname=pointer.indexname)
            with index.reader() as reader:
                digests = {
                    fields["path"]: fields.get("digest", "")
                    for fields in reader.all_stored_fields()
                }
            return index, pointer, digests, False
        except Exception:  # A damaged generation is rebuilt, which is the fix we advertise.
            pass
    pointer = Pointer(new_indexname(), wanted)
    index = whoosh_index.create_in(str(index_dir), build_schema(taxonomy), pointer.indexname)
    return index, pointer, {}, True


def update_index(
    docs_dir: Path,
    index_dir: Path,
    taxonomy: Taxonomy,
    *,
    progress: Progress | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> IndexReport:
    """Bring the index up to date with ``docs_dir``; readers keep working meanwhile.

    A second writer waits up to ``lock_timeout`` seconds, then raises
    :class:`~entraide.search.errors.IndexBusyError`.
    """
    started = time.perf_counter()
    if not docs_dir.is_dir():
        raise SearchError(f"dossier de pages introuvable : {docs_dir}.")
    with writer_lock(index_dir, lock_timeout):
        index, pointer, digests, rebuilt = _open_for_update(index_dir, taxonomy)
        files = list(markdown_files(docs_dir, index_dir))
        writer: SegmentWriter = index.writer()
        added = updated = unchanged = 0
        problems: list[Problem] = []
        seen: set[str] = set()
        try:
            for done, (path, file) in enumerate(files, start=1):
                seen.add(path)
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
                    continue
                digest = hashlib.sha256(raw).hexdigest()[:32]
                previous = digests.get(path)
                if previous == digest:
                    unchanged += 1
                else:
                    document = _document(read_page(path, text, taxonomy), digest)
                    if previous is None:
                        writer.add_document(**document)
                        added += 1
                    else:
                        writer.update_document(**document)
                        updated += 1
                if progress is not None:
                    progress(done, len(files))
            removed = [path for path in digests if path not in seen]
            for path in removed:
                writer.delete_by_term("path", path)
        except BaseException:
            writer.cancel()
            raise
        if added or updated or removed or rebuilt:
            writer.commit()
        else:
            writer.cancel()
        if rebuilt:
            write_pointer(index_dir, pointer)
            remove_other_generations(index_dir, pointer.indexname)
    return IndexReport(
        added=added,
        updated=updated,
        removed=len(removed),
        unchanged=unchanged,
        seconds=time.perf_counter() - started,
        rebuilt=rebuilt,
        problems=tuple(problems),
    )
