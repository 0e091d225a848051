"""The site side of history: real MkDocs builds of a small project, in and out of Git."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import git
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from entraide.content.review import french_date
from tests.build_helpers import build, captured_mkdocs_logs, html
from tests.test_history import commit, new_repo

CONFIG = """\
site_name: Entraide test
site_url: https://entraide.example.org/
theme:
  name: material
  language: fr
plugins:
  - entraide
"""


def faq(title: str, reviewed: str, period: str, owner: str = "Groupe de test") -> str:
    return (
        f"---\ntitle: {title}\ndescription: Une question fréquente pour les tests du site.\n"
        "type: faq\nmediation: [autonomie]\nthemes: [accueil-emotions]\n"
        f"owner: {owner}\nlast_reviewed_on: {reviewed}\nreview_in: {period}\nsources: []\n"
        f"---\n\n# {title}\n\nUne réponse courte.\n"
    )


def make_project(root: Path, repo_root: Path) -> dict[str, str]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copy2(repo_root / "taxonomy.yml", root / "taxonomy.yml")
    return {
        "docs/index.md": "# Accueil\n\nBienvenue.\n",
        "docs/contribuer.md": "# Contribuer\n\nProposez vos pages.\n",
        "docs/faq/ancienne.md": faq("Une vieille question", "2020-01-06", "6 mois", "Réseau A"),
        "docs/faq/recente.md": faq("Une question neuve", date.today().isoformat(), "1 an"),
    }


def article(root: Path, page: str) -> str:
    """The page's own content, without the navigation that lists every page."""
    text = html(root, page)
    return text[text.index("<article") : text.index("</article>")]


def write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")


def test_pages_show_git_history_and_generated_pages_list_them(
    tmp_path: Path, repo_root: Path
) -> None:
    root = tmp_path / "projet"
    files = make_project(root, repo_root)
    repo = new_repo(root)
    commit(repo, "Alice Martin", "2026-01-05", "Première version", files)
    commit(
        repo,
        "Bob Diallo",
        "2026-02-10",
        "Précision",
        {"docs/faq/ancienne.md": files["docs/faq/ancienne.md"] + "\nUne précision.\n"},
    )

    with captured_mkdocs_logs() as logs:
        build(root, strict=True)

    old = html(root, "faq/ancienne")
    assert "Modifié le 10 février 2026 par 2 contributeurs (Alice Martin, Bob Diallo)" in old
    assert "@example.org" not in old
    assert "Modifié le 5 janvier 2026 par 1 contributeur (Alice Martin)" in html(
        root, "faq/recente"
    )
    review = article(root, "a-reverifier")
    assert '<a href="../faq/ancienne/">Une vieille question</a>' in review
    assert "vérification expirée depuis le 6 juillet 2020" in review
    assert "Réseau A" in review
    assert "Une question neuve" not in review
    recent = article(root, "quoi-de-neuf")
    assert recent.index("Une vieille question") < recent.index("Une question neuve")
    assert "10 février 2026" in recent and "5 janvier 2026" in recent
    assert 'href="atom.xml"' in recent
    feed = ET.parse(root / "site" / "quoi-de-neuf" / "atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [
        "Une vieille question",
        "Une question neuve",
    ]
    first = entries[0]
    link = first.find(f"{atom}link")
    assert link is not None
    assert link.get("href") == "https://entraide.example.org/faq/ancienne/"
    assert first.findtext(f"{atom}updated") == "2026-02-10T10:00:00+01:00"
    assert [a.findtext(f"{atom}name") for a in first.findall(f"{atom}author")] == [
        "Alice Martin",
        "Bob Diallo",
    ]
    assert not any("historique" in m.lower() for m in logs.messages)


def test_history_is_read_again_on_each_build_of_the_same_plugin(
    tmp_path: Path, repo_root: Path
) -> None:
    """``mkdocs serve`` keeps the plugin object between rebuilds."""
    root = tmp_path / "projet"
    files = make_project(root, repo_root)
    repo = new_repo(root)
    commit(repo, "Alice Martin", "2026-01-05", "Première version", files)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    mkdocs_build(config)
    assert "par 1 contributeur (Alice Martin)" in html(root, "faq/recente")

    commit(
        repo,
        "Bob Diallo",
        "2026-03-01",
        "Suite",
        {"docs/faq/recente.md": files["docs/faq/recente.md"] + "\nSuite.\n"},
    )
    mkdocs_build(config)

    assert "Modifié le 1er mars 2026 par 2 contributeurs" in html(root, "faq/recente")


def test_outside_git_build_date_is_shown_and_strict_build_passes(
    tmp_path: Path, repo_root: Path
) -> None:
    root = tmp_path / "projet"
    write(root, make_project(root, repo_root))

    with captured_mkdocs_logs() as logs:
        build(root, strict=True)

    assert (
        f"Modifié le {french_date(date.today())} (date de construction du site : "
        "historique Git indisponible)"
    ) in html(root, "faq/ancienne")
    assert any("pas d'historique Git" in m for m in logs.messages)
    assert "L'historique Git n'est pas disponible" in html(root, "quoi-de-neuf")
    assert "Une vieille question" in html(root, "a-reverifier")
    feed = ET.parse(root / "site" / "quoi-de-neuf" / "atom.xml").getroot()
    assert feed.findall("{http://www.w3.org/2005/Atom}entry") == []


def test_shallow_clone_build_says_history_is_incomplete(tmp_path: Path, repo_root: Path) -> None:
    source = tmp_path / "source"
    files = make_project(source, repo_root)
    files["mkdocs.yml"] = CONFIG
    files["taxonomy.yml"] = (repo_root / "taxonomy.yml").read_text(encoding="utf-8")
    repo = new_repo(source)
    commit(repo, "Alice Martin", "2026-01-05", "Première version", files)
    commit(repo, "Bob Diallo", "2026-02-10", "Autre", {"docs/autre.md": "# Autre\n"})
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{source}", clone, depth=1)

    with captured_mkdocs_logs() as logs:
        build(clone, strict=True)

    assert "historique Git incomplet" in html(clone, "faq/ancienne")
    assert "Historique incomplet" in html(clone, "quoi-de-neuf")
    assert any("clone Git superficiel" in m for m in logs.messages)
