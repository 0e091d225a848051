"""A small site in a real Git repository, and the people who propose and review its pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

from entraide.proposals import Person

ALICE = Person(account="alice", name="Alice Martin")
BRUNO = Person(account="bruno", name="Bruno Petit")
RACHID = Person(account="rachid", name="Rachid Benali", email="rachid@example.org", may_review=True)
SOPHIE = Person(account="sophie", name="Sophie Durand", may_review=True)

PAGE = "procedures/caf/prime.md"


def page_text(title: str = "Demander la prime d'activité", step: str = "Se connecter.") -> str:
    return f"""\
---
title: {title}
description: Une procédure de test.
type: procedure
mediation: [urgence]
themes: [logement]
---

# {title}

## Étapes

{step}

## Pièges fréquents

Texte de la section.
"""


def git(root: Path, *args: str) -> str:
    """Run git as the site's maintainer (who is nobody of the editor)."""
    result = subprocess.run(
        ["git", "-c", "user.name=Mainteneur", "-c", "user.email=m@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def commit_files(root: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(root, "add", "--", name)
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def make_site_repo(root: Path) -> Path:
    """A repository with ``main`` checked out, two pages and the editor's state folder ignored."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    commit_files(
        root,
        {
            ".gitignore": ".entraide-edition/\n",
            f"docs/{PAGE}": page_text(),
            "docs/faq/partage.md": page_text("Partager son écran"),
        },
        "Premières pages",
    )
    return root


def all_refs(root: Path) -> str:
    """Every ref and its target: equal before and after means nothing was written."""
    return git(root, "for-each-ref", "--format=%(refname) %(objectname)")
