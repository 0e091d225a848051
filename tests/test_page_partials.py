"""Badges, review notice and history line come from theme partials fed by ``page.meta``.

Real MkDocs builds of a small site in a real Git repository; the HTML is read
back. A site's ``overrides/`` (``theme.custom_dir``) replaces one partial and
only that one: the point of moving this markup out of the plugin.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from entraide.content.taxonomy import Taxonomy
from entraide.safety.csp import inline_script_hashes, theme_script_hashes
from tests.build_helpers import build, html
from tests.small_site import small_site
from tests.test_history import commit, new_repo

RECENT = (date.today() - timedelta(days=10)).isoformat()


def page(title: str, mediation: str, reviewed: str) -> str:
    return (
        f"---\ntitle: {title}\ndescription: Une question pour les tests des partiels.\n"
        f"type: faq\nmediation: {mediation}\nthemes: [logement]\norganisations: [caf]\n"
        f"owner: Groupe de test\nlast_reviewed_on: {reviewed}\nreview_in: 6 mois\n"
        f"sources: []\n---\n\n# {title}\n\nUne réponse courte.\n"
    )


PAGES = {
    "docs/faq/ancienne.md": page("Une question ancienne", "[urgence]", "2020-01-15"),
    "docs/faq/recente.md": page("Une question récente", "[urgence, autonomie]", RECENT),
}


def make_site(tmp_path: Path, repo_root: Path) -> Path:
    root = small_site(tmp_path, repo_root)
    commit(new_repo(root), "Alice Martin", "2026-01-05", "Deux questions", dict(PAGES))
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    root = make_site(tmp_path_factory.mktemp("partiels"), repo_root)
    build(root, strict=True)
    return root


def article(root: Path, path: str) -> Tag:
    found = BeautifulSoup(html(root, path), "html.parser").select_one("article")
    assert found is not None, path
    return found


def test_badges_under_the_title_name_each_page_posture(site: Path, taxonomy: Taxonomy) -> None:
    for path, postures in (
        ("faq/ancienne", ["urgence"]),
        ("faq/recente", ["urgence", "autonomie"]),
    ):
        title = article(site, path).select_one("h1")
        assert title is not None
        block = title.find_next_sibling()
        assert isinstance(block, Tag) and block["class"] == ["entraide-meta"], path
        badges = block.select("a.entraide-badge")
        assert [b["class"][1] for b in badges] == [f"entraide-badge--{p}" for p in postures]
        assert [b.get_text(strip=True) for b in badges] == [
            taxonomy.mediation[p].badge for p in postures
        ]
        assert [b["href"] for b in badges] == [f"../../mediation/{p}/" for p in postures]
        assert [b["title"] for b in badges] == [taxonomy.mediation[p].explanation for p in postures]
        facets = block.select_one("p.entraide-facets")
        assert facets is not None
        assert [a["href"] for a in facets.select("a")] == [
            "../../types/faq/",
            "../../themes/logement/",
            "../../organismes/caf/",
        ]


def test_review_notice_shows_the_banner_only_when_overdue(site: Path) -> None:
    old = article(site, "faq/ancienne")
    notice = old.select_one("p.entraide-review")
    assert notice is not None and notice["data-review-due"] == "2020-07-15"
    assert "Vérifié le 15 janvier 2020" in notice.get_text()
    banner = old.select_one("div.entraide-review-expired[data-review-expired]")
    assert banner is not None and not banner.has_attr("hidden")
    assert "revérifiée le 15 juillet 2020" in banner.get_text()
    report = banner.select_one("a.entraide-review__report")
    assert report is not None and "issues/new?title=" in str(report["href"])
    fresh = article(site, "faq/recente").select_one("div.entraide-review-expired")
    assert fresh is not None and fresh.has_attr("hidden")


def test_history_line_closes_the_page_text(site: Path) -> None:
    for path in ("faq/ancienne", "faq/recente"):
        text = article(site, path)
        line = text.select("aside.entraide-history")
        assert len(line) == 1, path
        assert line[0].get_text(strip=True) == (
            "Modifié le 5 janvier 2026 par 1 contributeur (Alice Martin)"
        )
        answer = text.find("p", string="Une réponse courte.")
        assert answer is not None and answer.find_next("aside") is line[0]
    generated = article(site, "mediation/urgence")
    assert generated.select_one("aside.entraide-history") is None
    assert generated.select_one(".entraide-meta") is None


def test_a_site_override_of_one_partial_changes_the_built_page(
    tmp_path: Path, repo_root: Path
) -> None:
    """``overrides/partials/entraide-badges.html`` wins over the plugin's; the other
    partials stay; the data the plugin hands over is plain (JSON) data."""
    root = make_site(tmp_path, repo_root)
    partial = root / "overrides" / "partials" / "entraide-badges.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(
        '<ul class="reseau-postures" '
        "data-entraide='{{ page.meta.entraide | tojson }}'>"
        "{% for badge in page.meta.entraide.badges %}"
        "<li>{{ badge.text | e }}</li>{% endfor %}</ul>",
        encoding="utf-8",
    )
    build(root, strict=True)
    text = article(root, "faq/recente")
    assert text.select_one("a.entraide-badge") is None
    restyled = text.select_one(".entraide-meta > ul.reseau-postures")
    assert restyled is not None
    assert [li.get_text() for li in restyled.select("li")] == [
        "Médiation d'urgence : faire pour la personne",
        "Médiation d'autonomie : faire avec la personne",
    ]
    data = json.loads(str(restyled["data-entraide"]))
    assert data["review"]["reviewed_on"] == RECENT and data["review"]["expired"] is False
    assert data["history"] == {
        "text": "Modifié le 5 janvier 2026 par 1 contributeur (Alice Martin)"
    }
    assert text.select_one("p.entraide-facets") is not None
    assert text.select_one("aside.entraide-history") is not None


def test_scripts_of_a_page_split_by_the_theme_are_never_allowed() -> None:
    """The theme prints the page's text in two pieces (around the badges): a script in
    the text must not be hashed into the policy as if the theme had written it."""
    theme = "<script>theme()</script>"
    content = "<h1>Titre</h1><p>Texte</p><script>alert(1)</script>"
    head, end, rest = content.partition("</h1>")
    output = f"<head>{theme}</head><article>{head}{end}<div>badges</div>{rest}</article>"
    assert theme_script_hashes(output, content) == inline_script_hashes(theme)
    twice = f"<head>{theme}</head><article>{theme}</article>"
    assert theme_script_hashes(twice, theme) == inline_script_hashes(theme)


def test_our_content_partial_keeps_every_line_of_materials() -> None:
    """``partials/content.html`` is Material's plus our two includes: an upgrade of
    Material that changes its own must be copied in, or pages would lose it."""
    import material

    from entraide.mkdocs_plugin.search import TEMPLATES

    theirs = Path(material.__file__).parent / "templates" / "partials" / "content.html"
    ours = (TEMPLATES / "partials" / "content.html").read_text(encoding="utf-8")
    body = theirs.read_text(encoding="utf-8").split("-#}", 1)[1]
    kept = {line.strip() for line in ours.splitlines()}
    missing = [line for line in body.splitlines() if line.strip() and line.strip() not in kept]
    # The one line we change: the text is printed in two pieces around the badges.
    assert missing == ["{{ page.content }}"]
