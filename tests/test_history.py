"""Page history from real Git repositories: renames, deletions, merges, shallow clones."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import git

from entraide.history.git_log import read_history
from entraide.history.model import HistorySource

BODY = "".join(
    f"Ligne {n} d'un guide assez long pour que Git reconnaisse un renommage.\n" for n in range(20)
)


def when(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T10:00:00+01:00")


def commit(repo: git.Repo, who: str, day: str, message: str, files: dict[str, str | None]) -> None:
    """Write (or delete, for None) ``files`` and commit them as ``who`` on ``day``."""
    root = Path(repo.working_tree_dir or "")
    for name, content in files.items():
        path = root / name
        if content is None:
            repo.git.rm(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        repo.git.add(name)
    stamp = when(day).isoformat()
    email = who.split()[0].lower() + "@example.org"
    env = {
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    repo.git.commit("-m", message, "--allow-empty", env=env)


def new_repo(path: Path) -> git.Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Personne")
        config.set_value("user", "email", "personne@example.org")
    return repo


def test_creation_modification_contributors_without_emails(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Nouvelle page", {"docs/a.md": BODY})
    commit(repo, "Bob Diallo", "2026-02-10", "Précision", {"docs/a.md": BODY + "Bob\n"})
    commit(repo, "Alice Martin", "2026-03-15", "Mise à jour", {"docs/a.md": BODY + "Alice\n"})
    commit(repo, "Chloé Roux", "2026-03-20", "Hors docs", {"README.md": "x\n"})

    history = read_history(tmp_path / "repo" / "docs")

    assert history.source is HistorySource.GIT
    assert history.warning == ""
    assert set(history.pages) == {"docs/a.md"}
    page = history.pages["docs/a.md"]
    assert page.created == when("2026-01-05")
    assert page.modified == when("2026-03-15")
    assert page.contributors == ("Alice Martin", "Bob Diallo")
    assert page.changes == 3
    assert page.last_subject == "Mise à jour"
    assert "@" not in repr(history)
    assert history.for_file(tmp_path / "repo" / "docs" / "a.md") == page


def test_renames_are_followed(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Création", {"docs/caf/ancien.md": BODY})
    commit(repo, "Bob Diallo", "2026-02-01", "Modif", {"docs/caf/ancien.md": BODY + "b\n"})
    repo.git.mv("docs/caf/ancien.md", "docs/caf/nouveau nom é.md")
    commit(repo, "Chloé Roux", "2026-03-01", "Renommage", {})
    commit(repo, "Alice Martin", "2026-04-01", "Suite", {"docs/caf/nouveau nom é.md": BODY + "c\n"})

    pages = read_history(tmp_path / "repo" / "docs").pages

    assert set(pages) == {"docs/caf/nouveau nom é.md"}
    page = pages["docs/caf/nouveau nom é.md"]
    assert page.created == when("2026-01-05")
    assert page.modified == when("2026-04-01")
    assert page.changes == 4
    assert page.contributors == ("Alice Martin", "Bob Diallo", "Chloé Roux")


def test_page_moved_into_docs_keeps_its_history_and_moved_out_leaves(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Brouillons", {"brouillons/x.md": BODY})
    commit(repo, "Alice Martin", "2026-01-06", "Page", {"docs/y.md": BODY.upper()})
    repo.git.mv("brouillons/x.md", "docs/x.md")
    (tmp_path / "repo" / "archives").mkdir()
    repo.git.mv("docs/y.md", "archives/y.md")
    commit(repo, "Bob Diallo", "2026-02-01", "Publication et archivage", {})

    pages = read_history(tmp_path / "repo" / "docs").pages

    assert set(pages) == {"docs/x.md"}
    assert pages["docs/x.md"].created == when("2026-01-05")
    assert pages["docs/x.md"].contributors == ("Alice Martin", "Bob Diallo")


def test_deleted_then_recreated_page_starts_a_new_history(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Deux pages", {"docs/x.md": BODY, "docs/y.md": BODY})
    commit(repo, "Bob Diallo", "2026-02-01", "Suppression", {"docs/x.md": None, "docs/y.md": None})
    commit(repo, "Chloé Roux", "2026-03-01", "Nouvelle x", {"docs/x.md": "Autre texte\n"})

    pages = read_history(tmp_path / "repo" / "docs").pages

    assert set(pages) == {"docs/x.md"}
    assert pages["docs/x.md"].created == when("2026-03-01")
    assert pages["docs/x.md"].contributors == ("Chloé Roux",)
    assert pages["docs/x.md"].changes == 1


def test_merged_branch_contributors_count_but_not_the_merger(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Base", {"docs/a.md": BODY})
    repo.git.checkout("-b", "proposition")
    commit(repo, "Bob Diallo", "2026-02-01", "Correction", {"docs/a.md": BODY + "b\n"})
    commit(repo, "Bob Diallo", "2026-02-03", "Nouvelle page", {"docs/b.md": BODY})
    repo.git.checkout("main")
    commit(repo, "Alice Martin", "2026-02-02", "Autre page", {"docs/c.md": BODY})
    stamp = when("2026-02-10").isoformat()
    repo.git.merge(
        "--no-ff",
        "proposition",
        "-m",
        "Fusion de la proposition",
        env={
            "GIT_AUTHOR_NAME": "Dana Merge",
            "GIT_AUTHOR_EMAIL": "dana@example.org",
            "GIT_COMMITTER_NAME": "Dana Merge",
            "GIT_COMMITTER_EMAIL": "dana@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        },
    )

    pages = read_history(tmp_path / "repo" / "docs").pages

    assert set(pages) == {"docs/a.md", "docs/b.md", "docs/c.md"}
    assert pages["docs/a.md"].contributors == ("Alice Martin", "Bob Diallo")
    assert pages["docs/a.md"].modified == when("2026-02-01")
    assert pages["docs/a.md"].changes == 2
    assert pages["docs/b.md"].contributors == ("Bob Diallo",)
    assert pages["docs/c.md"].created == when("2026-02-02")
    assert all("Dana Merge" not in p.contributors for p in pages.values())


def test_co_authors_are_contributors_by_name_only(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    message = "Page à deux\n\nCo-authored-by: Elsa Petit <elsa@example.org>"
    commit(repo, "Alice Martin", "2026-01-05", message, {"docs/a.md": BODY})
    commit(repo, "jdoe@example.org", "2026-01-06", "Nom mal réglé", {"docs/a.md": BODY + "x\n"})

    page = read_history(tmp_path / "repo" / "docs").pages["docs/a.md"]

    assert page.contributors == ("Alice Martin", "Elsa Petit", "jdoe")
    assert "@" not in repr(page)


def test_shallow_clone_is_detected_and_said(tmp_path: Path) -> None:
    source = new_repo(tmp_path / "source")
    commit(source, "Alice Martin", "2026-01-05", "Création", {"docs/a.md": BODY})
    commit(source, "Bob Diallo", "2026-02-01", "Modif", {"docs/a.md": BODY + "b\n"})
    commit(source, "Chloé Roux", "2026-03-01", "Autre", {"docs/b.md": BODY})
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{tmp_path / 'source'}", str(clone)],
        check=True,
    )

    history = read_history(clone / "docs")

    assert history.source is HistorySource.SHALLOW
    assert "superficiel" in history.warning
    assert "--unshallow" in history.warning
    # What a depth-1 clone has: one commit, which seems to create every page.
    assert set(history.pages) == {"docs/a.md", "docs/b.md"}
    assert history.pages["docs/a.md"].changes == 1
    assert history.pages["docs/a.md"].contributors == ("Chloé Roux",)
    assert history.pages["docs/a.md"].created == when("2026-03-01")


def test_outside_git_there_is_no_history_and_a_warning(tmp_path: Path) -> None:
    docs = tmp_path / "projet" / "docs"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text(BODY, encoding="utf-8")

    history = read_history(docs)

    assert history.source is HistorySource.NONE
    assert history.pages == {}
    assert "pas d'historique Git" in history.warning
    assert history.for_file(docs / "a.md") is None


def test_repository_without_commits(tmp_path: Path) -> None:
    new_repo(tmp_path / "repo")
    (tmp_path / "repo" / "docs").mkdir()

    history = read_history(tmp_path / "repo" / "docs")

    assert history.source is HistorySource.NONE
    assert "aucun commit" in history.warning


def test_uncommitted_page_has_no_history(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Création", {"docs/a.md": BODY})
    (tmp_path / "repo" / "docs" / "brouillon.md").write_text(BODY, encoding="utf-8")

    history = read_history(tmp_path / "repo" / "docs")

    assert history.for_file(tmp_path / "repo" / "docs" / "brouillon.md") is None
    assert history.for_file(tmp_path / "repo" / "docs" / "a.md") is not None


def test_unreadable_history_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "Alice Martin", "2026-01-05", "Création", {"docs/a.md": BODY})
    head = (tmp_path / "repo" / ".git" / "refs" / "heads" / "main").read_text().strip()
    objects = tmp_path / "repo" / ".git" / "objects"
    (objects / head[:2] / head[2:]).unlink()

    history = read_history(tmp_path / "repo" / "docs")

    assert history.source is HistorySource.NONE
    assert history.pages == {}
    assert "l'historique Git n'a pas pu être lu" in history.warning
