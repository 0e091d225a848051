"""``entraide new``: templates that pass the check once filled, the right folder, no overwrite."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy, load_taxonomy
from entraide.content.templates.drafts import DraftError, draft_page, slugify
from entraide.website.model import SiteModel
from tests.build_helpers import build, html
from tests.test_cli import entraide

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Demander l'APL à la CAF", "demander-l-apl-a-la-caf"),
        ("Carte grise : changement de titulaire", "carte-grise-changement-de-titulaire"),
        ("Une personne me donne son mot de passe : que faire ?", None),
        ("Cœur de métier — « faire avec »", "coeur-de-metier-faire-avec"),
        ("  Élève   ÉPN  ", "eleve-epn"),
    ],
)
def test_slugs_are_lowercase_ascii_with_hyphens(title: str, slug: str | None) -> None:
    result = slugify(title)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", result)
    if slug is not None:
        assert result == slug


def test_long_titles_are_cut_on_a_word() -> None:
    slug = slugify("Faire sa déclaration de revenus en ligne pour la première fois " * 3)
    assert len(slug) <= 60
    assert not slug.endswith("-")
    assert "faire-sa-declaration" in slug


def draft(taxonomy: Taxonomy, docs: Path, page_type: str, **options: list[str]):
    return draft_page(
        taxonomy, SiteModel.plain(docs), page_type, "Un titre : pour tester", today=TODAY, **options
    )


def errors(taxonomy: Taxonomy, docs: Path, docs_path: str, text: str) -> list[str]:
    context = CheckContext(docs, taxonomy, TODAY)
    result = check_page(f"docs/{docs_path}", docs_path, text, context)
    return [p.code for p in result.problems]


@pytest.mark.parametrize("page_type", ["procedure", "ruse", "faq", "evenement", "cadre"])
def test_every_template_is_complete_once_the_markers_are_replaced(
    taxonomy: Taxonomy, tmp_path: Path, page_type: str
) -> None:
    options = {"themes": ["logement"], "mediation": ["urgence", "autonomie"]}
    result = draft(taxonomy, tmp_path, page_type, organisations=["caf"], **options)
    found = errors(taxonomy, tmp_path, result.docs_path, result.text)
    # What only the author can write is marked, and the check says so.
    cites = "sources" in taxonomy.types[page_type].required_keys
    marked = {"template-placeholder", "no-source"} if cites else set()
    assert found and set(found) == {"template-placeholder"} | marked
    for section in taxonomy.types[page_type].required_sections:
        assert f"\n## {section}\n" in result.text
    filled = result.text.replace("À COMPLÉTER", "Rempli par l'autrice").replace(
        "sources: []", "sources: [F12345]"
    )
    assert errors(taxonomy, tmp_path, result.docs_path, filled) == []


def test_what_only_the_author_knows_is_marked(taxonomy: Taxonomy, tmp_path: Path) -> None:
    result = draft(taxonomy, tmp_path, "faq")
    found = errors(taxonomy, tmp_path, result.docs_path, result.text)
    assert "missing-key" not in found
    assert found.count("empty-list") == 2  # mediation and themes, with a hint each
    assert "mediation: []  # urgence (faire pour), autonomie (faire avec)" in result.text
    header = result.text.split("---\n")[1]
    assert yaml.safe_load(header)["title"] == "Un titre : pour tester"  # quoted as YAML needs
    assert "\n# Un titre : pour tester\n" in result.text
    assert f"last_reviewed_on: {TODAY.isoformat()}" in result.text


def test_tracks_follow_the_chosen_postures(taxonomy: Taxonomy, tmp_path: Path) -> None:
    both = draft(taxonomy, tmp_path, "procedure", organisations=["caf"]).text
    assert "/// urgence" in both and "/// autonomie" in both
    urgent = draft(taxonomy, tmp_path, "procedure", organisations=["caf"], mediation=["urgence"])
    assert "/// urgence" in urgent.text and "/// autonomie" not in urgent.text


def test_folders_per_type(taxonomy: Taxonomy, tmp_path: Path) -> None:
    assert draft(taxonomy, tmp_path, "ruse").docs_path == "pedagogy/un-titre-pour-tester.md"
    assert draft(taxonomy, tmp_path, "faq").docs_path == "faq/un-titre-pour-tester.md"
    by_theme = draft(taxonomy, tmp_path, "procedure", themes=["logement"])
    assert by_theme.docs_path == "procedures/logement/un-titre-pour-tester.md"


def test_procedures_go_where_their_organisation_already_lives(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    folder = tmp_path / "procedures/ameli"
    folder.mkdir(parents=True)
    (folder / "carte.md").write_text("---\norganisations: [assurance-maladie]\n---\n# C\n")
    (tmp_path / "procedures/caf").mkdir()
    (tmp_path / "procedures/caf/x.md").write_text(
        "---\norganisations: [caf, assurance-maladie]\n---\n"
    )
    result = draft(taxonomy, tmp_path, "procedure", organisations=["assurance-maladie"])
    assert result.docs_path == "procedures/ameli/un-titre-pour-tester.md"
    new_one = draft(taxonomy, tmp_path, "procedure", organisations=["mdph"])
    assert new_one.docs_path == "procedures/mdph/un-titre-pour-tester.md"


@pytest.mark.parametrize(
    ("page_type", "options", "message"),
    [
        ("procedur", {}, "Vouliez-vous dire « procedure »"),
        ("ruse", {"themes": ["logment"]}, "Vouliez-vous dire « logement »"),
        ("ruse", {"mediation": ["urgent"]}, "Vouliez-vous dire « urgence »"),
        ("procedure", {}, "précisez-le avec « --organisation »"),
    ],
)
def test_bad_requests_get_a_french_message(
    taxonomy: Taxonomy, tmp_path: Path, page_type: str, options: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(DraftError, match=re.escape(message)):
        draft(taxonomy, tmp_path, page_type, **options)


def test_cli_creates_the_page_and_refuses_to_overwrite(project: Path) -> None:
    args = ("new", "ruse", "Le jeu des sept erreurs", "--theme", "securite-numerique")
    created = entraide(*args, "--mediation", "autonomie", cwd=project)
    assert created.returncode == 0, created.stderr
    path = "docs/pedagogy/le-jeu-des-sept-erreurs.md"
    assert f"Page créée : {path}" in created.stdout
    page = project / path
    assert "# Le jeu des sept erreurs" in page.read_text(encoding="utf-8")
    page.write_text("mon brouillon", encoding="utf-8")
    again = entraide(*args, cwd=project)
    assert again.returncode == 1
    assert "existe déjà" in again.stderr
    assert page.read_text(encoding="utf-8") == "mon brouillon"
    checked = entraide("check", "docs/pedagogy", cwd=project)
    assert checked.returncode == 1


def test_cli_bad_theme_is_explained(project: Path) -> None:
    result = entraide("new", "faq", "Une question", "--theme", "logment", cwd=project)
    assert result.returncode == 2
    assert "« logment » n'existe pas pour --theme" in result.stderr
    assert not list((project / "docs/faq").glob("une-question*"))


SMALL_SITE = {
    "procedures/caf/prime-activite.md": ("Demander la prime d'activité", "caf, prime, revenus"),
    "procedures/caf/aide-logement.md": ("Demander une aide au logement", "APL, loyer, bail"),
    "procedures/ants/carte-grise.md": ("Refaire sa carte grise", "ANTS, véhicule"),
    "faq/mot-de-passe.md": ("Une personne me donne son mot de passe", "posture, refus"),
    "pedagogy/carnet.md": ("Le carnet de mots de passe", "identifiants, carnet"),
}


@pytest.fixture
def small_site(tmp_path: Path, repo_root: Path) -> Path:
    """A few pages whose closeness to a title is plain, so the ranking is stable."""
    (tmp_path / "taxonomy.yml").write_text(
        (repo_root / "taxonomy.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for path, (title, words) in SMALL_SITE.items():
        page = tmp_path / "docs" / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: {title}\n---\n\n# {title}\n\n{words}.\n")
    return tmp_path


def test_cli_shows_the_most_similar_pages_first(small_site: Path) -> None:
    title = "Demander la prime d'activité en ligne"
    result = entraide("new", "procedure", title, "--organisation", "caf", cwd=small_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Pages proches déjà écrites")
    similar = [line for line in lines[1:] if line.startswith("  - ")]
    assert similar == [  # at most three, and only pages that share words with the title
        "  - Demander la prime d'activité (docs/procedures/caf/prime-activite.md)",
        "  - Demander une aide au logement (docs/procedures/caf/aide-logement.md)",
    ]
    created = next(i for i, line in enumerate(lines) if line.startswith("Page créée"))
    assert lines.index(similar[-1]) < created
    assert (
        lines[created]
        == "Page créée : docs/procedures/caf/demander-la-prime-d-activite-en-ligne.md"
    )
    assert (small_site / ".entraide-index").is_dir()


def test_cli_a_first_page_on_a_subject(small_site: Path) -> None:
    result = entraide("new", "faq", "Zythologie comparée", "--theme", "loisirs", cwd=small_site)
    assert result.returncode == 0, result.stderr
    assert "Aucune page proche" in result.stdout
    assert (small_site / "docs/faq/zythologie-comparee.md").is_file()


def test_a_type_without_a_template_is_explained(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / "taxonomy.yml").read_text(encoding="utf-8")
    extra = "types:\n  atelier:\n    label: Atelier\n    folder: ateliers\n"
    (tmp_path / "taxonomy.yml").write_text(text.replace("types:\n", extra, 1), encoding="utf-8")
    taxonomy = load_taxonomy(tmp_path / "taxonomy.yml")
    with pytest.raises(DraftError, match="pas encore de modèle pour le type « atelier »"):
        draft_page(taxonomy, SiteModel.plain(tmp_path), "atelier", "Un atelier", today=TODAY)


def test_a_filled_draft_passes_the_check_and_the_strict_build(project: Path) -> None:
    created = entraide(
        "new",
        "procedure",
        "Déclarer un changement d'adresse",
        "--organisation",
        "caf",
        "--theme",
        "logement",
        "--mediation",
        "urgence",
        "autonomie",
        cwd=project,
    )
    assert created.returncode == 0, created.stderr
    path = project / "docs/procedures/caf/declarer-un-changement-d-adresse.md"
    filled = (
        path.read_text(encoding="utf-8")
        .replace("À COMPLÉTER", "Rempli par l'autrice")
        .replace("sources: []", "sources: [N31477]")
    )
    path.write_text(filled, encoding="utf-8")
    checked = entraide("check", "--format", "json", str(path), cwd=project)
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout) == []
    build(project, strict=True)
    page = html(project, "procedures/caf/declarer-un-changement-d-adresse")
    assert re.search(r"<h1[^>]*>Déclarer un changement d'adresse", page)
    assert "///" not in page  # the posture blocks became blocks, not text
