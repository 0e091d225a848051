"""Cited official sources: at least one for a procedure, and only fiches that exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.checking import check_page
from entraide.content.repository import ContentRepository
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from entraide.sources.catalogue import Catalogue, SourceEntry
from tests.pages import VALID_FRONT_MATTER, page
from tests.test_cli import entraide

CODES = ("no-source", "unknown-source")


def sources(taxonomy: Taxonomy, tmp_path: Path, text: str, catalogue: Catalogue | None = None):
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28), catalogue=catalogue)
    result = check_page("docs/procedures/ameli/x.md", "procedures/ameli/x.md", text, context)
    return [(p.code, p.line) for p in result.problems if p.code in CODES]


def test_a_procedure_cites_at_least_one_source(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = page(VALID_FRONT_MATTER.replace("sources: [F13275]", "sources: []"))
    assert sources(taxonomy, tmp_path, text) == [("no-source", 12)]
    faq = VALID_FRONT_MATTER.replace("type: procedure", "type: faq")
    assert sources(taxonomy, tmp_path, page(faq.replace("sources: [F13275]", "sources: []"))) == []


def test_cited_fiches_must_exist_in_the_catalogue(taxonomy: Taxonomy, tmp_path: Path) -> None:
    catalogue = Catalogue()
    catalogue.merge([SourceEntry.from_dict({"id": "F1427", "title": "Carte Vitale"})])
    known = page(VALID_FRONT_MATTER.replace("sources: [F13275]", "sources: [F1427]"))
    assert sources(taxonomy, tmp_path, known, catalogue) == []
    assert sources(taxonomy, tmp_path, page(), catalogue) == [("unknown-source", 12)]
    assert sources(taxonomy, tmp_path, page(), None) == []


def test_the_repository_catalogue_is_used(project: Path, repo_root: Path) -> None:
    (project / "sources").mkdir()
    (project / "sources/catalogue.json").write_text(
        (repo_root / "sources/catalogue.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bad = project / "docs/procedures/ameli/inventee.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text(
        page(VALID_FRONT_MATTER.replace("[F13275]", "[N31477, F999999]")), encoding="utf-8"
    )
    [result] = ContentRepository.open(project).check([bad])
    assert [(p.code, p.line) for p in result.problems] == [("unknown-source", 12)]


def test_an_unreadable_catalogue_stops_the_check_with_a_french_message(project: Path) -> None:
    (project / "sources").mkdir()
    (project / "sources/catalogue.json").write_text('{"format": 1, "sources": [', encoding="utf-8")
    result = entraide("check", cwd=project)
    assert result.returncode == 2
    assert "Erreur" in result.stderr and "catalogue" in result.stderr
