"""Where things live in a network repository: one place for every file name.

People edit the first group; the tool writes the second (the pin) and keeps
the third out of Git (caches rebuilt from the pin at any time).
"""

from __future__ import annotations

from pathlib import Path

# Edited by the network.
CONFIG_FILE = "entraide-reseau.yml"
LOCAL_DIR = "local"
COMPLETIONS_DIR = "complements"
CONTACTS_FILE = "contacts.yml"
LOCAL_TAXONOMY_FILE = "taxonomie-locale.yml"
# Theme files of the network (``partials/entraide-badges.html``...), over the base's.
OVERRIDES_DIR = "overrides"
# Written by ``entraide network init`` and ``update``: the pinned base.
PIN_FILE = "entraide-base.yml"
# Never committed: the base's checkout, the generated pages and configuration.
BASE_CACHE = ".entraide-base"
GENERATED_DIR = ".entraide-site"
GENERATED_CONFIG = ".entraide-site.yml"
# Every input of a network's site that lives in its own repository.
NETWORK_FILES = (
    CONFIG_FILE,
    PIN_FILE,
    CONTACTS_FILE,
    LOCAL_TAXONOMY_FILE,
    LOCAL_DIR,
    COMPLETIONS_DIR,
)
IGNORED = (f"{BASE_CACHE}/", f"{GENERATED_DIR}/", GENERATED_CONFIG, "site/", ".entraide-index/")
# Where the site publishes what only the network knows (paths in the merged docs).
DIRECTORY_PAGE = "chez-nous/qui-appeler.md"
HIDDEN_PAGE_NOTE = "Page partagée non publiée par ce réseau"


def find_network(start: Path) -> Path | None:
    """The network repository holding ``start`` (the nearest folder with its configuration)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None
