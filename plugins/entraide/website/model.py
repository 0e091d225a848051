"""The one model of a site: its files, the pages it generates, their URLs.

Every adapter reads the site through this module: the checker (which links
lead somewhere), the MkDocs plugin (which files to build), the indexer (which
pages to index) and the server's staleness check (which files to watch). A site
is one or more layers of docs folders, lowest first: a plain repository has one
(its ``docs/``); a network's site has the shared base and its local layer on
top, whose files win at the same path. Nothing here imports MkDocs.
"""

from __future__ import annotations

import enum
import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from entraide.content.listings import FACET_FOLDERS, facet_index_path, listing_path
from entraide.content.taxonomy import Taxonomy
from entraide.freshness.report import REVIEW_PAGE
from entraide.handouts.model import INDEX_PATH as HANDOUTS_INDEX
from entraide.history.recent import FEED, RECENT_PAGE
from entraide.search.site_paths import SEARCH_PAGE

MARKDOWN_SUFFIXES = (".md", ".markdown")
# MkDocs' own list (``mkdocs.utils.markdown_extensions``): what it renders as a page.
_MKDOCS_MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# MkDocs never publishes these (its default ``exclude_docs``: ``.*`` and ``/templates/``).
_EXCLUDED_TOP_FOLDER = "templates"


def is_hidden(relative: str) -> bool:
    """True for a docs-relative POSIX path MkDocs would not publish.

    The one rule every walk follows: a file or folder whose name starts with a
    dot, anywhere in the path, and the top-level ``templates/`` folder.
    """
    parts = relative.split("/")
    return any(part.startswith(".") for part in parts) or (
        len(parts) > 1 and parts[0] == _EXCLUDED_TOP_FOLDER
    )


def walk(folder: Path) -> Iterator[tuple[str, Path]]:
    """(docs-relative POSIX path, file) for every published file under ``folder``, sorted.

    Follows symbolic links as MkDocs does; hidden folders are not entered.
    """
    if not folder.is_dir():
        return
    for current, folders, files in os.walk(folder, followlinks=True):
        relative = Path(current).relative_to(folder).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        folders[:] = sorted(name for name in folders if not is_hidden(f"{prefix}{name}/x"))
        for name in sorted(files):
            path = f"{prefix}{name}"
            if not is_hidden(path):
                yield path, Path(current, name)


def is_markdown(path: str) -> bool:
    return path.endswith(MARKDOWN_SUFFIXES)


def url_for(path: str, use_directory_urls: bool) -> str:
    """The URL of a docs-relative file, relative to the site root, as MkDocs computes it.

    ``faq/acces.md`` is ``faq/acces/`` with directory URLs and ``faq/acces.html``
    without; ``index.md`` and ``README.md`` name their folder; the home page is
    ``./`` or ``index.html``; other files keep their path.
    """
    if path.endswith(_MKDOCS_MARKDOWN):
        parent, filename = posixpath.split(path)
        stem = posixpath.splitext(filename)[0]
        name = "index" if stem == "README" else stem
        if not use_directory_urls or name == "index":
            dest = posixpath.join(parent, f"{name}.html")
        else:
            dest = posixpath.join(parent, name, "index.html")
    else:
        dest = path
    folder, filename = posixpath.split(dest)
    if use_directory_urls and filename == "index.html":
        dest = (folder or ".") + "/"
    return quote(dest, safe="/#[]@!$&'()*+,;=:~")


def generated_pages(taxonomy: Taxonomy) -> frozenset[str]:
    """The docs paths the site adds at build time (listings, review list, news, feed, search).

    Pages may link to them although no file exists; the plugin generates exactly these.
    """
    paths = {REVIEW_PAGE, RECENT_PAGE, FEED, HANDOUTS_INDEX, SEARCH_PAGE}
    paths.update(facet_index_path(facet) for facet in FACET_FOLDERS)
    paths.update(
        listing_path(facet, slug) for facet in FACET_FOLDERS for slug in taxonomy.facet(facet)
    )
    return frozenset(paths)


class Side(enum.Enum):
    """Which layer a file comes from; messages name it in a network's site.

    ``GENERATED`` files are composed by the tool from the others (a shared page
    with its « Chez nous » block, the local directory): they are built and
    indexed, never checked, since their sources are.
    """

    PLAIN = ""
    BASE = "base"
    GENERATED = "généré"
    LOCAL = "local"


@dataclass(frozen=True)
class Layer:
    """One docs folder of the site; ``root`` is the repository its paths are shown from."""

    side: Side
    root: Path
    docs_dir: Path

    def display(self, source: Path) -> str:
        """``docs/faq/x.md``, or ``base : docs/faq/x.md`` / ``local : local/faq/x.md``."""
        root = self.root.resolve()
        # The link's own name first: a symbolic link is shown where it sits, not where it leads.
        if source.absolute().is_relative_to(root):
            shown = source.absolute().relative_to(root).as_posix()
        elif source.resolve().is_relative_to(root):
            shown = source.resolve().relative_to(root).as_posix()
        else:
            shown = source.as_posix()
        return f"{self.side.value} : {shown}" if self.side is not Side.PLAIN else shown


@dataclass(frozen=True)
class SiteFile:
    """A published file: ``path`` is where it sits in the site's docs, ``source`` on disk."""

    path: str
    source: Path
    layer: Layer

    @property
    def display(self) -> str:
        return self.layer.display(self.source)

    @property
    def is_markdown(self) -> bool:
        return is_markdown(self.path)


@dataclass(frozen=True, eq=False)
class SiteModel:
    """The layers of a site, lowest first; a later layer's file wins at the same path.

    The file list is walked once, on first use.
    """

    layers: tuple[Layer, ...]

    @classmethod
    def plain(cls, docs_dir: Path, root: Path | None = None) -> SiteModel:
        """The site of one docs folder, as in this repository."""
        docs_dir = docs_dir.resolve()
        return cls((Layer(Side.PLAIN, (root or docs_dir.parent).resolve(), docs_dir),))

    @property
    def top(self) -> Layer:
        """The layer new pages are written to."""
        return self.layers[-1]

    def layer(self, side: Side) -> Layer | None:
        return next((layer for layer in self.layers if layer.side is side), None)

    @cached_property
    def _layer_files(self) -> tuple[list[SiteFile], ...]:
        return tuple(
            [SiteFile(path, source, layer) for path, source in walk(layer.docs_dir)]
            for layer in self.layers
        )

    @cached_property
    def files(self) -> Mapping[str, SiteFile]:
        merged = {file.path: file for files in self._layer_files for file in files}
        return dict(sorted(merged.items()))

    def repository_path(self, shown: str, root: Path) -> str:
        """A path as :meth:`Layer.display` shows it to people (« local : local/x.md »),
        relative to ``root``, the repository a command runs in: what tools read (JSON,
        CI annotations), as in a plain repository."""
        for layer in self.layers:
            label = f"{layer.side.value} : "
            if layer.side is Side.PLAIN or not shown.startswith(label):
                continue
            path = layer.root.resolve() / shown.removeprefix(label)
            try:
                return path.relative_to(root.resolve()).as_posix()
            except ValueError:
                return path.as_posix()
        return shown

    def written_pages(self) -> Iterator[SiteFile]:
        """The pages as people wrote them: under a composed page, the page it was made from."""
        merged = {
            file.path: file
            for files in self._layer_files
            for file in files
            if file.layer.side is not Side.GENERATED and file.is_markdown
        }
        return iter(sorted(merged.values(), key=lambda file: file.path))

    def pages(self) -> Iterator[SiteFile]:
        """The Markdown files, sorted by docs path."""
        return (file for file in self.files.values() if file.is_markdown)

    def get(self, path: str) -> SiteFile | None:
        return self.files.get(path)

    @cached_property
    def _by_source(self) -> Mapping[Path, SiteFile]:
        return {file.source.resolve(): file for file in self.files.values()}

    def of_source(self, source: Path) -> SiteFile | None:
        """The published file read from ``source``, if the site publishes it."""
        return self._by_source.get(source.resolve())

    @cached_property
    def _written_by_source(self) -> Mapping[Path, SiteFile]:
        return {file.source.resolve(): file for file in self.written_pages()}

    @cached_property
    def _written_by_path(self) -> Mapping[str, SiteFile]:
        return {file.path: file for file in self.written_pages()}

    def written_page(self, path: str) -> SiteFile | None:
        """The page people wrote at ``path`` (under a composed page, the one it was made from)."""
        return self._written_by_path.get(path)

    def written_source(self, source: Path) -> SiteFile | None:
        """The written page read from ``source``, even when a composed page stands over it."""
        return self._written_by_source.get(source.resolve())
