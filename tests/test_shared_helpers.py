"""Helpers written once and used everywhere: folding and YAML values."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from entraide.content.folding import fold_accents
from entraide.content.frontmatter import yaml_scalar
from entraide.content.templates.drafts import slugify
from entraide.search.analyzer import fold
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Étapes", "etapes"),
        ("ŒUVRE d'Ærø", "oeuvre d'aero"),
        ("Sécurité sociale", "securite sociale"),
        ("nº 3", "n° 3"),
    ],
)
def test_one_folding_for_checks_file_names_and_search(text: str, folded: str) -> None:
    assert fold_accents(text) == folded
    assert fold(text) == folded  # the search index folds exactly the same way
    assert slugify(text) == "-".join(
        "".join(c if c.isascii() and c.isalnum() else " " for c in folded).split()
    )


def test_nothing_else_folds_accents_by_hand() -> None:
    """Accent folding was written four times; a fifth copy would drift again."""
    found = subprocess.run(
        ["git", "grep", "-l", "-e", "combining(", "-e", "accent_map", "--", "plugins"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert found == ["plugins/entraide/content/folding.py"]


@pytest.mark.parametrize(
    "text",
    [
        "Demander l'APL",
        "Titre : sous-titre",
        "# pas un commentaire",
        'Des "guillemets" & une esperluette',
        "- un tiret",
        "yes",
        "2026-01-01",
        "null",
        "  espaces autour ",
        "barre \\ oblique",
        "[crochets]",
    ],
)
def test_yaml_values_read_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"title: {yaml_scalar(text)}\n") == {"title": text}
