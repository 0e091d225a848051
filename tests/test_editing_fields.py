"""The editor's form fields: generated from the schema ``check`` uses, and faithful to pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entraide.content.problems import error
from entraide.content.schema import front_matter_schema
from entraide.content.taxonomy import Taxonomy, load_taxonomy
from entraide.content.validation import validate_text
from entraide.editing.field_lines import problem_field, problems_by_field
from entraide.editing.fields import (
    FIELD_TEXTS,
    NOT_EDITED,
    FieldKind,
    FormField,
    apply_form,
    form_fields,
)
from entraide.editing.page_text import page_text, values_of

TODAY = date.today()


def by_key(fields: tuple[FormField, ...]) -> dict[str, FormField]:
    return {f.key: f for f in fields}


def form_of(values: dict[str, object], fields: tuple[FormField, ...]) -> dict[str, list[str]]:
    """What the form posts when the person changes nothing (unticked boxes are absent)."""
    posted: dict[str, list[str]] = {}
    for f in fields:
        current: object = values
        for part in f.path:
            current = current.get(part) if isinstance(current, dict) else None
        if f.shown(current):
            posted[f.key] = f.shown(current)
    return posted


def test_choices_follow_a_taxonomy_change(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / "taxonomy.yml").read_text(encoding="utf-8")
    text = text.replace("themes:\n", "themes:\n  jardinage:\n    label: Jardins partagés\n", 1)
    text = text.replace("publics:\n", "publics:\n  marins:\n    label: Gens de mer\n", 1)
    (tmp_path / "taxonomy.yml").write_text(text, encoding="utf-8")
    fields = by_key(form_fields(load_taxonomy(tmp_path / "taxonomy.yml")))
    assert fields["themes"].choices[0] == ("jardinage", "Jardins partagés")
    assert ("marins", "Gens de mer") in fields["publics"].choices
    assert ("jardinage", "Jardins partagés") not in by_key(
        form_fields(load_taxonomy(repo_root / "taxonomy.yml"))
    )["themes"].choices


def test_choices_are_the_schema_slugs_with_taxonomy_labels(taxonomy: Taxonomy) -> None:
    schema = front_matter_schema(taxonomy)["properties"]
    fields = by_key(form_fields(taxonomy))
    assert [slug for slug, _ in fields["type"].choices] == list(taxonomy.types)
    assert set(dict(fields["type"].choices)) == set(schema["type"]["enum"])
    for key in ("mediation", "themes", "organisations", "publics"):
        assert fields[key].kind is FieldKind.MULTIPLE
        assert set(dict(fields[key].choices)) == set(schema[key]["items"]["enum"])
        for slug, label in fields[key].choices:
            assert label.startswith(taxonomy.label(key, slug)), (key, slug)
    assert dict(fields["mediation"].choices)["urgence"] == "Médiation d'urgence (faire pour)"
    assert fields["last_reviewed_on"].kind is FieldKind.DATE
    assert fields["review_in"].kind is FieldKind.PERIOD
    assert fields["sources"].kind is FieldKind.STRINGS
    assert fields["sources"].pattern == schema["sources"]["items"]["pattern"]
    assert fields["description"].kind is FieldKind.LONG_TEXT
    assert set(dict(fields["falc.status"].choices)) == set(taxonomy.handouts.falc_statuses)


def test_every_key_a_contributor_may_set_has_french_words(taxonomy: Taxonomy) -> None:
    """A key added to the schema must be given a label, or be declared not edited."""
    keys = {f.key for f in form_fields(taxonomy)}
    schema = front_matter_schema(taxonomy)["properties"]
    assert {k.split(".")[0] for k in keys} == set(schema) - NOT_EDITED
    assert keys <= set(FIELD_TEXTS)
    for f in form_fields(taxonomy):
        assert f.label != f.key and f.help, f.key


def _valid_page(repo_root: Path, taxonomy: Taxonomy, page_type: str) -> tuple[str, str]:
    folder = repo_root / "docs" / taxonomy.types[page_type].folder
    for path in sorted(folder.rglob("*.md")):
        docs_path = path.relative_to(repo_root / "docs").as_posix()
        text = path.read_text(encoding="utf-8")
        if (
            path.name != "index.md"
            and not validate_text(docs_path, docs_path, text, taxonomy, TODAY).has_errors
        ):
            return docs_path, text
    raise AssertionError(f"no valid page of type {page_type}")


def test_required_flags_are_what_check_requires(repo_root: Path, taxonomy: Taxonomy) -> None:
    """Removing a field from a valid page of each type fails ``check`` exactly when the form
    marks the field required for that type."""
    fields = form_fields(taxonomy)
    for page_type in taxonomy.types:
        docs_path, text = _valid_page(repo_root, taxonomy, page_type)
        values, body = values_of(text)
        values.setdefault("sources", ["F1427"])
        for f in (f for f in fields if len(f.path) == 1):
            reduced = {k: v for k, v in values.items() if k != f.key}
            problems = validate_text(
                docs_path, docs_path, page_text(reduced, body), taxonomy, TODAY
            ).problems
            missing = [p for p in problems if p.code == "missing-key"]
            assert bool(missing) == f.required(page_type), (page_type, f.key, problems)


def test_every_docs_page_round_trips(repo_root: Path) -> None:
    pages = sorted((repo_root / "docs").rglob("*.md"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        values, body = values_of(text)
        rewritten = page_text(values, body)
        assert values_of(rewritten) == (values, body), path
        assert page_text(values, body, original=text) == text, path


HEADER = """\
---
# Relue avec l'équipe de Die.
title: Demander le RSA
description: Faire la demande de RSA en ligne sur caf.fr avec la personne.
type: procedure
mediation: [urgence]
themes: [social-sante]
hide: [toc]   # pas de sommaire
local_note: {by: Drôme, keep: true}
owner: Réseau France Services de la Drôme
last_reviewed_on: 2026-09-21
review_in: 6 mois
sources:
  - F1427
  # la fiche de la CAF
  - https://www.caf.fr/
---
"""
BODY = "\n# Demander le RSA\r\n\nTexte.\n"


def test_editing_keeps_what_the_form_does_not_show(taxonomy: Taxonomy) -> None:
    fields = form_fields(taxonomy)
    text = HEADER + BODY
    values, body = values_of(text)
    form = form_of(values, fields)
    form["title"] = ["Demander le RSA en ligne"]
    form["publics"] = ["seniors"]
    edited = page_text(apply_form(values, fields, form), body, original=text)
    new_values, new_body = values_of(edited)
    assert new_body == BODY
    assert new_values["local_note"] == {"by": "Drôme", "keep": True}
    assert new_values["hide"] == ["toc"]
    before, after = text.splitlines(), edited.splitlines()
    assert [line for line in before if line not in after] == ["title: Demander le RSA"]
    assert [line for line in after if line not in before] == [
        "title: Demander le RSA en ligne",
        "publics: [seniors]",
    ]
    # Added where the form has it: after themes, before the next field the page has.
    assert after.index("publics: [seniors]") == after.index("themes: [social-sante]") + 1


def test_a_windows_page_keeps_its_byte_order_mark_and_line_endings(taxonomy: Taxonomy) -> None:
    fields = form_fields(taxonomy)
    text = "\ufeff" + (HEADER + BODY).replace("\n", "\r\n")
    values, body = values_of(text)
    form = form_of(values, fields)
    form["title"] = ["Demander le RSA en ligne"]
    edited = page_text(apply_form(values, fields, form), body, original=text)
    assert edited == text.replace(
        "title: Demander le RSA\r\n", "title: Demander le RSA en ligne\r\n"
    )


def test_an_unreadable_original_header_is_written_anew(taxonomy: Taxonomy) -> None:
    values, body = values_of(HEADER + BODY)
    for broken in ("---\ntitle: [oops\n---\nx\n", "---\ntitle: x\n"):
        assert values_of(page_text(values, body, original=broken)) == (values, body)


def test_unchanged_form_changes_nothing(taxonomy: Taxonomy, repo_root: Path) -> None:
    fields = form_fields(taxonomy)
    for path in sorted((repo_root / "docs" / "procedures" / "caf").glob("*.md"))[:4]:
        text = path.read_text(encoding="utf-8")
        values, body = values_of(text)
        reordered = form_of(values, fields)
        reordered["themes"] = list(reversed(reordered["themes"]))
        assert page_text(apply_form(values, fields, reordered), body, original=text) == text


def test_form_values_become_typed_front_matter(taxonomy: Taxonomy) -> None:
    fields = form_fields(taxonomy)
    values, _ = values_of(HEADER + BODY)
    form = form_of(values, fields)
    form["last_reviewed_on"] = ["2026-11-30"]
    form["sources"] = ["F1427\r\n\r\n  N31477 \nF1427"]
    form["fictitious_data"] = ["on"]
    form["falc.status"] = ["brouillon"]
    del form["mediation"]  # every box unticked
    del form["owner"]
    result = apply_form(values, fields, form)
    assert result["last_reviewed_on"] == date(2026, 11, 30)
    assert result["sources"] == ["F1427", "N31477"]
    assert result["fictitious_data"] is True
    assert result["falc"] == {"status": "brouillon"}
    # Required: kept empty, so check says what is missing beside the field.
    assert result["mediation"] == [] and result["owner"] == ""
    form["last_reviewed_on"] = ["30/11/2026"]
    assert apply_form(values, fields, form)["last_reviewed_on"] == "30/11/2026"
    del form["falc.status"]
    assert "falc" not in apply_form(values, fields, form)


def test_problems_land_on_their_field(taxonomy: Taxonomy) -> None:
    fields = form_fields(taxonomy)
    text = (
        HEADER.replace("themes: [social-sante]", "themes: [social-sante, logemnt]")
        .replace("owner: Réseau France Services de la Drôme\n", "")
        .replace("review_in: 6 mois", "review_in: bientôt")
        .replace("hide: [toc]", "falc: {status: relu, by: Die}\nhide: [toc]")
        .replace("https://www.caf.fr/", "caf.fr")
    ) + BODY.replace("Texte.", "Appeler le 06 12 34 56 78.")
    path = "procedures/caf/rsa.md"
    problems = validate_text(path, path, text, taxonomy, TODAY).problems
    by_field, others = problems_by_field(problems, text, fields)
    codes = {key: {p.code for p in found} for key, found in by_field.items()}
    assert codes["themes"] == {"unknown-value"}
    assert codes["owner"] == {"missing-key"}
    assert codes["review_in"] == {"invalid-period"}
    assert codes["sources"] == {"invalid-source"}
    assert codes["falc.status"] == {"invalid-falc"}
    assert "local_note" not in codes and all(p.code == "unknown-key" for p in others)
    assert [p.code for p in others] == ["unknown-key"]
    # A body problem (the phone number of the last line) belongs to no field.
    phone = error(path, text.count("\n"), "personal-data", "numéro de téléphone")
    assert problem_field(phone, text, fields) is None


@pytest.mark.parametrize("raw", [[""], ["  "], []])
def test_blank_optional_fields_are_left_out(taxonomy: Taxonomy, raw: list[str]) -> None:
    fields = form_fields(taxonomy)
    values, _ = values_of(HEADER + BODY)
    form = form_of(values, fields)
    form["aliases"] = raw
    form["organisations"] = raw
    result = apply_form(values, fields, form)
    assert "aliases" not in result and "organisations" not in result
