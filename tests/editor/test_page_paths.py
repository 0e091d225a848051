"""Page paths from a browser: only real, hand-written Markdown pages inside docs/ pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.editing.page_paths import (
    PagePathError,
    docs_page_path,
    page_file,
    repository_path,
)
from entraide.website.model import generated_pages


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("faq/acces.md", "faq/acces.md"),
        ("  procedures/caf/prime-activite.md ", "procedures/caf/prime-activite.md"),
        ("index.md", "index.md"),
    ],
)
def test_plain_pages_pass(raw: str, expected: str) -> None:
    assert docs_page_path(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Aucune page"),
        ("../mkdocs.yml", "« .. »"),
        ("faq/../../secret.md", "« .. »"),
        ("faq/./acces.md", "« .. »"),
        ("faq//acces.md", "doubles barres"),
        ("/etc/passwd.md", "adresse absolue"),
        ("~/notes.md", "adresse absolue"),
        ("C:/Windows/x.md", "adresse absolue"),
        ("faq\\..\\..\\x.md", "barres obliques inverses"),
        (".git/config.md", "cachés"),
        ("faq/.brouillon.md", "cachés"),
        ("faq/acces.md\x00.png", "contrôle"),
        ("faq/acces.html", "Markdown"),
        ("faq/acces", "Markdown"),
        ("faq/aux.md", "Windows"),
        ("faq/a:b.md", "Windows"),
        ("assets/note.md", "fichiers du site"),
        ("a/" * 120 + "x.md", "trop long"),
    ],
)
def test_hostile_paths_are_refused_in_french(raw: str, reason: str) -> None:
    with pytest.raises(PagePathError) as refused:
        docs_page_path(raw)
    assert reason in str(refused.value)


def test_generated_pages_are_refused(taxonomy: Taxonomy) -> None:
    generated = generated_pages(taxonomy)
    listing = sorted(generated)[0]
    with pytest.raises(PagePathError, match="produite automatiquement"):
        docs_page_path(listing, generated)
    assert docs_page_path("faq/acces.md", generated) == "faq/acces.md"


def test_symbolic_links_out_of_docs_are_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "faq").mkdir(parents=True)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    (docs / "lien").symlink_to(outside)
    (docs / "faq" / "secret.md").symlink_to(outside / "secret.md")
    assert page_file(docs, "faq/acces.md") == docs.resolve() / "faq" / "acces.md"
    for path in ("lien/secret.md", "faq/secret.md"):
        with pytest.raises(PagePathError, match="lien symbolique"):
            page_file(docs, path)


def test_repository_path_names_the_page_as_git_does(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert repository_path(tmp_path, tmp_path / "docs", "faq/a.md") == "docs/faq/a.md"
    assert repository_path(tmp_path, tmp_path, "faq/a.md") == "faq/a.md"
