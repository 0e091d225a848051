"""``entraide check`` for files that are not pages: resource manifests and file metadata.

Every image and PDF under the docs folder is read for metadata, declared or
not: a photo dropped next to a guide leaks its GPS position just the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from entraide.content.problems import error
from entraide.content.validation import ValidationResult
from entraide.resources.manifest import MANIFEST, check_manifest
from entraide.resources.metadata import IMAGE_SUFFIXES, file_findings
from entraide.website.model import walk

_READ = IMAGE_SUFFIXES | {".pdf"}


def _files(docs_dir: Path, paths: Iterable[Path]) -> Iterator[Path]:
    for target in list(paths) or [docs_dir]:
        if target.is_dir():
            yield from (source for _, source in walk(target))
        elif target.is_file():
            yield target


def check_resources(
    root: Path, docs_dir: Path, paths: Iterable[Path] = ()
) -> list[ValidationResult]:
    """Manifests and metadata of the files under ``paths`` (default: the whole docs folder)."""
    results = []
    for path in _files(docs_dir, paths):
        resolved = path.resolve()
        inside = resolved.is_relative_to(root)
        relative = resolved.relative_to(root) if inside else resolved
        if any(part.startswith(".") for part in relative.parts):
            continue
        display = relative.as_posix() if inside else str(path)
        if path.name == MANIFEST:
            results.append(ValidationResult(None, check_manifest(display, path)))
        elif path.suffix.lower() in _READ and not (path.parent / MANIFEST).is_file():
            # Files of a folder with a manifest are reported at their declaration.
            problems = [error(display, 1, f.code, f.message) for f in file_findings(path)]
            results.append(ValidationResult(None, problems))
    return results
