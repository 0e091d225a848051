from __future__ import annotations

from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy, TaxonomyError, find_taxonomy, load_taxonomy


def test_repository_taxonomy_has_the_field_values(taxonomy: Taxonomy) -> None:
    assert set(taxonomy.types) >= {"procedure", "ruse", "faq"}
    assert set(taxonomy.mediation) == {"urgence", "autonomie"}
    for posture in taxonomy.mediation.values():
        assert posture.label and posture.explanation and posture.badge and posture.icon
    assert {"logement", "papiers-citoyennete", "identite-numerique"} <= set(taxonomy.themes)
    assert {"caf", "assurance-maladie", "dgfip", "france-travail", "ants"} <= set(
        taxonomy.organisations
    )
    assert {"seniors", "allophones", "handicap", "jeunes"} <= set(taxonomy.publics)
    assert taxonomy.acronyms["APL"] == "aide personnalisée au logement"
    assert any("secu" in group for group in taxonomy.synonyms)
    assert taxonomy.content_folders == {
        "procedures": "procedure",
        "pedagogy": "ruse",
        "faq": "faq",
        "cadre": "cadre",
        "evenements": "evenement",
        "entrainement/foyers": "persona",
        "entrainement/simulateurs": "simulateur",
    }


def test_training_types_default_to_autonomy(taxonomy: Taxonomy) -> None:
    for slug in ("persona", "simulateur"):
        assert taxonomy.types[slug].extra["default_mediation"] == ["autonomie"]


def test_broken_taxonomy_is_reported_in_french(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text("types:\n  procedure: [\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="YAML invalide"):
        load_taxonomy(path)
    path.write_text("types:\n  procedure:\n    folder: x\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="doit avoir un « label »"):
        load_taxonomy(path)


def test_find_taxonomy_walks_up(tmp_path: Path, repo_root: Path) -> None:
    (tmp_path / "taxonomy.yml").write_text("types: {}\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_taxonomy(nested) == tmp_path / "taxonomy.yml"
    assert find_taxonomy(Path("/")) == repo_root / "taxonomy.yml"
