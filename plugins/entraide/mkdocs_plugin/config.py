"""Options of the ``entraide`` MkDocs plugin, each with its default."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class EntraideConfig(Config):
    # Taxonomy file, relative to mkdocs.yml. Default: taxonomy.yml beside it.
    taxonomy = c.Type(str, default="taxonomy.yml")
    # Validate front matter during the build (errors become warnings, so
    # `--strict` fails). Default: true.
    check_pages = c.Type(bool, default=True)
