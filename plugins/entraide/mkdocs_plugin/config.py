"""Options of the ``entraide`` MkDocs plugin, each with its default."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CmsOptions(Config):
    """``cms:``, a form editor for sites published from GitHub or GitLab (README, « Éditer
    depuis GitHub ou GitLab »)."""

    # Which CMS the admin/ page loads: none, decap or sveltia. Default: none (no admin/).
    name = c.Choice(("none", "decap", "sveltia"), default="none")
    # The Git host the CMS commits to: github or gitlab. Default: github.
    backend = c.Choice(("github", "gitlab"), default="github")
    # The repository, owner/name on that host (required with a CMS). Default: none.
    repo = c.Type(str, default="")
    # The branch pull requests are opened against. Default: main.
    branch = c.Type(str, default="main")
    # GitHub only: people without write access propose from a fork. Default: false.
    open_authoring = c.Type(bool, default=False)
    # Sign-in server: the OAuth proxy (GitHub), or a self-hosted GitLab's address.
    # Default: the CMS's own (Netlify's for GitHub, gitlab.com for GitLab).
    base_url = c.Type(str, default="")
    # A self-hosted GitLab's API, e.g. https://gitlab.example.org/api/v4. Default: gitlab.com's.
    api_root = c.Type(str, default="")
    # GitLab only: an OAuth application's ID, for sign-in without a server (PKCE).
    # Default: none.
    app_id = c.Type(str, default="")


class EntraideConfig(Config):
    # Taxonomy file, relative to mkdocs.yml. Default: taxonomy.yml beside it.
    taxonomy = c.Type(str, default="taxonomy.yml")
    # Check every page during the build: its front matter, and what must never be
    # published (personal data, unsafe HTML, template markers left in). Errors
    # become warnings, so `--strict` fails. Links and anchors are MkDocs' own
    # `validation:`; required sections and sources are `entraide check`'s.
    # Default: true.
    check_pages = c.Type(bool, default=True)
    # Search index of the pages (Whoosh), relative to mkdocs.yml; each build updates
    # it incrementally and writes its static copy into the site (assets/recherche/),
    # which the search page reads. Default: .entraide-index beside mkdocs.yml.
    index_dir = c.Type(str, default=".entraide-index")
    # Write a Content-Security-Policy <meta> in every page (and .entraide-csp beside the
    # site, which `entraide serve` sends as a header). Default: true.
    content_security_policy = c.Type(bool, default=True)
    # Also allow file: in that policy, for a copy read from disk in browsers that give
    # each local file its own origin (Firefox; Chromium counts neighbours as 'self').
    # Default: false.
    csp_file_scheme = c.Type(bool, default=False)
    # Without a configured `nav:` (`entraide build --docs`), past this many pages the
    # navigation lists sections, index pages and the plugin's pages only: Material
    # prints it into every page (mkdocs_plugin/navigation.py says why). Default: 200.
    nav_max_pages = c.Type(int, default=200)

    # Old page paths (relative to docs/) -> their new path: a page that moved keeps
    # its old address, which sends readers on. Default: none.
    redirects = c.Type(dict, default={})

    # Also write admin/config.yml and admin/index.html, a Decap CMS or Sveltia CMS whose
    # fields are generated from taxonomy.yml and the page schema; every change becomes a
    # pull request. Default: none.
    cms = c.SubConfig(CmsOptions)
