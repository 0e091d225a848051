"""The mediation plugin in real builds: badges, listings, tracks, review notices."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from entraide.content.taxonomy import load_taxonomy
from entraide.sitebuild import BuildError
from tests.build_helpers import build, captured_mkdocs_logs, html

_LISTING = re.compile(r"<!-- entraide:liste[^>]*-->")
RECENT = (date.today() - timedelta(days=10)).isoformat()

PAGES = {
    "procedures/caf/logement.md": """\
title: Demander une aide au logement
description: Faire la demande d'aide au logement sur caf.fr.
type: procedure
mediation: [urgence, autonomie]
themes: [logement]
organisations: [caf]
publics: [seniors]
owner: Groupe de test
last_reviewed_on: 2020-01-15
review_in: 6 mois
sources: [F12006]
""",
    "procedures/ameli/vitale.md": f"""\
title: Commander une carte Vitale
description: Commander une nouvelle carte Vitale depuis le compte ameli.
type: procedure
mediation: [urgence]
themes: [social-sante]
organisations: [assurance-maladie]
publics: []
owner: Groupe de test
last_reviewed_on: {RECENT}
review_in: 1 an
sources: [F13275]
""",
    "pedagogy/petits-enfants.md": f"""\
title: Passer par les petits-enfants
description: Partir de la visio avec la famille pour apprivoiser la tablette.
type: ruse
mediation: [autonomie]
themes: [materiel]
owner: Groupe de test
last_reviewed_on: {RECENT}
review_in: 1 an
""",
    "faq/mot-de-passe.md": f"""\
title: "Mot de passe confié : que faire ?"
description: Ne jamais garder le mot de passe d'une personne.
type: faq
mediation: [urgence]
themes: [securite-numerique]
publics: [seniors, mediateurs]
owner: Groupe de test
last_reviewed_on: {RECENT}
review_in: 1 an
""",
}
TRACKS = """
## Étapes

/// urgence
Remplir la demande **avec** la personne.
///

/// autonomie
La laisser saisir pendant que vous commentez.
///
"""


@pytest.fixture
def site(project: Path) -> Path:
    """The repository's site with its content pages replaced by four known pages."""
    docs = project / "docs"
    for folder in load_taxonomy(project / "taxonomy.yml").content_folders:
        for page in (docs / folder).rglob("*.md"):
            if page.name != "index.md":
                page.unlink()
        index = docs / folder / "index.md"
        if index.exists():
            # A section page may link by hand to the pages just removed: keep its listings only.
            directives = _LISTING.findall(index.read_text(encoding="utf-8"))
            index.write_text(f"# {folder}\n\n" + "\n\n".join(directives) + "\n", encoding="utf-8")
    # The practice kit links the pages removed above: keep only its section page, blank.
    for folder in ("foyers", "simulateurs"):
        shutil.rmtree(docs / "entrainement" / folder)
    (docs / "entrainement" / "index.md").write_text("# Entraînement\n", encoding="utf-8")
    for path, front in PAGES.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        title = front.split("\n", 1)[0].split(": ", 1)[1].strip('"')
        target.write_text(f"---\n{front}---\n\n# {title}\n\nTexte.\n{TRACKS}", encoding="utf-8")
    (docs / "a-propos.md").write_text("# À propos\n\nUne page libre.\n", encoding="utf-8")
    build(project)
    return project


def soup(project: Path, page: str) -> BeautifulSoup:
    """The page's HTML without the "¶" permalinks that toc adds to headings."""
    parsed = BeautifulSoup(html(project, page), "html.parser")
    for permalink in parsed.select("a.headerlink"):
        permalink.decompose()
    return parsed


def listed(project: Path, page: str) -> set[str]:
    """Targets of the entries of a listing page, as page folders relative to the site."""
    article = soup(project, page).select_one("article")
    assert article is not None
    base = Path("/", page)
    links = set()
    for item in article.select("li > a:first-child"):
        target = (base / item["href"]).resolve()
        links.add(target.relative_to("/").as_posix())
    return links


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        (
            "mediation/urgence",
            {"procedures/caf/logement", "procedures/ameli/vitale", "faq/mot-de-passe"},
        ),
        ("mediation/autonomie", {"procedures/caf/logement", "pedagogy/petits-enfants"}),
        ("types/procedure", {"procedures/caf/logement", "procedures/ameli/vitale"}),
        ("types/ruse", {"pedagogy/petits-enfants"}),
        ("themes/logement", {"procedures/caf/logement"}),
        ("organismes/caf", {"procedures/caf/logement"}),
        ("publics/seniors", {"procedures/caf/logement", "faq/mot-de-passe"}),
        ("publics/jeunes", set()),
    ],
)
def test_each_listing_holds_exactly_its_pages(site: Path, listing: str, expected: set[str]) -> None:
    assert listed(site, listing) == expected


def test_listing_entries_show_description_and_badges_grouped_by_type(site: Path) -> None:
    page = soup(site, "mediation/urgence")
    headings = [h.get_text(" ", strip=True) for h in page.select("article h2")]
    assert headings[:2] == ["Procédures (2)", "Questions fréquentes (1)"]
    entry = page.find("a", string="Commander une carte Vitale")
    assert entry is not None
    item = entry.find_parent("li")
    assert "Commander une nouvelle carte Vitale" in item.get_text()
    assert item.select_one(".entraide-badge--urgence") is not None


def test_facet_index_pages_count_their_listings(site: Path) -> None:
    text = soup(site, "mediation").get_text(" ", strip=True)
    assert "Médiation d'urgence — 3 pages" in text
    assert "Médiation d'autonomie — 2 pages" in text


def test_badges_under_the_title_link_to_posture_listings(site: Path) -> None:
    page = soup(site, "procedures/caf/logement")
    title = page.select_one("article h1")
    assert title is not None and title.get_text(strip=True).startswith("Demander une aide")
    meta = title.find_next_sibling()
    assert meta is not None and "entraide-meta" in meta["class"]
    badges = meta.select(".entraide-badge")
    assert [b.get_text(strip=True) for b in badges] == [
        "Médiation d'urgence : faire pour la personne",
        "Médiation d'autonomie : faire avec la personne",
    ]
    assert [b["href"] for b in badges] == [
        "../../../mediation/urgence/",
        "../../../mediation/autonomie/",
    ]
    assert all(b.select_one(".entraide-badge__icon[aria-hidden=true]") for b in badges)
    facets = meta.select_one(".entraide-facets").get_text(" ", strip=True)
    assert "Procédure" in facets and "Logement" in facets and "(CAF)" in facets
    assert page.select_one("title").get_text().startswith("Demander une aide au logement")


def test_expired_review_shows_the_banner_and_recent_one_hides_it(site: Path) -> None:
    expired = soup(site, "procedures/caf/logement")
    notice = expired.select_one(".entraide-review")
    assert notice["data-review-due"] == "2020-07-15"
    assert "Vérifié le 15 janvier 2020" in notice.get_text()
    banner = expired.select_one("[data-review-expired]")
    assert not banner.has_attr("hidden")
    assert "À revérifier" in banner.get_text()
    report = banner.select_one("a.entraide-review__report")
    assert report["href"].startswith("https://github.com/entraide/entraide/issues/new?title=")
    fresh = soup(site, "procedures/ameli/vitale").select_one("[data-review-expired]")
    assert fresh.has_attr("hidden")


def test_two_tracks_are_labelled_sections(site: Path) -> None:
    page = soup(site, "procedures/caf/logement")
    tracks = page.select("section.entraide-track")
    assert [t["data-track"] for t in tracks] == ["urgence", "autonomie"]
    labels = [t.select_one(".entraide-track__label").get_text() for t in tracks]
    assert labels == ["En urgence : faire pour", "Vers l'autonomie : faire avec"]
    assert tracks[0].find("strong").get_text() == "avec"
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any(src.endswith("assets/entraide/mediation.js") for src in scripts)
    css = (site / "site/assets/entraide/mediation.css").read_text()
    assert "@media print" in css and ".entraide-badge--urgence .entraide-badge__icon" in css


def test_free_page_passes_through_untouched(site: Path) -> None:
    page = soup(site, "a-propos")
    assert page.select_one(".entraide-meta") is None
    assert page.select_one("article h1").get_text(strip=True) == "À propos"


def test_section_index_embeds_current_listing(site: Path) -> None:
    assert listed(site, "procedures") == {"procedures/caf/logement", "procedures/ameli/vitale"}
    assert "entraide:liste" not in html(site, "procedures")


def test_sidebar_lists_sections_not_every_page(site: Path) -> None:
    nav = soup(site, "faq/mot-de-passe").select_one("nav.md-nav--primary")
    links = {a.get_text(strip=True) for a in nav.select("a.md-nav__link")}
    assert {"Procédures", "Par posture", "Par thème"} <= links
    assert "Commander une carte Vitale" not in links


def test_two_builds_in_one_process_give_the_same_listings(site: Path, tmp_path: Path) -> None:
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(tmp_path / "again"))
    first = second = ""
    for attempt in range(2):
        mkdocs_build(config)
        text = (tmp_path / "again/mediation/urgence/index.html").read_text()
        if attempt == 0:
            first = text
        else:
            second = text
    assert first == second
    assert first.count("Commander une carte Vitale</a>") == 1


def test_generated_pages_are_never_written_into_docs(site: Path) -> None:
    assert not (site / "docs/mediation").exists()
    assert not (site / "docs/assets/entraide").exists()
    shutil.rmtree(site / "site")


def test_personal_data_fails_the_strict_build_naming_file_and_line(project: Path) -> None:
    page = project / "docs/faq/mot-de-passe-confie.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "Écrivez à jeanne.martin@orange.fr pour la suite.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError):
        build(project)
    [message] = [m for m in logs.messages if m.startswith("docs/faq/mot-de-passe-confie.md:21:")]
    assert "erreur" in message
