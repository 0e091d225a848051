"""The catalogue of official fiches: import from service-public XML, checks on pages."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from entraide.cli.main import main
from entraide.content.frontmatter import parse_front_matter
from entraide.content.page import Page
from entraide.sources.catalogue import (
    Catalogue,
    CatalogueError,
    SourceEntry,
    load_catalogue,
    source_id,
)
from entraide.sources.checks import check_page_sources
from entraide.sources.servicepublic import import_fiches

XML = Path("xml") / "particuliers"


def test_whole_corpus_imports_into_a_sorted_diff_friendly_catalogue(
    corpus: Path, tmp_path: Path
) -> None:
    folder = corpus / XML
    expected = len(list(folder.glob("*.xml")))
    target = tmp_path / "sources" / "catalogue.json"

    assert main(["sources", "import", str(folder), "--catalogue", str(target)]) == 0

    catalogue = load_catalogue(target)
    assert catalogue is not None
    assert len(catalogue) == expected
    fiche = catalogue.get("F1427")
    assert fiche == SourceEntry(
        id="F1427",
        title="Acte de naissance : demande de copie intégrale ou d'extrait",
        kind="fiche",
        type="Fiche d'information",
        url="https://www.service-public.fr/particuliers/vosdroits/F1427",
        modified=date(2019, 11, 26),
        theme="Papiers - Citoyenneté",
        important_change=fiche.important_change if fiche else None,
    )
    kinds = {entry.kind for entry in catalogue}
    assert kinds == {"fiche", "dossier", "ressource"}
    assert all(entry.modified is not None for entry in catalogue)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == expected + 2  # one fiche a line between header and footer
    ids = [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]]
    assert ids == sorted(ids, key=lambda i: (i[0], int(i[1:])))
    before = target.read_bytes()
    assert main(["sources", "import", str(folder), "--catalogue", str(target)]) == 0
    assert target.read_bytes() == before


def _fiche(corpus_fiche: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(corpus_fiche, folder / corpus_fiche.name)


def _good_fiche(identifier: str, modified: str = "2026-05-04") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'ID="{identifier}" type="Fiche d\'information" '
        f'spUrl="https://www.service-public.fr/particuliers/vosdroits/{identifier}">'
        f"<dc:title>Fiche {identifier}</dc:title><dc:date>modified {modified}</dc:date>"
        '<Theme ID="N19811"><Titre>Social - Santé</Titre></Theme></Publication>\n'
    )


def test_malformed_file_is_reported_in_french_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xml"
    folder.mkdir()
    (folder / "F100.xml").write_text(_good_fiche("F100"), encoding="utf-8")
    (folder / "R200.xml").write_text(_good_fiche("R200"), encoding="utf-8")
    (folder / "F9.xml").write_text(
        '<?xml version="1.0"?>\n<Publication ID="F9">\n<dc:title>Coupé', encoding="utf-8"
    )
    (folder / "N7.xml").write_text(_good_fiche("N8"), encoding="utf-8")
    (folder / "notes.xml").write_text("pas une fiche", encoding="utf-8")
    target = tmp_path / "catalogue.json"
    Catalogue({"F5": SourceEntry("F5", "Déjà là", "fiche", "", "", None)}).save(target)

    code = main(["sources", "import", str(folder), "--catalogue", str(target)])

    out, err = capsys.readouterr()
    assert code == 1
    assert "F9.xml, ligne 3" in err
    assert "XML illisible" in err
    assert "les autres fiches sont importées" in err
    assert "N7.xml" in err and "N8" in err
    assert "2 fiche(s) importée(s) sur 4 fichier(s)" in out
    catalogue = load_catalogue(target)
    assert catalogue is not None
    assert sorted(catalogue.entries) == ["F100", "F5", "R200"]
    assert catalogue.entries["R200"].kind == "ressource"
    assert catalogue.entries["F100"].theme == "Social - Santé"


def test_zip_of_fiches(tmp_path: Path) -> None:
    archive = tmp_path / "vosdroits-latest.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("vosdroits/F100.xml", _good_fiche("F100"))
        bundle.writestr("vosdroits/N3.xml", _good_fiche("N3"))
        bundle.writestr("LISEZMOI.txt", "rien")

    result = import_fiches(archive)

    assert result.problems == []
    assert sorted(e.id for e in result.entries) == ["F100", "N3"]


def test_missing_or_wrong_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "import", str(tmp_path / "absent")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    text = tmp_path / "fiche.txt"
    text.write_text("x", encoding="utf-8")
    assert main(["sources", "import", str(text)]) == 2
    assert "ni un dossier ni une archive zip" in capsys.readouterr().err


def test_load_catalogue(tmp_path: Path) -> None:
    assert load_catalogue(tmp_path / "absent.json") is None
    broken = tmp_path / "catalogue.json"
    broken.write_text('{"format": 1, "sources": [\n  {"id": "F1",\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"catalogue\.json, ligne 3 .*entraide sources"):
        load_catalogue(broken)


@pytest.mark.parametrize(
    ("reference", "identifier"),
    [
        ("F1427", "F1427"),
        ("https://www.service-public.fr/particuliers/vosdroits/F1427", "F1427"),
        ("https://www.service-public.gouv.fr/particuliers/vosdroits/N31477/", "N31477"),
        ("https://www.caf.fr/allocataires", None),
    ],
)
def test_source_id(reference: str, identifier: str | None) -> None:
    assert source_id(reference) == identifier


def test_check_page_sources() -> None:
    text = (
        "---\ntitle: Une page\ntype: procedure\n"
        "sources:\n  - F1427\n  - F999999\n"
        "  - https://www.service-public.fr/particuliers/vosdroits/R123456\n"
        "  - https://www.caf.fr/\n---\n\n# Une page\n"
    )
    front_matter = parse_front_matter(text)
    page = Page.from_meta("procedures/une-page.md", front_matter.data, front_matter.body, 1)
    catalogue = Catalogue({"F1427": SourceEntry("F1427", "Acte", "fiche", "", "", None)})
    line = front_matter.line_of(("sources",))

    problems = check_page_sources(page, catalogue, "docs/procedures/une-page.md", line)

    assert [(p.path, p.line, p.code, p.is_error) for p in problems] == [
        ("docs/procedures/une-page.md", 4, "unknown-source", True),
        ("docs/procedures/une-page.md", 4, "unknown-source", True),
    ]
    assert "« F999999 » n'existe pas dans le catalogue" in problems[0].message
    assert "« R123456 »" in problems[1].message
    assert check_page_sources(page, None, "docs/procedures/une-page.md", line) == []


def test_committed_catalogue_is_readable(repo_root: Path) -> None:
    catalogue = load_catalogue(repo_root / "sources" / "catalogue.json")
    assert catalogue is not None
    assert "F1427" in catalogue
    assert "N31477" in catalogue
