"""Real builds with hostile content: what `build --strict` says, what a non-strict build
publishes, the files under docs, the theme's values, Git names, the CSP."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from entraide.content.taxonomy import TaxonomyError, load_taxonomy
from entraide.safety.assets import MAX_BYTES
from entraide.safety.csp import SITE_POLICY_FILE, inline_script_hashes
from entraide.server.app import create_app
from entraide.sitebuild import BuildError, build_site
from tests.build_helpers import build, captured_mkdocs_logs, html
from tests.live_server import serving
from tests.small_site import small_site
from tests.test_history import commit, new_repo
from tests.test_history_site import CONFIG, article, faq, make_project, write

HOSTILE = """\
---
title: Une page piégée
description: Une page qui essaie d'exécuter du code chez les lecteurs.
type: faq
mediation: [urgence]
themes: [logement]
owner: Équipe Entraide
last_reviewed_on: 2026-11-01
review_in: 6 mois
sources: [F1427]
---

# Une page piégée

Texte normal.

<!--> <img src=x onerror="window.__xss=1"> -->

Un paragraphe.
{: tabindex="0" autofocus onfocus="window.__xss=2" }
"""


@pytest.fixture
def project(tmp_path: Path, repo_root: Path) -> Path:
    return small_site(tmp_path, repo_root)


def entraide(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_strict_build_fails_on_file_and_line_and_non_strict_publishes_sanitized(
    project: Path,
) -> None:
    (project / "docs" / "faq" / "piege.md").write_text(HOSTILE, encoding="utf-8")
    with captured_mkdocs_logs() as logs, pytest.raises(BuildError):
        build(project, strict=True)
    located = [m for m in logs.messages if m.startswith("docs/faq/piege.md:")]
    assert any(m.startswith("docs/faq/piege.md:17:") and "onerror" in m for m in located)
    assert any(m.startswith("docs/faq/piege.md:20:") and "onfocus" in m for m in located)

    build(project, strict=False)
    page = article(project, "faq/piege")
    assert "Un paragraphe." in page
    assert not re.search(r"\son\w+\s*=", page)
    assert "tabindex" not in page

    # check says the same, from the Markdown rendered with mkdocs.yml's extensions.
    checked = entraide(project, "check", "docs/faq/piege.md")
    assert checked.returncode == 1
    assert "docs/faq/piege.md:17: erreur [unsafe-html] l'attribut « onerror »" in checked.stdout


def test_theme_values_of_any_page_are_refused_and_escaped(project: Path) -> None:
    index = project / "docs" / "faq" / "index.md"
    text = index.read_text(encoding="utf-8")
    hostile_header = (
        "---\ntitle: Questions\nsubtitle: <img src=x onerror=alert(1)>\n"
        'description: Fin" http-equiv="refresh" content="0;url=https://autre.example\n'
        "status: <b>x</b>\ntemplate: ../../etc/passwd\n---\n"
    )
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    index.write_text(hostile_header + body, encoding="utf-8")
    checked = entraide(project, "check", "docs/faq/index.md")
    assert checked.returncode == 1
    for line, code in ((3, "markup-in-header"), (4, "markup-in-header")):
        assert f"docs/faq/index.md:{line}: erreur [{code}]" in checked.stdout
    assert "docs/faq/index.md:5: erreur [invalid-status]" in checked.stdout
    assert "docs/faq/index.md:6: erreur [invalid-template]" in checked.stdout

    build(project, strict=False)
    built = html(project, "faq")
    assert '<meta name="description" content="Fin&#34; http-equiv' in built or (
        'content="Fin&quot; http-equiv' in built
    )
    assert 'http-equiv="refresh"' not in built
    assert "<img src=x" not in built


def test_a_taxonomy_label_with_markup_is_refused(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / "taxonomy.yml").read_text(encoding="utf-8")
    hostile = re.sub(
        r"(\n  logement:\n    label: )[^\n]+", r"\1Logement <img src=x onerror=alert(1)>", text
    )
    assert hostile != text
    (tmp_path / "taxonomy.yml").write_text(hostile, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="« label » de la valeur « logement »"):
        load_taxonomy(tmp_path / "taxonomy.yml")


SAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
)
BAD_FILES = {
    "assets/piege.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "asset-svg",
    ),
    "assets/anime.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" '
        'values="javascript:alert(1)"/></svg>',
        "asset-svg",
    ),
    "faq/page.html": ("<script>alert(1)</script>", "asset-type"),
    "faq/outil.js": ("alert(1)", "asset-type"),
    "faq/donnees.yml": ("nom: Jean Dupont\n", "asset-type"),  # not the practice kit's data
    "assets/contacts.csv": ("nom;téléphone\nJean Dupont;06 12 34 56 78\n", "personal-data-phone"),
}


def test_files_under_docs_are_checked_and_never_published_when_refused(
    project: Path, tmp_path: Path
) -> None:
    docs = project / "docs"
    for name, (content, _) in BAD_FILES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(content, encoding="utf-8")
    (docs / "assets" / "carte.svg").write_text(SAFE_SVG, encoding="utf-8")
    # The site's own scripts live in docs/assets/javascripts/ (extra_javascript).
    (docs / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
    (docs / "assets" / "javascripts" / "outil.js").write_text("/* outil */\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-HORS-DEPOT-7f3a\n", encoding="utf-8")
    (docs / "assets" / "lien.txt").symlink_to(secret)
    (docs / "faq" / "lien.md").symlink_to(secret)
    with (docs / "assets" / "enorme.pdf").open("wb") as big:
        big.truncate(MAX_BYTES + 1)

    checked = entraide(project, "check")
    assert checked.returncode == 1
    for name, (_, code) in BAD_FILES.items():
        assert f"docs/{name}:" in checked.stdout and f"[{code}]" in checked.stdout, name
    assert "docs/assets/lien.txt:1: erreur [asset-symlink]" in checked.stdout
    assert "docs/faq/lien.md:1: erreur [asset-symlink]" in checked.stdout
    assert "docs/assets/enorme.pdf:1: erreur [asset-size]" in checked.stdout
    assert "carte.svg" not in checked.stdout
    assert "\ndocs/assets/javascripts/" not in checked.stdout  # the site's own scripts

    with captured_mkdocs_logs() as logs, pytest.raises(BuildError):
        build(project, strict=True)
    assert any(m.startswith("docs/assets/lien.txt:1:") for m in logs.messages)

    build(project, strict=False)
    site = project / "site"
    for name in [*BAD_FILES, "assets/lien.txt", "assets/enorme.pdf"]:
        assert not (site / name).exists(), name
    assert not (site / "faq" / "lien").exists()
    assert (site / "assets" / "carte.svg").is_file()
    assert (site / "assets" / "javascripts" / "outil.js").is_file()
    assert (site / "assets" / "stylesheets" / "entraide.css").is_file()
    assert "SECRET-HORS-DEPOT-7f3a" not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
    )


HOSTILE_NAMES = (
    "Eve ![pixel](https://autre.example/pixel.png)",
    "Mallory [clic](javascript:alert(1)) {: onclick=alert(2) }",
)


def test_hostile_git_names_are_shown_as_text(tmp_path: Path, repo_root: Path) -> None:
    root = tmp_path / "projet"
    files = make_project(root, repo_root)
    repo = new_repo(root)
    commit(repo, "Alice Martin", "2026-01-05", "Première version", files)
    write(root, {"docs/faq/recente.md": faq("Une question neuve", "2026-03-01", "1 an") + "x\n"})
    repo.git.add("docs/faq/recente.md")
    trailer = f"Co-authored-by: {HOSTILE_NAMES[1]} <m@example.org>"
    repo.git.commit(
        "-m",
        f"Précision\n\n{trailer}",
        author=f"{HOSTILE_NAMES[0]} <e@example.org>",
        env={"GIT_COMMITTER_DATE": "2026-03-02T10:00:00", "GIT_AUTHOR_DATE": "2026-03-02T10:00:00"},
    )
    build(root, strict=True)
    for page in ("quoi-de-neuf", "faq/recente"):
        shown = article(root, page)
        assert "![pixel](https://autre.example/pixel.png)" in shown, page
        assert "[clic](javascript:alert(1))" in shown, page
        assert "autre.example/pixel.png" not in re.sub(r">[^<]*<", "><", shown), page
        assert "javascript:" not in re.sub(r">[^<]*<", "><", shown), page
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG


def test_every_page_carries_a_policy_matching_its_inline_scripts(project: Path) -> None:
    build(project, strict=True)
    site = project / "site"
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 50
    policies = set()
    for path in pages:
        text = path.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert meta, path
        head = text[: text.index(meta[0])]
        assert "<script" not in head, path  # the policy governs every script after it
        policy = meta[1]
        for required in ("default-src 'self'", "object-src 'none'", "base-uri 'none'"):
            assert required in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        for digest in inline_script_hashes(text):
            assert digest in policy, path
        policies.add(policy)
    site_policy = (site / SITE_POLICY_FILE).read_text(encoding="utf-8").strip()
    for policy in policies:
        hashes = set(re.findall(r"'sha256-[^']+'", policy))
        assert hashes <= set(re.findall(r"'sha256-[^']+'", site_policy))

    app = create_app(site)
    with serving(app) as url:
        page = httpx.get(f"{url}/faq/")
        hidden = httpx.get(f"{url}/{SITE_POLICY_FILE}")
    assert page.headers["content-security-policy"] == f"{site_policy}; frame-ancestors 'self'"
    assert hidden.status_code == 404


def test_the_copy_for_reading_from_disk_allows_file_urls(project: Path) -> None:
    """`entraide bundle` builds offline: its policy adds file: for Firefox's file:// origins."""
    site = build_site(project / "mkdocs.yml", project / "site", offline=True).site_dir
    text = (site / "faq" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert policy and "script-src 'self' file: 'sha256-" in policy[1]
    assert "object-src 'none'" in policy[1]
