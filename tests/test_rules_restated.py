"""One rule per question: restating a rule that has a reference page is a warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.problems import Severity
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

FRONT = """\
---
title: Une question
description: Une question fréquente pour les tests.
type: faq
mediation: [urgence]
themes: [cadre-mandat]
owner: Groupe de test
last_reviewed_on: 2026-11-01
review_in: 6 mois
---

# Une question

"""


def restated(taxonomy: Taxonomy, tmp_path: Path, body: str, path: str = "faq/q.md") -> list:
    context = CheckContext(tmp_path, taxonomy, date(2026, 12, 2))
    result = check_page(f"docs/{path}", path, FRONT + body, context)
    return [p for p in result.problems if p.code == "restated-rule"]


def test_the_repository_lists_a_reference_page_for_each_rule(
    taxonomy: Taxonomy, repo_root: Path
) -> None:
    slugs = {rule.slug for rule in taxonomy.reference_rules}
    assert slugs == {
        "carnet-de-mots-de-passe",
        "mandat-ecrit-de-la-structure",
        "saisir-en-presence-de-la-personne",
    }
    for rule in taxonomy.reference_rules:
        assert (repo_root / "docs" / rule.page).is_file(), rule.page


def test_a_restated_rule_is_a_warning_at_its_line(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = "Un premier paragraphe.\n\nNotez l'indice du\nmot de passe, pas le reste.\n"
    [problem] = restated(taxonomy, tmp_path, body)
    assert problem.severity is Severity.WARNING
    assert problem.line == FRONT.count("\n") + 3
    assert "« Noter ses mots de passe dans un carnet »" in problem.message
    assert "« ../cadre/carnet-de-mots-de-passe.md »" in problem.message


def test_case_and_accents_do_not_hide_it(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = "Faites-le EN SA PRESENCE.\n\nLe Mandat Ecrit De Votre Structure suffit.\n"
    rules = [p.message.split("»")[0] for p in restated(taxonomy, tmp_path, body)]
    assert sorted(rules) == [
        "ce passage reprend la règle « Le mandat écrit de la structure ",
        "ce passage reprend la règle « Saisir pour la personne en sa présence, ou avec un mandat ",
    ]


def test_a_link_in_the_same_paragraph_makes_it_a_reminder(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    linked = (
        "Tapez pour elle en sa présence, selon\n"
        "[la règle](../cadre/saisir-en-presence-de-la-personne.md).\n"
    )
    assert restated(taxonomy, tmp_path, linked) == []
    elsewhere = linked.replace("selon\n", "selon.\n\n")
    assert len(restated(taxonomy, tmp_path, elsewhere)) == 1


def test_one_warning_per_paragraph_and_none_in_code_or_reference_pages(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    twice = "En sa présence, et encore en sa présence.\n"
    assert len(restated(taxonomy, tmp_path, twice)) == 1
    assert restated(taxonomy, tmp_path, "`en sa présence`\n") == []
    front = FRONT.replace("type: faq", "type: cadre")
    context = CheckContext(tmp_path, taxonomy, date(2026, 12, 2))
    result = check_page("docs/cadre/x.md", "cadre/x.md", front + twice, context)
    assert [p for p in result.problems if p.code == "restated-rule"] == []


def test_a_rule_without_phrases_is_a_french_taxonomy_error(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "types:\n  faq:\n    label: FAQ\nmediation:\n  urgence:\n    label: Urgence\n"
        "reference_rules:\n  carnet:\n    label: Le carnet\n    page: cadre/carnet.md\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match="« phrases » non vide"):
        load_taxonomy(path)
