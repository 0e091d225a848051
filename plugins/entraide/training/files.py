"""Where the practice kit's data files live: YAML beside the pages of two types.

A persona page ``foyers/<slug>.md`` has its household in ``foyers/<slug>.yml``;
a simulator page ``simulateurs/<slug>.md`` its screens in ``simulateurs/<slug>.yml``.
The folders come from ``taxonomy.yml`` (the ``folder`` of each type).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from entraide.content.taxonomy import Taxonomy
from entraide.resources.manifest import MANIFEST
from entraide.website.model import walk

PERSONA = "persona"
SIMULATOR = "simulateur"
DATA_SUFFIX = ".yml"


def data_kind(docs_path: str, taxonomy: Taxonomy) -> str | None:
    """``persona`` or ``simulateur`` for a data file's docs path, else None."""
    path = PurePosixPath(docs_path)
    if path.suffix != DATA_SUFFIX:
        return None
    folder = path.parent.as_posix()
    for kind in (PERSONA, SIMULATOR):
        page_type = taxonomy.types.get(kind)
        if page_type is not None and page_type.folder == folder:
            return kind
    return None


def training_folders(docs_dir: Path, taxonomy: Taxonomy) -> list[Path]:
    return [
        docs_dir / taxonomy.types[kind].folder
        for kind in (PERSONA, SIMULATOR)
        if kind in taxonomy.types
    ]


def data_files(docs_dir: Path, taxonomy: Taxonomy, paths: Iterable[Path] = ()) -> Iterator[Path]:
    """The data files under ``paths`` (files or folders), or all of them under ``docs_dir``."""
    docs = docs_dir.resolve()
    targets = list(paths) or training_folders(docs, taxonomy)
    seen: set[Path] = set()
    for target in targets:
        candidates = (
            [source for path, source in walk(target) if path.endswith(DATA_SUFFIX)]
            if target.is_dir()
            else [target]
        )
        for candidate in candidates:
            resolved = candidate.resolve()
            try:
                docs_path = resolved.relative_to(docs).as_posix()
            except ValueError:
                continue
            if resolved not in seen and data_kind(docs_path, taxonomy):
                seen.add(resolved)
                yield resolved


def is_source_data(docs_path: str, taxonomy: Taxonomy) -> bool:
    """A data file the site renders from and never publishes as is.

    Households, simulators and download manifests (``ressources.yml``): the
    build takes them out of the published files, and rules about published
    assets (types, sizes) do not apply to them; ``entraide check`` has its own.
    """
    return data_kind(docs_path, taxonomy) is not None or PurePosixPath(docs_path).name == MANIFEST
