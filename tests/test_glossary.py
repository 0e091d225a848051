"""The field's jargon: one table from the taxonomy, tooltips on every page, a glossary page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from entraide.content.glossary import glossary_markdown, glossary_terms
from entraide.content.taxonomy import Taxonomy
from tests.build_helpers import build, html


def test_glossary_entries_win_and_get_a_capitalised_form(taxonomy: Taxonomy) -> None:
    small = replace(
        taxonomy,
        acronyms={"DTR": "déclaration trimestrielle de ressources", "CAF": "caisse"},
        glossary={"DTR": "Déclaration de chaque trimestre.", "indu": "Somme versée à tort."},
    )
    terms = glossary_terms(small)
    assert terms == {
        "DTR": "Déclaration de chaque trimestre.",
        "CAF": "Caisse",
        "indu": "Somme versée à tort.",
        "Indu": "Somme versée à tort.",
    }
    listing = glossary_markdown(small)
    assert listing.index("**CAF**") < listing.index("**DTR**") < listing.index("**indu**")
    assert "**DTR**\n:   Déclaration de chaque trimestre.\n" in listing


def test_the_repository_explains_the_jargon_the_pages_use(taxonomy: Taxonomy) -> None:
    terms = glossary_terms(taxonomy)
    for word in ("DTR", "CPI", "indu", "RAPO", "MNS", "SIP", "référent partenaire"):
        assert terms.get(word), word


def test_pages_get_tooltips_and_the_glossary_page_lists_every_term(project: Path) -> None:
    page = project / "docs/faq/sigles.md"
    page.write_text(
        "---\ntitle: Sigles\ndescription: Une page pour les tests.\ntype: faq\n"
        "mediation: [urgence]\nthemes: [cadre-mandat]\nowner: Groupe de test\n"
        "last_reviewed_on: 2026-11-01\nreview_in: 6 mois\n---\n\n# Sigles\n\n"
        "La DTR, un indu, le SIP et le CPI.\n\n*[SIP]: Le centre des impôts de la page\n",
        encoding="utf-8",
    )
    build(project)
    soup = BeautifulSoup(html(project, "faq/sigles"), "html.parser")
    titles = {abbr.get_text(): abbr["title"] for abbr in soup.select("article abbr")}
    assert titles["DTR"].startswith("Déclaration trimestrielle de ressources")
    assert titles["indu"].startswith("Somme versée à tort")
    assert titles["SIP"] == "Le centre des impôts de la page"
    glossary = BeautifulSoup(html(project, "glossaire"), "html.parser")
    defined = [dt.get_text() for dt in glossary.select("article dt")]
    assert {"CAF", "CPI", "référent partenaire", "trop-perçu"} <= set(defined)
    assert "entraide:glossaire" not in str(glossary)
