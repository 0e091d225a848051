"""Handouts in the built site: print views as generated files, the guide's handout section,
the « Facile à lire » label only when proofread, printed link addresses."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from entraide.content.review import french_date
from tests.build_helpers import build, html
from tests.conftest import ROOT

PROOFREAD = "falc: {status: relu, by: Atelier FALC de test, date: 2026-11-02}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("site-fiches")
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    page = project / "docs" / "procedures" / "caf" / "demande-rsa.md"
    text = page.read_text(encoding="utf-8")
    assert "falc: {status: brouillon}" in text
    page.write_text(text.replace("falc: {status: brouillon}", PROOFREAD), encoding="utf-8")
    build(project)
    return project


def test_print_view_holds_only_what_the_person_takes_home(site: Path) -> None:
    view = (site / "site" / "a-remettre" / "procedures" / "caf" / "prime-activite.html").read_text(
        encoding="utf-8"
    )
    assert "<h1>Demander la prime d'activité</h1>" in view
    assert "<h2>Les étapes</h2>" in view and "Gardez le reçu de votre demande." in view
    assert "<svg" in view and "Code QR vers service-public.fr/particuliers/vosdroits/F2882" in view
    assert "https://entraide.example.org/procedures/caf/prime-activite/" in view
    source = (site / "docs" / "procedures" / "caf" / "prime-activite.md").read_text("utf-8")
    reviewed = date.fromisoformat(source.split("last_reviewed_on: ", 1)[1][:10])
    assert f"Fiche vérifiée le {french_date(reviewed)}." in view
    for mediator_only in ("entraide-track", "Pièges fréquents", "md-sidebar", "md-search"):
        assert mediator_only not in view
    assert "Facile à lire" not in view  # a draft
    assert '<script src="../../../assets/entraide/emporter.js">' in view
    assert "<script>" not in view  # no inline script (Content-Security-Policy)
    assert (site / "site" / "assets" / "entraide" / "fiche.css").is_file()
    assert not (site / "docs" / "a-remettre").exists()


def test_facile_a_lire_label_only_when_proofread(site: Path) -> None:
    proofread = (
        site / "site" / "a-remettre" / "procedures" / "caf" / "demande-rsa.html"
    ).read_text(encoding="utf-8")
    assert '<p class="fiche__falc">Facile à lire</p>' in proofread
    guide = html(site, "procedures/caf/demande-rsa")
    assert '<span class="entraide-handout__falc">Facile à lire</span>' in guide
    assert "entraide-handout__falc" not in html(site, "procedures/caf/prime-activite")


def test_guide_page_links_its_handout_and_prints_link_addresses(site: Path) -> None:
    guide = html(site, "procedures/caf/prime-activite")
    assert '<h2 id="a-remettre-a-la-personne">À remettre à la personne<' in guide
    assert 'href="../../../a-remettre/procedures/caf/prime-activite.html"' in guide
    assert 'data-adresse="service-public.fr/particuliers/vosdroits/F2882"' in guide
    assert 'data-adresse="entraide.example.org/procedures/caf/declaration-trimestrielle-rsa"' in (
        guide
    )
    assert "assets/entraide/impression.css" in guide and "assets/entraide/emporter.js" in guide


def test_handout_index_lists_every_handout_by_theme_and_organisation(site: Path) -> None:
    index = html(site, "a-remettre")
    docs = site / "docs" / "procedures"
    with_handout = [p for p in docs.rglob("*.md") if "/// a-remettre" in p.read_text("utf-8")]
    assert len(with_handout) >= 20
    for page in with_handout:
        view = page.relative_to(site / "docs").with_suffix(".html").as_posix()
        assert f'href="../{view}"' not in index  # links are relative to the index folder
        assert f'href="{view}"' in index, view
    assert "Par thème" in index and "Par organisme" in index


def test_print_view_shows_raw_html_as_text(taxonomy) -> None:
    from entraide.handouts.print_view import print_view_html, sheet_for

    text = (ROOT / "docs" / "procedures" / "caf" / "prime-activite.md").read_text("utf-8")
    text = text.replace("Allez sur le site caf.fr.", "Allez <img src=x onerror=alert(1)> ici.")
    sheet = sheet_for("procedures/caf/prime-activite.md", text, "https://entraide.example.org/")
    assert sheet is not None
    view = print_view_html(sheet, taxonomy.handouts, "procedures/caf/prime-activite/")
    assert "&lt;img src=x onerror=alert(1)&gt;" in view and "<img" not in view
