"""What a command works on: this repository's site, or a network's merged site.

Every command that reads pages (check, freshness, new, index, search, build,
serve) asks here, so « in a network repository » means the same thing to all:
the folder holds ``entraide-reseau.yml`` (or one of its parents does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from entraide.content.taxonomy import Taxonomy, find_taxonomy, load_taxonomy
from entraide.network.layout import BASE_CACHE, find_network
from entraide.network.site import NetworkSite, open_network
from entraide.safety.assets import symlink_inside
from entraide.website.model import SiteModel


@dataclass(frozen=True)
class Workspace:
    """``root`` is where paths are shown from; ``settings_root`` holds mkdocs.yml and sources."""

    root: Path
    model: SiteModel
    taxonomy: Taxonomy
    settings_root: Path
    network: NetworkSite | None = None

    def indexed_pages(self) -> Iterator[tuple[str, Path]]:
        """What the search index holds: every published page, composed ones included.

        A page reached through a symbolic link is never indexed, as in a plain site
        (``search.indexing.markdown_files``): the build refuses it, and the link may
        point at any file the machine can read.
        """
        return (
            (file.path, file.source)
            for file in self.model.pages()
            if symlink_inside(file.source, file.layer.docs_dir) is None
        )


def open_workspace(start: Path, docs: Path | None = None, today: date | None = None) -> Workspace:
    """The network around ``start`` if there is one, else the repository at ``start``.

    Raises TaxonomyError, NetworkConfigError or BaseError (all French).
    """
    network_root = find_network(start)
    if network_root is not None:
        site = open_network(network_root, today)
        return Workspace(network_root, site.model, site.taxonomy, network_root / BASE_CACHE, site)
    root = start.resolve()
    docs_dir = (docs or root / "docs").resolve()
    return Workspace(
        root, SiteModel.plain(docs_dir, root), load_taxonomy(find_taxonomy(root)), root
    )
