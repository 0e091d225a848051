"""Internal links, anchors and images, checked against real files and a real build."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.rendering import load_markdown_settings, site_renderer
from entraide.content.repository import ContentRepository
from entraide.content.rules import CheckContext
from entraide.content.rules.anchors import anchors_in
from entraide.content.taxonomy import Taxonomy, load_taxonomy
from entraide.website.model import generated_pages
from tests.build_helpers import build, html
from tests.conftest import ROOT

TARGET = """\
# Refaire sa carte Vitale

## Pièges fréquents

## Données personnelles et mandat

## Étapes

## Étapes

## Pour qu’elle reparte l’esprit tranquille !

## Une section nommée {#mon-ancre}
"""
LINK_CODES = ("dead-link", "dead-anchor", "missing-image", "link-outside-docs", "absolute-link")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "procedures/ameli").mkdir(parents=True)
    (root / "faq").mkdir()
    (root / "images").mkdir()
    (root / "procedures/ameli/carte-vitale.md").write_text(TARGET, encoding="utf-8")
    (root / "procedures/index.md").write_text("# Procédures\n", encoding="utf-8")
    (root / "images/menu.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


SITE_MARKDOWN = load_markdown_settings(ROOT / "mkdocs.yml")


def link_problems(taxonomy: Taxonomy, docs: Path, body: str) -> list[tuple[str, int]]:
    context = CheckContext(docs, taxonomy, date(2026, 11, 28), markdown=SITE_MARKDOWN)
    result = check_page("docs/faq/page.md", "faq/page.md", body, context)
    return [(p.code, p.line) for p in result.problems if p.code in LINK_CODES]


@pytest.mark.parametrize(
    "link",
    [
        "[guide](../procedures/ameli/carte-vitale.md)",
        "[pièges](../procedures/ameli/carte-vitale.md#pieges-frequents)",
        "[données](../procedures/ameli/carte-vitale.md#donnees-personnelles-et-mandat)",
        "[deuxième](../procedures/ameli/carte-vitale.md#etapes_1)",
        "[apostrophes](../procedures/ameli/carte-vitale.md#pour-quelle-reparte-lesprit-tranquille)",
        "[attr_list](../procedures/ameli/carte-vitale.md#mon-ancre)",
        "[dossier](../procedures/)",
        "[index](../procedures/index.md)",
        "[ici](#plus-loin)",
        "[espaces](../procedures/ameli/carte-vitale.md 'Un titre')",
        "![capture](../images/menu.png)",
        '<img src="../images/menu.png" alt="menu">',
        "[service-public](https://www.service-public.fr/particuliers/vosdroits/F1427)",
        "[écrire](mailto:contact@example.org)",
        "`[dans du code](absent.md)`",
        "[ref]: ../procedures/ameli/carte-vitale.md",
        "Une note[^1].\n\n[^1]: Voir la notice, page 3.",
        "*[CAF]: Caisse d'allocations familiales",
    ],
)
def test_good_links(taxonomy: Taxonomy, docs: Path, link: str) -> None:
    body = f"# Page\n\n{link}\n\n## Plus loin\n"
    assert link_problems(taxonomy, docs, body) == []


@pytest.mark.parametrize(
    ("link", "code"),
    [
        ("[guide](../procedures/ameli/carte-vital.md)", "dead-link"),
        ("[guide](procedures/ameli/carte-vitale.md)", "dead-link"),
        ("[dossier](../pedagogy/)", "dead-link"),
        ("[pièges](../procedures/ameli/carte-vitale.md#pièges-fréquents)", "dead-anchor"),
        ("[ici](#plus-tard)", "dead-anchor"),
        ("![capture](../images/absente.png)", "missing-image"),
        ('<img src="images/menu.png" alt="menu">', "missing-image"),
        ("[hors](../../README.md)", "link-outside-docs"),
        ("[racine](/procedures/index.md)", "absolute-link"),
        ("[ref]: ../faq/absente.md", "dead-link"),
    ],
)
def test_bad_links_point_at_their_line(
    taxonomy: Taxonomy, docs: Path, link: str, code: str
) -> None:
    body = f"# Page\n\nUn paragraphe.\n\n{link}\n\n## Plus loin\n"
    assert link_problems(taxonomy, docs, body) == [(code, 5)]


def test_dead_link_message_suggests_the_closest_page(taxonomy: Taxonomy, docs: Path) -> None:
    context = CheckContext(docs, taxonomy, date(2026, 11, 28))
    body = "# Page\n\n[guide](../procedures/ameli/carte-vital.md)\n"
    problems = check_page("docs/faq/page.md", "faq/page.md", body, context).problems
    [problem] = [p for p in problems if p.code == "dead-link"]
    assert "n'existe pas" in problem.message
    assert "Vouliez-vous dire « ../procedures/ameli/carte-vitale.md »" in problem.message


def test_dead_anchor_message_suggests_the_slug(taxonomy: Taxonomy, docs: Path) -> None:
    context = CheckContext(docs, taxonomy, date(2026, 11, 28))
    body = "# Page\n\n[x](../procedures/ameli/carte-vitale.md#pièges-fréquents)\n"
    problems = check_page("docs/faq/page.md", "faq/page.md", body, context).problems
    [problem] = [p for p in problems if p.code == "dead-anchor"]
    assert "Vouliez-vous dire « #pieges-frequents »" in problem.message


def test_links_in_fenced_code_and_comments_are_not_followed(taxonomy: Taxonomy, docs: Path) -> None:
    body = "# Page\n\n```markdown\n[x](absent.md)\n```\n\n<!-- [y](absent.md) -->\n"
    assert link_problems(taxonomy, docs, body) == []


def test_anchors_agree_with_a_real_build(project: Path) -> None:
    """Our anchors are the ids MkDocs writes, on French headings of a real page."""
    page = project / "docs/faq/ancres.md"
    page.write_text(
        "---\ntitle: Ancres\n---\n\n" + TARGET.replace("# Refaire sa carte Vitale", "# Ancres"),
        encoding="utf-8",
    )
    build(project, strict=False)
    built = set(re.findall(r'<h[1-6] id="([^"]+)"', html(project, "faq/ancres")))
    expected = {"pieges-frequents", "donnees-personnelles-et-mandat", "etapes", "etapes_1"}
    assert expected <= built
    renderer = site_renderer(SITE_MARKDOWN, load_taxonomy(project / "taxonomy.yml"))
    assert built <= anchors_in(TARGET.replace("# Refaire sa carte Vitale", "# Ancres"), renderer)


@pytest.mark.parametrize(
    "link",
    [
        "[à revérifier](../a-reverifier.md)",
        "[quoi de neuf](../quoi-de-neuf.md)",
        "[flux](../quoi-de-neuf/atom.xml)",
        "[urgence](../mediation/urgence.md)",
        "[thèmes](../themes/index.md)",
        "[logement](../themes/logement.md)",
        "[organisme](../organismes/caf.md)",
    ],
)
def test_links_to_pages_the_site_generates(taxonomy: Taxonomy, docs: Path, link: str) -> None:
    context = CheckContext(docs, taxonomy, date(2026, 11, 28), generated=generated_pages(taxonomy))
    result = check_page("docs/faq/page.md", "faq/page.md", f"# Page\n\n{link}\n", context)
    assert [p.code for p in result.problems if p.code in LINK_CODES] == []
    bare = CheckContext(docs, taxonomy, date(2026, 11, 28))
    result = check_page("docs/faq/page.md", "faq/page.md", f"# Page\n\n{link}\n", bare)
    assert [p.code for p in result.problems if p.code in LINK_CODES] == ["dead-link"]


def test_files_outside_docs_are_checked_for_what_they_say_not_for_links(project: Path) -> None:
    notes = project / "NOTES.md"
    notes.write_text("# Notes\n\n[x](absent.md) [y](#nulle-part)\n\nTél. 06 12 34 56 78\n")
    [result] = ContentRepository.open(project).check([notes])
    assert [(p.path, p.line, p.code) for p in result.problems] == [
        ("NOTES.md", 5, "personal-data-phone")
    ]
