"""Where the browser editor keeps what is not content: accounts, the session key,
proposal worktrees and records.

One folder beside ``mkdocs.yml``, never under ``docs/`` and never committed, so
nothing of it is published or indexed, and deleting it only signs everyone out.
"""

from __future__ import annotations

from pathlib import Path

STATE_FOLDER = ".entraide-edition"


def state_dir(root: Path) -> Path:
    """The editor's state folder for the site whose ``mkdocs.yml`` is in ``root``."""
    return root / STATE_FOLDER
