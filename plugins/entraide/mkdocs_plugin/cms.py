"""The build's side of the Git-host CMS: ``admin/`` written into the site.

Written after the Content-Security-Policy pass on purpose: the admin page runs a
third-party application (the CMS, from a CDN, pinned) that needs what our
policy refuses to every reader page (``'unsafe-eval'`` for Decap, inline
styles, its Git host's API). It holds no contributed content, only the pinned
script and the generated configuration, so it gets no policy of ours rather
than a loosened one; reader pages keep theirs (README, « Éditer depuis GitHub
ou GitLab »).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from entraide.content.taxonomy import Taxonomy
from entraide.editing.cms import (
    ADMIN_FOLDER,
    NO_CMS,
    CmsConfigError,
    CmsSettings,
    admin_page,
    cms_config,
    config_text,
)
from entraide.mkdocs_plugin.config import CmsOptions
from entraide.website.model import SiteModel


def cms_settings(options: CmsOptions, config: MkDocsConfig) -> CmsSettings:
    """The plugin's ``cms:`` options, checked; a mistake stops the build with a French message."""
    settings = CmsSettings(
        name=options.name,
        backend=options.backend,
        repo=options.repo,
        branch=options.branch,
        open_authoring=options.open_authoring,
        base_url=options.base_url,
        api_root=options.api_root,
        app_id=options.app_id,
        site_url=config.site_url or "",
    )
    try:
        return settings.checked()
    except CmsConfigError as exc:
        raise PluginError(f"mkdocs.yml, plugin entraide : {exc}") from exc


def write_admin(site_dir: Path, settings: CmsSettings, taxonomy: Taxonomy, site: SiteModel) -> None:
    """``admin/config.yml`` and ``admin/index.html`` for the pages of the site's top layer
    (a network's own pages: the shared ones are edited in the shared repository)."""
    if settings.name == NO_CMS:
        return
    admin = site_dir / ADMIN_FOLDER
    admin.mkdir(parents=True, exist_ok=True)
    config = cms_config(taxonomy, site, settings)
    (admin / "config.yml").write_text(config_text(config), encoding="utf-8")
    (admin / "index.html").write_text(admin_page(settings), encoding="utf-8")
