"""The practice kit in a real strict build: persona pages, their papers, downloads."""

from __future__ import annotations

import re
from html import unescape as html_text
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.indexing import update_index
from entraide.training.french import euros
from tests.build_helpers import build, captured_mkdocs_logs, html

FOYERS = Path("docs/entrainement/foyers")


def test_kit_builds_papers_from_data_downloads_and_no_raw_data(project: Path) -> None:
    """One build for the whole kit (builds are the costly part of the suite)."""
    kevin = project / FOYERS / "kevin-lefort.yml"
    kevin.write_text(
        kevin.read_text(encoding="utf-8").replace("monthly_net: 1052.00", "monthly_net: 1234.56"),
        encoding="utf-8",
    )
    with captured_mkdocs_logs() as logs:
        build(project)
    assert not [m for m in logs.messages if ".yml" in m]
    site = project / "site"
    assert not list(site.rglob("*.yml")), "les fichiers de données ne doivent pas être publiés"

    for data_file in sorted((project / FOYERS).glob("*.yml")):
        data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        slug = data_file.stem
        page = BeautifulSoup(html(project, f"entrainement/foyers/{slug}"), "html.parser")
        block = page.select_one(".entraide-persona")
        assert block is not None, slug
        # The page-history line stays the last thing of the page's text.
        assert block.find_next("aside", class_="entraide-history") is not None, slug
        # The rights table says it is an estimate, with the model's version and date.
        estimate = block.select_one(".entraide-estimation").get_text(" ")
        assert data["rights"]["model"] in estimate and "Estimations" in estimate
        links = [a["href"] for a in block.select("a[href$='.html']")]
        assert len(links) == len(data["papers"]), slug
        for paper in data["papers"]:
            text = (site / f"entrainement/foyers/{slug}/papiers/{paper}.html").read_text("utf-8")
            assert html_text(text).count("SPÉCIMEN — document fictif d'entraînement") >= 2
            assert "<script" not in text and "<img" not in text
            assert data["people"][0]["last_name"].upper() in text or paper == "titre-sejour"

    slip = (site / "entrainement/foyers/kevin-lefort/papiers/bulletin-salaire.html").read_text(
        encoding="utf-8"
    )
    assert re.search(r"1\u202f234,56\u00a0€", slip), "le bulletin vient des données du foyer"

    # The CAF paper prints the estimated right, the same figure as the persona page.
    sofia = yaml.safe_load((project / FOYERS / "sofia-benali.yml").read_text(encoding="utf-8"))
    rsa = euros(sofia["rights"]["amounts"]["rsa"])
    caf = (site / "entrainement/foyers/sofia-benali/papiers/attestation-caf.html").read_text(
        "utf-8"
    )
    assert rsa in caf and rsa in html(project, "entrainement/foyers/sofia-benali")

    downloads = BeautifulSoup(html(project, "entrainement/ressources"), "html.parser")
    row = downloads.select_one(".entraide-ressources tbody tr")
    assert row is not None
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[2] == "PDF, 32 Ko" and cells[3] == "CC BY-SA 4.0"
    assert (site / "entrainement/ressources/grille-lecture-courrier.pdf").is_file()


def test_broken_household_fails_the_strict_build_with_file_and_line(project: Path) -> None:
    sofia = project / FOYERS / "sofia-benali.yml"
    text = sofia.read_text(encoding="utf-8").replace("zone: 2", "zone: 7")
    sofia.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  zone: 7") + 1
    with captured_mkdocs_logs() as logs:
        try:
            build(project)
        except Exception as exc:
            assert "construction arrêtée" in str(exc)
        else:
            raise AssertionError("la construction stricte aurait dû s'arrêter")
    assert any(f"docs/entrainement/foyers/sofia-benali.yml:{line}:" in m for m in logs.messages)


def test_personas_and_simulators_are_found_by_search_and_type(
    repo_root: Path, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    update_index(repo_root / "docs" / "entrainement", tmp_path / "index", taxonomy)
    engine = SearchEngine(tmp_path / "index", taxonomy)
    found = engine.search("retraitée qui vit seule", filters={"type": ["persona"]}).as_dict()
    assert found["results"][0]["path"] == "foyers/josiane-marchal.md"
    found = engine.search("actualisation", filters={"type": ["simulateur"]}).as_dict()
    assert found["results"][0]["path"] == "simulateurs/actualisation-france-travail.md"
    found = engine.search("rsa", filters={"mediation": ["autonomie"], "type": ["simulateur"]})
    assert "simulateurs/declaration-trimestrielle-rsa.md" in [
        r["path"] for r in found.as_dict()["results"]
    ]
