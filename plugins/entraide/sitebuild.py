"""Building the static site through MkDocs, and knowing when a build is stale.

Kept out of the domain on purpose: this is the one place that drives MkDocs as
a library, so moving to another generator means rewriting this file and the
plugin, not the content rules.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from entraide.sources.catalogue import CATALOGUE_PATH

if TYPE_CHECKING:
    from entraide.search.indexing import IndexReport
    from entraide.search.static_index import StaticIndexReport

STAMP_NAME = ".entraide-build.json"

# Material 9.8 prints an end-of-life banner on every run; it is known and tracked.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(Exception):
    """The build failed; the message is French and says what to do."""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    warnings: int
    search: IndexReport | None = None
    static_search: StaticIndexReport | None = None


def _inputs(config_file: Path, docs_dir: Path) -> Iterator[Path]:
    root = config_file.parent
    yield config_file
    # The catalogue decides the "fiche officielle modifiée" notices of the review page.
    for name in ("taxonomy.yml", "overrides", CATALOGUE_PATH.as_posix()):
        candidate = root / name
        if candidate.is_file():
            yield candidate
        elif candidate.is_dir():
            yield from sorted(p for p in candidate.rglob("*") if p.is_file())
    if docs_dir.is_dir():
        yield from sorted(p for p in docs_dir.rglob("*") if p.is_file())


def fingerprint(config_file: Path, docs_dir: Path) -> str:
    """A digest of every input's name, size and modification time."""
    digest = hashlib.sha256()
    for path in _inputs(config_file, docs_dir):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def docs_dir_of(config_file: Path) -> Path:
    """The docs folder a configuration names, resolved as MkDocs resolves it."""
    from mkdocs.config import load_config

    return Path(load_config(config_file=str(config_file))["docs_dir"])


def is_stale(config_file: Path, site_dir: Path) -> bool:
    stamp = site_dir / STAMP_NAME
    if not stamp.is_file():
        return True
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError):
        return True
    return bool(recorded != fingerprint(config_file, docs_dir_of(config_file)))


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _use_foreign_docs(config: Any) -> None:
    """Any folder of Markdown pages, with our theme and plugin: no fixed navigation.

    Its search index lives beside the output folder, never in the project's own.
    """
    config["nav"] = None
    site = Path(config["site_dir"])
    plugin = config.plugins.get("entraide")
    if plugin is not None:
        plugin.config["index_dir"] = str(site.parent / f".{site.name}.index")


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    strict: bool = False,
    docs_dir: Path | None = None,
) -> BuildResult:
    """Build the site (of ``docs_dir`` instead of the configured folder if given).

    Raise :class:`BuildError` when MkDocs stops.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise BuildError(f"{config_file} : fichier de configuration introuvable.")
    counter = _WarningCounter()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(counter)
    try:
        overrides = {"site_dir": str(site_dir)} if site_dir else {}
        if docs_dir is not None:
            overrides["docs_dir"] = str(docs_dir.resolve())
        config = load_config(config_file=str(config_file), strict=strict, **overrides)
        if docs_dir is not None:
            _use_foreign_docs(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except ConfigurationError as exc:
        raise BuildError(f"{config_file} : configuration invalide ({exc}).") from exc
    except Abort as exc:
        raise BuildError(
            f"construction arrêtée ({exc}). Corrigez les avertissements ci-dessus "
            "(chaque ligne indique le fichier et la ligne)."
        ) from exc
    finally:
        mkdocs_logger.removeHandler(counter)
    built = Path(config["site_dir"])
    stamp = {"fingerprint": fingerprint(config_file, Path(config["docs_dir"]))}
    (built / STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")
    plugin = config.plugins.get("entraide")
    return BuildResult(
        built, counter.count, getattr(getattr(plugin, "search", None), "index", None)
    )
