"""The live check and the preview of a draft, on the repository's own pages and settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from entraide.content.frontmatter import split_front_matter
from entraide.content.taxonomy import Taxonomy
from entraide.editing.limits import MAX_PAGE_BYTES
from entraide.editing.live_check import LiveChecker
from entraide.editing.preview import Previewer

PAGE = "procedures/caf/aide-au-logement.md"
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def checker(repo_root: Path, taxonomy: Taxonomy) -> LiveChecker:
    return LiveChecker(repo_root, repo_root / "docs", taxonomy, today=lambda: TODAY)


@pytest.fixture(scope="module")
def previewer(repo_root: Path, taxonomy: Taxonomy) -> Previewer:
    return Previewer.for_site(repo_root, taxonomy)


@pytest.fixture(scope="module")
def original(repo_root: Path) -> str:
    return (repo_root / "docs" / PAGE).read_text(encoding="utf-8")


def test_the_page_as_published_has_no_error(checker: LiveChecker, original: str) -> None:
    assert checker.check(PAGE, original).errors == ()


def test_an_unknown_value_is_placed_on_its_field(checker: LiveChecker, original: str) -> None:
    draft = original.replace("mediation: [urgence, autonomie]", "mediation: [urgense]")
    errors = checker.check(PAGE, draft).errors
    assert errors
    assert {problem.field for problem in errors} == {"mediation"}
    assert all(problem.body_line is None for problem in errors)
    assert "urgense" in errors[0].message


def test_personal_data_is_placed_on_its_body_line(checker: LiveChecker, original: str) -> None:
    header_end = original.index("\n# ") + 1
    draft = original[:header_end] + "# Titre\n\nAppelez Mme X au 06 12 34 56 78.\n"
    result = checker.check(PAGE, draft)
    assert result.has_personal_data
    found = [p for p in result.errors if p.code == "personal-data-phone"]
    assert len(found) == 1
    assert found[0].field is None
    _, body, _ = split_front_matter(draft)  # the body editor holds this text
    assert body.splitlines()[found[0].body_line - 1] == "Appelez Mme X au 06 12 34 56 78."
    assert result.as_dict()["personal_data"] is True


def test_a_script_is_an_error_and_never_previewed(
    checker: LiveChecker, previewer: Previewer, original: str
) -> None:
    draft = original.replace(
        "## Pièges fréquents",
        '<script>alert(1)</script>\n<img src=x onerror="alert(2)">\n\n## Pièges fréquents',
    )
    codes = {problem.code for problem in checker.check(PAGE, draft).errors}
    assert any("html" in code for code in codes), codes
    html = previewer.page_html(draft)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script")
    assert "alert(1)" not in html
    assert not [tag for tag in soup.find_all(True) if "onerror" in tag.attrs]


def test_the_preview_renders_both_tracks_as_the_site_does(
    previewer: Previewer, original: str
) -> None:
    soup = BeautifulSoup(previewer.page_html(original), "html.parser")
    tracks = [section["data-track"] for section in soup.select("section.entraide-track")]
    assert tracks == ["urgence", "autonomie"]
    assert soup.h1 is not None
    assert "aide au logement" in soup.h1.get_text()
    assert "mediation:" not in soup.get_text()


def test_an_oversized_draft_is_refused_unchecked(checker: LiveChecker, original: str) -> None:
    draft = original + "Texte de remplissage. " * (MAX_PAGE_BYTES // 10)
    result = checker.check(PAGE, draft)
    assert [problem.code for problem in result.errors] == ["page-too-large"]
    assert "trop longue" in result.errors[0].message


def test_a_missing_required_key_is_placed_on_its_field(checker: LiveChecker, original: str) -> None:
    draft = "\n".join(line for line in original.split("\n") if not line.startswith("owner:"))
    errors = checker.check(PAGE, draft).errors
    assert "owner" in {problem.field for problem in errors}


def test_a_merged_page_with_errors_is_refused_in_french(
    checker: LiveChecker, original: str
) -> None:
    assert checker.merge_refusal(PAGE, original, "main") is None
    broken = original.replace("\n## ", "\n<script>alert(1)</script>\n\n## ", 1)
    refusal = checker.merge_refusal(PAGE, broken, "principale")
    assert refusal is not None
    assert "telle que la fusion l'écrirait" in refusal and "principale" in refusal
