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
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import entraide
from entraide.content.rendering import RenderingConfigError, load_site_config
from entraide.network.layout import BASE_CACHE, NETWORK_FILES
from entraide.network.layout import CONFIG_FILE as NETWORK_CONFIG_FILE
from entraide.sources.catalogue import CATALOGUE_PATH
from entraide.website.model import walk

if TYPE_CHECKING:
    from entraide.content.taxonomy import Taxonomy
    from entraide.search.indexing import IndexReport
    from entraide.search.static_index import StaticIndexReport

STAMP_NAME = ".entraide-build.json"

# Material 9.8 prints an end-of-life banner on every run; it is known and tracked.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(Exception):
    """The build failed; the message is French and says what to do.

    ``messages``: every warning the build logged, as printed (file and line
    first for the content rules), so whoever reports the failure can show them all.
    """

    def __init__(self, message: str, messages: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.messages = messages


@dataclass(frozen=True)
class BuildResult:
    """``messages``: every warning of the build, as printed (see :class:`BuildError`)."""

    site_dir: Path
    warnings: int
    search: IndexReport | None = None
    messages: tuple[str, ...] = ()
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


def network_root(config_file: Path) -> Path | None:
    """The network repository ``config_file`` (its generated ``.entraide-site.yml``) builds."""
    root = config_file.resolve().parent
    return root if (root / NETWORK_CONFIG_FILE).is_file() else None


def network_config_file(root: Path) -> Path:
    """Compose the network's merged site and write the configuration MkDocs builds it from.

    Raises NetworkConfigError, BaseError or TaxonomyError (French messages).
    """
    from entraide.mkdocs_plugin.network import write_config
    from entraide.network.site import open_network

    return write_config(open_network(root))


def _inputs(config_file: Path, docs_dir: Path) -> Iterator[Path]:
    root = config_file.parent
    yield config_file
    settings = root
    network = network_root(config_file)
    if network is not None:
        # What the network edits; the generated pages follow from these and the base.
        settings = network / BASE_CACHE
        yield settings / "mkdocs.yml"
        for name in NETWORK_FILES:
            candidate = network / name
            if candidate.is_file():
                yield candidate
            else:
                yield from (source for _, source in walk(candidate))
    # The catalogue decides the "fiche officielle modifiée" notices of the review page.
    for name in ("taxonomy.yml", CATALOGUE_PATH.as_posix()):
        candidate = settings / name
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


def built_without_warnings(site_dir: Path) -> bool:
    """Whether the build of ``site_dir`` logged no warning (so every page passed the checks)."""
    try:
        stamp = json.loads((site_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and stamp.get("warnings") == 0


def is_stale(config_file: Path, site_dir: Path) -> bool:
    recorded = recorded_fingerprint(site_dir)
    return recorded is None or recorded != fingerprint(config_file, docs_dir_of(config_file))


_LEVELS = {"WARNING": "AVERTISSEMENT", "ERROR": "ERREUR", "CRITICAL": "ERREUR"}


class _Warnings(logging.Handler):
    """Every warning MkDocs and our plugin log during one build, in French."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        label = _LEVELS.get(record.levelname, record.levelname)
        self.messages.append(f"{label} - {record.getMessage()}")


def staging_dir(site_dir: Path) -> Path:
    """Where a build is written before it replaces ``site_dir``."""
    return site_dir.with_name(f".{site_dir.name}.construction")


def _swap(staging: Path, site_dir: Path) -> None:
    """Put the new site in place of the old one; readers never see a half-built site.

    Where folders in use cannot be renamed (Windows), copies over instead.
    """
    retired = site_dir.with_name(f".{site_dir.name}.precedent")
    shutil.rmtree(retired, ignore_errors=True)
    try:
        if site_dir.exists():
            site_dir.replace(retired)
        staging.replace(site_dir)
    except OSError:
        if retired.exists() and not site_dir.exists():
            retired.replace(site_dir)
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.copytree(staging, site_dir, dirs_exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)


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
    # Firefox gives each file:// page an origin of its own, so 'self' would not cover
    # the site's own scripts there: the Content-Security-Policy names file: too.
    plugin = config.plugins.get("entraide")
    if plugin is not None:
        plugin.config["csp_file_scheme"] = True


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
    """Build the site beside ``site_dir``, then swap it in; raise :class:`BuildError`.

    A failed build (MkDocs stops, or any warning under ``strict``) leaves the
    previous site and the search index exactly as they were: what ``check``
    refuses never reaches the published folder nor the search.

    ``offline``: for reading from disk (``file://``): links to ``.html`` files, nothing
    fetched from elsewhere (``entraide bundle``). ``docs_dir``: build that folder of
    pages instead of the configured one (``entraide build --docs``).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise BuildError(f"{config_file} : fichier de configuration introuvable.")
    warnings = _Warnings()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(warnings)
    staging: Path | None = None
    built = False
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
        target = Path(config["site_dir"])
        staging = staging_dir(target)
        shutil.rmtree(staging, ignore_errors=True)
        config["site_dir"] = str(staging)
        _defer_search(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        built = True
    except ConfigurationError as exc:
        raise BuildError(
            f"{config_file} : configuration invalide ({exc}).", tuple(warnings.messages)
        ) from exc
    except Abort as exc:
        raise BuildError(
            f"construction arrêtée ({exc}). Corrigez chaque message (fichier et ligne) ; "
            "le site déjà publié et l'index de recherche n'ont pas été modifiés.",
            tuple(warnings.messages),
        ) from exc
    finally:
        mkdocs_logger.removeHandler(warnings)
        if not built and staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    stamp = {
        "fingerprint": fingerprint(config_file, Path(config["docs_dir"])),
        "warnings": len(warnings.messages),
    }
    (staging / STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")
    index, static = _publish_search(config_file, config, staging)
    _swap(staging, target)
    config["site_dir"] = str(target)
    return BuildResult(target, len(warnings.messages), index, tuple(warnings.messages), static)


def _defer_search(config: Any) -> None:
    """The plugin writes no search index during the build: :func:`_publish_search` does."""
    search = getattr(config.plugins.get("entraide"), "search", None)
    if search is not None:
        search.deferred = True


def _publish_search(
    config_file: Path, config: Any, staging: Path
) -> tuple[IndexReport | None, StaticIndexReport | None]:
    """The search index, only once the build succeeded, written into the new site before it
    replaces the old one (DESIGN §5: build = site + index). A network's index holds its
    merged pages and contacts."""
    from entraide.content.taxonomy import TaxonomyError
    from entraide.network.base import BaseError
    from entraide.network.config import NetworkConfigError
    from entraide.search.errors import SearchError

    plugin = config.plugins.get("entraide")
    if plugin is None:
        return None, None
    index_dir = plugin.index_dir
    try:
        index = index_site(config_file, Path(config["docs_dir"]), index_dir)
        static = plugin.export_search(config, index_dir)
    except (SearchError, TaxonomyError, NetworkConfigError, BaseError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(
            f"site non publié : l'index de recherche n'a pas pu être écrit ({exc})."
        ) from exc
    return index, static


def index_site(config_file: Path, docs_dir: Path, index_dir: Path) -> IndexReport:
    """Update the search index of the site ``config_file`` builds, a network's merged one included.

    Raises SearchError, TaxonomyError, NetworkConfigError or BaseError (French messages).
    """
    from entraide.content.taxonomy import find_taxonomy, load_taxonomy
    from entraide.network.workspace import open_workspace
    from entraide.search.indexing import update_index

    network = network_root(config_file)
    if network is None:
        taxonomy = load_taxonomy(find_taxonomy(config_file.parent))
        return update_index(docs_dir, index_dir, taxonomy)
    workspace = open_workspace(network)
    pages = list(workspace.indexed_pages())
    return update_index(docs_dir, index_dir, workspace.taxonomy, pages=pages)


def site_taxonomy(config_file: Path) -> Taxonomy:
    """The taxonomy of the site ``config_file`` builds (a network's: shared plus local values)."""
    from entraide.content.taxonomy import find_taxonomy, load_taxonomy
    from entraide.network.workspace import open_workspace

    network = network_root(config_file)
    if network is None:
        return load_taxonomy(find_taxonomy(config_file.parent))
    return open_workspace(network).taxonomy
