"""A small site with the repository's configuration, theme and assets, and a few pages.

Builds of it take seconds, not the whole docs folder's half-minute: for tests that need
the real mkdocs.yml (its extensions, its plugin options) but not the real content.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.test_history_site import faq, write


def small_site(tmp_path: Path, repo_root: Path) -> Path:
    root = tmp_path / "petit"
    config = (repo_root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ \t].*\n?)*", "", config, flags=re.M)  # pages not copied
    root.mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy2(repo_root / "taxonomy.yml", root / "taxonomy.yml")
    shutil.copytree(repo_root / "overrides", root / "overrides")
    shutil.copytree(repo_root / "docs" / "assets", root / "docs" / "assets")
    write(
        root,
        {
            "docs/index.md": "# Accueil\n\nBienvenue.\n",
            "docs/contribuer.md": "# Contribuer\n\nProposez vos pages.\n",
            "docs/faq/index.md": (
                "---\ntitle: Questions fréquentes\ndescription: Les questions.\n---\n\n"
                "# Questions fréquentes\n\nLes questions des deux métiers.\n"
            ),
            "docs/faq/acces.md": faq("Accéder à un compte", "2026-11-01", "6 mois"),
        },
    )
    return root
