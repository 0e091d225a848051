"""The editor's one rule for page names: docs-relative POSIX paths of Markdown pages."""

from __future__ import annotations

import pytest

from entraide.editing.page_paths import UnsafePagePathError, safe_page_path


@pytest.mark.parametrize("name", ["index.md", "procedures/caf/prime.md", "faq/sécurité-été.md"])
def test_pages_under_docs_are_accepted_unchanged(name: str) -> None:
    assert safe_page_path(name) == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../x.md", "« .. »"),
        ("a/./b.md", "« .. »"),
        ("/abs.md", "absolu"),
        ("a\\b.md", "interdit"),
        ("a/b.md\n", "interdit"),
        (".hidden.md", "caché"),
        ("a/b", ".md"),
        ("a/" * 120 + "b.md", "200"),
    ],
)
def test_other_names_are_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(UnsafePagePathError) as raised:
        safe_page_path(name)
    assert reason in str(raised.value)
