"""``entraide freshness``: exactly the expired and soon-expired pages for a fixed date."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from entraide.cli.main import main
from entraide.content.repository import ContentRepository
from entraide.freshness.report import build_report
from entraide.sources.catalogue import Catalogue, SourceEntry
from tests.pages import VALID_FRONT_MATTER, page

AS_OF = "2026-06-01"


def _write(
    docs: Path,
    name: str,
    reviewed: str,
    period: str,
    owner: str = "Groupe de test",
    theme: str = "social-sante",
    sources: str = "F13275",
) -> None:
    front = (
        VALID_FRONT_MATTER.replace("2026-10-01", reviewed)
        .replace("review_in: 6 mois", f"review_in: {period}")
        .replace("owner: Groupe de test", f"owner: {owner}")
        .replace("themes: [social-sante]", f"themes: [{theme}]")
        .replace("sources: [F13275]", f"sources: [{sources}]")
    )
    target = docs / "procedures" / "assurance-maladie" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page(front, f"# {name}\n\nTexte.\n"), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path, repo_root: Path) -> Path:
    """A project whose pages' checks expire before, on, just inside and just after the window."""
    root = tmp_path / "projet"
    root.mkdir()
    shutil.copy2(repo_root / "taxonomy.yml", root / "taxonomy.yml")
    docs = root / "docs"
    _write(docs, "expiree.md", "2025-11-01", "6 mois")  # due 2026-05-01
    _write(docs, "expire-ce-jour.md", "2025-06-01", "1 an", owner="Réseau Drôme")  # 2026-06-01
    _write(docs, "dans-30-jours.md", "2026-01-01", "6 mois", theme="logement")  # 2026-07-01
    _write(docs, "dans-31-jours.md", "2026-01-02", "6 mois")  # due 2026-07-02: outside
    _write(docs, "a-jour.md", "2026-05-01", "1 an", sources="F1427")  # fiche changed since
    _write(docs, "a-jour-source-ancienne.md", "2026-05-01", "1 an", sources="F2882")
    catalogue = Catalogue(
        {
            "F1427": SourceEntry("F1427", "Acte de naissance", "fiche", "", "", date(2026, 5, 20)),
            "F2882": SourceEntry("F2882", "Prime", "fiche", "", "", date(2026, 4, 30)),
        }
    )
    catalogue.save(root / "sources" / "catalogue.json")
    return root


def test_lists_exactly_expired_soon_and_changed_source_pages(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository)

    assert main(["freshness", "--as-of", AS_OF, "--within", "30", "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == AS_OF
    listed = {p["path"]: (p["status"], p["due"], p["days_left"]) for p in data["pages"]}
    base = "docs/procedures/assurance-maladie/"
    assert listed == {
        base + "expiree.md": ("expired", "2026-05-01", -31),
        base + "expire-ce-jour.md": ("expired", "2026-06-01", 0),
        base + "dans-30-jours.md": ("due-soon", "2026-07-01", 30),
        base + "a-jour.md": ("due-soon", "2027-05-01", 334),
    }
    changed = next(p for p in data["pages"] if p["path"].endswith("a-jour.md"))
    assert changed["source_changes"] == [
        {"id": "F1427", "title": "Acte de naissance", "changed_on": "2026-05-20"}
    ]
    assert data["total"] == 4


def test_window_changes_what_is_soon(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository)

    main(["freshness", "--as-of", AS_OF, "--within", "0", "--format", "json"])

    paths = {Path(p["path"]).name for p in json.loads(capsys.readouterr().out)["pages"]}
    assert paths == {"expiree.md", "expire-ce-jour.md", "a-jour.md"}


def test_text_is_french_and_grouped_by_owner_then_theme(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository)

    main(["freshness", "--as-of", AS_OF])

    out = capsys.readouterr().out
    assert out.startswith("Au 1er juin 2026 : 4 pages à revérifier")
    assert out.index("Responsable : Groupe de test") < out.index("Responsable : Réseau Drôme")
    assert "  Thème : Logement" in out
    assert "vérification expirée depuis le 1er mai 2026 (il y a 31 jours)" in out
    assert "la vérification expire aujourd'hui (1er juin 2026)" in out
    assert "à revérifier avant le 1er juillet 2026 (dans 30 jours)" in out
    assert (
        "la fiche officielle F1427 (« Acte de naissance ») a changé le 20 mai 2026 "
        "depuis la dernière vérification (1er mai 2026)"
    ) in out
    assert "dans-31-jours" not in out


def test_markdown_links_each_page_under_owner_and_theme_headings(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository)

    main(["freshness", "--as-of", AS_OF, "--format", "markdown"])

    out = capsys.readouterr().out
    assert "## Réseau Drôme" in out
    assert "### Logement" in out
    assert "- [Refaire sa carte Vitale](docs/procedures/assurance-maladie/dans-30-jours.md)" in out


def test_nothing_due(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository)
    pages = [
        r.page
        for r in ContentRepository.open(repository).validate(today=date(2025, 12, 1))
        if r.page is not None and r.page.path.endswith("dans-31-jours.md")
    ]

    report = build_report(pages, date(2026, 1, 2), 30)

    assert report.items == ()


def test_bad_arguments_are_refused_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["freshness", "--as-of", "01/06/2026"])
    assert exit_info.value.code == 2
    assert "n'est pas une date AAAA-MM-JJ" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["freshness", "--within", "-3"])
    assert "nombre de jours" in capsys.readouterr().err
