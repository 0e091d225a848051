"""``entraide index`` and ``entraide search`` as a person or a program runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contracts import SEARCH_RESULT_KEYS

# A slice of the service-public corpus with the fiches the queries below expect.
FICHES = ["F12006", "F1280", "F13132", "F1563", "F1726", "F358", "N247", "F369", "F1427", "F1420"]


def entraide(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """A folder with ``docs`` (about 150 corpus pages) and its index ``idx``, made by the CLI."""
    root = tmp_path_factory.mktemp("cli")
    docs = root / "docs"
    docs.mkdir()
    pages = corpus / "markdown/particuliers"
    chosen = {pages / f"{fiche}.md" for fiche in FICHES}
    chosen.update(sorted(pages.glob("F1*.md"))[:140])
    for page in chosen:
        shutil.copy2(page, docs / page.name)
    result = entraide("index", "--docs", str(docs), "--index-dir", str(root / "idx"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert f"{len(chosen)} page(s) ajoutée(s)" in result.stdout
    assert "Indexation : " in result.stderr  # progress goes to stderr, results to stdout
    return root


def test_search_json_is_the_design_object(indexed: Path) -> None:
    result = entraide("search", "--index-dir", "idx", "--json", "apl", cwd=indexed)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "results", "facets", "suggestion", "filters"}
    assert data["query"] == "apl" and data["total"] >= 1
    first = data["results"][0]
    assert set(first) == SEARCH_RESULT_KEYS
    assert first["path"] == "F12006.md" and first["url"] == "F12006/"
    assert "<mark>" in first["snippet"]
    assert first["themes"] == ["logement"]
    assert set(data["facets"]) == {"mediation", "type", "themes", "organisations", "publics"}


def test_search_text_for_people_with_a_suggestion(indexed: Path) -> None:
    result = entraide("search", "--index-dir", "idx", "decalration", "impots", cwd=indexed)
    assert result.returncode == 0, result.stderr
    assert "Vouliez-vous dire : « declaration impots » ?" in result.stdout
    assert "résultat(s) pour « decalration impots »" in result.stdout
    assert "<mark>" not in result.stdout


def test_filters_and_limit(indexed: Path) -> None:
    args = ["search", "--index-dir", "idx", "--json", "--limit", "2", "logement"]
    narrowed = json.loads(entraide(*args, "--filter", "themes=logement", cwd=indexed).stdout)
    assert len(narrowed["results"]) <= 2
    assert narrowed["filters"] == {"themes": ["logement"]}
    assert all("logement" in r["themes"] for r in narrowed["results"])
    assert set(narrowed["facets"]["themes"]) == {"logement"}
    bad = entraide(*args, "--filter", "couleur=bleu", cwd=indexed)
    assert bad.returncode == 2 and "filtre inconnu" in bad.stderr
    malformed = entraide(*args, "--filter", "themes", cwd=indexed)
    assert malformed.returncode == 2 and "CLÉ=VALEUR" in malformed.stderr


def test_batch_reads_one_query_a_line_and_writes_json_lines(indexed: Path) -> None:
    queries = ["apl", "carte grise perdue", "", "title:* <script>", '"unbalanced', "F1427"]
    result = entraide(
        "search", "--index-dir", "idx", "--batch", cwd=indexed, stdin="\n".join(queries) + "\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(queries)
    answers = [json.loads(line) for line in lines]
    assert [a["query"] for a in answers] == [q.strip() for q in queries]
    assert answers[0]["results"][0]["path"] == "F12006.md"
    assert answers[1]["results"][0]["path"] == "F1726.md"
    assert answers[2]["total"] == 0
    assert answers[5]["results"][0]["path"] == "F1427.md"


def test_search_without_an_index_says_how_to_make_one(tmp_path: Path) -> None:
    result = entraide("search", "--index-dir", "absent", "apl", cwd=tmp_path)
    assert result.returncode == 1
    assert "aucun index de recherche" in result.stderr and "entraide index" in result.stderr


def test_query_or_batch_is_required(indexed: Path) -> None:
    result = entraide("search", "--index-dir", "idx", cwd=indexed)
    assert result.returncode == 2 and "--batch" in result.stderr


def test_index_is_incremental_from_the_cli(indexed: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(indexed / "docs", docs)
    shutil.copytree(indexed / "idx", tmp_path / "idx")
    (docs / "F1427.md").unlink()
    result = entraide("index", "--docs", "docs", "--index-dir", "idx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 page(s) ajoutée(s), 0 modifiée(s), 1 retirée(s)" in result.stdout


def test_build_writes_the_search_index(project: Path) -> None:
    result = entraide("build", "--site-dir", str(project / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    search = entraide("search", "--json", "prime activite", cwd=project)
    assert search.returncode == 0, search.stderr
    data = json.loads(search.stdout)
    assert data["results"][0]["path"] == "procedures/caf/prime-activite.md"
    assert data["results"][0]["url"] == "procedures/caf/prime-activite/"
    assert data["results"][0]["type"] == "procedure"
