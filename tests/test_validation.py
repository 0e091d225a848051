from __future__ import annotations

from datetime import date

import pytest

from entraide.content.frontmatter import parse_front_matter
from entraide.content.taxonomy import Taxonomy
from entraide.content.validation import validate_text
from tests.pages import page, replace

TODAY = date(2026, 11, 28)
PATH = "docs/procedures/ameli/carte-vitale.md"
DOCS_PATH = "procedures/ameli/carte-vitale.md"


def check(taxonomy: Taxonomy, text: str, docs_path: str = DOCS_PATH):
    return validate_text(PATH, docs_path, text, taxonomy, TODAY)


def test_valid_page_has_no_problem_and_a_model(taxonomy: Taxonomy) -> None:
    result = check(taxonomy, page())
    assert result.problems == []
    assert result.page is not None
    assert result.page.mediation == ("urgence", "autonomie")
    assert result.page.last_reviewed_on == date(2026, 10, 1)
    assert result.page.review_due == date(2027, 4, 1)


def test_broken_yaml_names_file_and_line(taxonomy: Taxonomy) -> None:
    text = replace("owner: Groupe de test\n", "owner: [Groupe de test\n")
    result = check(taxonomy, text)
    [problem] = result.problems
    assert problem.code == "yaml-syntax"
    assert problem.path == PATH
    assert problem.line in (9, 10, 11)
    assert "YAML" in problem.message and "illisible" in problem.message
    assert result.page is None


def test_unclosed_front_matter(taxonomy: Taxonomy) -> None:
    [problem] = check(taxonomy, "---\ntitle: x\n\n# Titre\n").problems
    assert problem.code == "yaml-syntax"
    assert "jamais refermé" in problem.message


def test_unknown_posture_points_at_its_line_and_suggests(taxonomy: Taxonomy) -> None:
    text = replace("mediation: [urgence, autonomie]", "mediation: [urgence, autonomy]")
    [problem] = check(taxonomy, text).problems
    assert problem.code == "unknown-value"
    assert problem.line == 5
    assert "« autonomy » n'existe pas" in problem.message
    assert "Vouliez-vous dire « autonomie »" in problem.message


def test_unknown_posture_on_a_multi_line_list(taxonomy: Taxonomy) -> None:
    text = replace("mediation: [urgence, autonomie]", "mediation:\n  - urgence\n  - urgense")
    [problem] = check(taxonomy, text).problems
    assert problem.line == 7


def test_missing_title_is_an_error_naming_the_key(taxonomy: Taxonomy) -> None:
    text = replace("title: Refaire sa carte Vitale\n", "")
    [problem] = check(taxonomy, text).problems
    assert problem.code == "missing-key"
    assert problem.path == PATH
    assert "le titre (title) manque" in problem.message


def test_procedure_requires_sources_but_faq_does_not(taxonomy: Taxonomy) -> None:
    text = replace("sources: [F13275]\n", "")
    [problem] = check(taxonomy, text).problems
    assert "sources" in problem.message
    faq = text.replace("type: procedure", "type: faq")
    assert check(taxonomy, faq, "faq/carte-vitale.md").problems == []


def test_scalar_posture_must_be_a_list(taxonomy: Taxonomy) -> None:
    text = replace("mediation: [urgence, autonomie]", "mediation: urgence")
    [problem] = check(taxonomy, text).problems
    assert problem.code == "not-a-list"
    assert "crochets" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("last_reviewed_on: 2026-10-01", "last_reviewed_on: 01/10/2026", "invalid-date"),
        ("last_reviewed_on: 2026-10-01", "last_reviewed_on: 2027-01-01", "future-review"),
        ("review_in: 6 mois", "review_in: bientôt", "invalid-period"),
        ("sources: [F13275]", "sources: [service-public]", "invalid-source"),
        ("themes: [social-sante]", "themes: []", "empty-list"),
        ("type: procedure", "type: tutoriel", "unknown-value"),
        (
            "title: Refaire sa carte Vitale",
            "title: Carte <img src=x onerror=alert(1)>",
            "markup-in-header",
        ),
        (
            "description: Commander",
            "description: <script>alert(1)</script> Commander",
            "markup-in-header",
        ),
    ],
)
def test_bad_values_are_errors(taxonomy: Taxonomy, old: str, new: str, code: str) -> None:
    problems = check(taxonomy, replace(old, new)).problems
    assert [p.code for p in problems] == [code]
    assert all(p.is_error and p.line > 1 for p in problems)


def test_unknown_key_is_a_warning_with_a_suggestion(taxonomy: Taxonomy) -> None:
    text = replace("owner: Groupe de test", "owner: Groupe de test\nowners: x")
    [problem] = check(taxonomy, text).problems
    assert not problem.is_error
    assert "Vouliez-vous dire « owner »" in problem.message


def test_wrong_folder_for_type_is_a_warning(taxonomy: Taxonomy) -> None:
    [problem] = check(taxonomy, page(), "faq/carte-vitale.md").problems
    assert problem.code == "type-folder-mismatch"
    assert "docs/procedures/" in problem.message


def test_content_page_without_front_matter_is_an_error(taxonomy: Taxonomy) -> None:
    [problem] = check(taxonomy, "# Une page\n").problems
    assert problem.code == "missing-front-matter"


def test_free_pages_pass_untouched(taxonomy: Taxonomy) -> None:
    assert check(taxonomy, "# Libre\n", "a-propos.md").problems == []
    assert check(taxonomy, "---\ntitle: Index\n---\n# x\n", "procedures/index.md").problems == []


def test_front_matter_lines_and_body() -> None:
    fm = parse_front_matter("---\na: 1\nb:\n  - x\n  - y\n---\n# Titre\n")
    assert fm.lines[("a",)] == 2
    assert fm.lines[("b", 1)] == 5
    assert fm.body == "# Titre\n"
    assert fm.body_line == 7
