"""A small real site in a real Git repository, for the editor's tests to propose changes to.

Built on :func:`tests.small_site.small_site` (the repository's configuration,
theme and assets), plus a procedure with both tracks, committed on ``main``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.pages import VALID_FRONT_MATTER
from tests.small_site import small_site

PROCEDURE = "procedures/assurance-maladie/carte-vitale.md"

PROCEDURE_TEXT = f"""\
---
{VALID_FRONT_MATTER}---

# Refaire sa carte Vitale

La commande d'une nouvelle carte Vitale se fait en ligne, sur le compte ameli.

## Prérequis

- Le compte ameli de la personne et une photo d'identité numérique.

## Étapes

1. Ouvrir le compte ameli, rubrique « Mes démarches ».
2. Choisir « Commander une carte Vitale » et joindre la photo.

/// urgence
La carte est perdue et la personne a un rendez-vous médical : commandez la carte
avec elle, puis imprimez l'attestation de droits en attendant.
///

/// autonomie
Montrez où se trouve la rubrique, puis laissez la personne faire la commande
elle-même, photo comprise.
///

## Pièges fréquents

- Une photo refusée parce qu'elle est trop sombre.

## En cas de blocage

- Le 3646, numéro de l'Assurance maladie.

## Données personnelles et mandat

Ne gardez ni la photo ni l'attestation sur le poste.

## Sources officielles

- La fiche service-public F13275.
"""

SECTION_TEXT = """\
---
title: Procédures
description: Les démarches, organisme par organisme.
---

# Procédures

Les démarches, organisme par organisme.
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def editing_site(tmp_path: Path, repo_root: Path) -> Path:
    """The site's folder, a Git repository whose ``main`` holds one commit of every file."""
    root = small_site(tmp_path, repo_root)
    docs = root / "docs"
    (docs / PROCEDURE).parent.mkdir(parents=True)
    (docs / PROCEDURE).write_text(PROCEDURE_TEXT, encoding="utf-8")
    (docs / "procedures" / "index.md").write_text(SECTION_TEXT, encoding="utf-8")
    (root / ".gitignore").write_text("site/\n.entraide-index/\n.entraide-edition/\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "Mise en place des tests")
    git(root, "config", "user.email", "tests@entraide.invalid")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Site de test")
    return root
