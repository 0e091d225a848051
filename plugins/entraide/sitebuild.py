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
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import entraide
from entraide.content.rendering import RenderingConfigError, load_site_config
from entraide.sources.catalogue import CATALOGUE_PATH
from entraide.website.model import walk

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


# What else decides the built pages: our package (templates, assets, code) and the
# generator and theme it drives. An upgrade of any of them makes the built site stale.
PACKAGE_DIR = Path(entraide.__file__).parent
GENERATOR_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown")


def _theme_dir(config_file: Path) -> Path | None:
    """The theme overrides folder the configuration names (``theme.custom_dir``)."""
    try:
        theme = load_site_config(config_file).get("theme")
    except RenderingConfigError:
        return None  # the build itself will say what is wrong with the configuration
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / str(custom_dir) if custom_dir else None


def _files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _inputs(config_file: Path, docs_dir: Path) -> Iterator[Path]:
    root = config_file.parent
    yield config_file
    # The catalogue decides the "fiche officielle modifiée" notices of the review page.
    for name in ("taxonomy.yml", CATALOGUE_PATH.as_posix()):
        candidate = root / name
        if candidate.is_file():
            yield candidate
    theme_dir = _theme_dir(config_file)
    if theme_dir is not None and theme_dir.is_dir():
        yield from _files(theme_dir)
    yield from _files(PACKAGE_DIR)
    yield from (source for _, source in walk(docs_dir))


def _versions() -> str:
    installed = []
    for name in GENERATOR_DISTRIBUTIONS:
        try:
            installed.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            installed.append(f"{name} absent")
    return f"entraide=={entraide.__version__}\0" + "\0".join(installed)


def fingerprint(config_file: Path, docs_dir: Path) -> str:
    """A digest of every input's name, size and modification time, and of the versions of
    Entraide, MkDocs and its theme: `serve` rebuilds after an upgrade, not only after an edit."""
    digest = hashlib.sha256(_versions().encode())
    for path in _inputs(config_file, docs_dir):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def docs_dir_of(config_file: Path) -> Path:
    """The docs folder a configuration names, resolved as MkDocs resolves it."""
    from mkdocs.config import load_config

    return Path(load_config(config_file=str(config_file))["docs_dir"])


def site_settings(config_file: Path) -> tuple[Path, str]:
    """The docs folder and public address (empty if none) a configuration names.

    Raises :class:`BuildError` (French) when the configuration is missing or invalid.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        raise BuildError(f"{config_file} : fichier de configuration introuvable.")
    try:
        config = load_config(config_file=str(config_file))
    except ConfigurationError as exc:
        raise BuildError(f"{config_file} : configuration invalide ({exc}).") from exc
    return Path(config["docs_dir"]), str(config["site_url"] or "")


def recorded_fingerprint(site_dir: Path) -> str | None:
    """The fingerprint the build of ``site_dir`` recorded (None: no readable stamp).

    The one place the stamp is read; :func:`build_site` is the one place it is written.
    """
    try:
        value = json.loads((site_dir / STAMP_NAME).read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def is_stale(config_file: Path, site_dir: Path) -> bool:
    recorded = recorded_fingerprint(site_dir)
    return recorded is None or recorded != fingerprint(config_file, docs_dir_of(config_file))


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


# Material features that need a web server: instant loading fetches pages with XHR,
# which browsers refuse between file:// pages.
_SERVER_ONLY_FEATURES = ("navigation.instant", "navigation.instant.prefetch")


def _for_reading_from_disk(config: Any) -> None:
    """No request may leave the folder: no repository link (Material's script fetches its
    star count from the forge's API), no instant loading."""
    config["repo_url"] = None
    config["edit_uri"] = None
    features = config["theme"]["features"]
    features[:] = [f for f in features if f not in _SERVER_ONLY_FEATURES]


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
    *,
    offline: bool = False,
    docs_dir: Path | None = None,
) -> BuildResult:
    """Build the site; raise :class:`BuildError` when MkDocs stops.

    ``offline``: for reading from disk (``file://``): links to ``.html`` files, nothing
    fetched from elsewhere (``entraide bundle``). ``docs_dir``: build that folder of
    pages instead of the configured one (``entraide build --docs``).
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
        overrides: dict[str, Any] = {"site_dir": str(site_dir)} if site_dir else {}
        if offline:
            overrides["use_directory_urls"] = False
        if docs_dir is not None:
            overrides["docs_dir"] = str(docs_dir.resolve())
        config = load_config(config_file=str(config_file), strict=strict, **overrides)
        if offline:
            _for_reading_from_disk(config)
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
    search = getattr(config.plugins.get("entraide"), "search", None)
    return BuildResult(
        built,
        counter.count,
        getattr(search, "index", None),
        getattr(search, "static", None),
    )
