"""A network's own site over a pinned base: init, merged build, check, update, status, search.

Real Git repositories in tmp_path (a base tagged v1.0 and v1.1), the real
``entraide`` command in a process, real MkDocs builds.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.network_helpers import (
    COMPLETION,
    PRIVATE_MOBILE,
    add_local_layer,
    git,
    make_base,
)

NAME = "France Services du Gard"


def entraide(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("base") / "entraide")


def init(base: Path, folder: Path, ref: str = "v1.0") -> Path:
    result = entraide(
        "network", "init", "reseau", "--name", NAME, "--base", str(base), "--ref", ref, cwd=folder
    )
    assert result.returncode == 0, result.stderr
    return folder / "reseau"


@pytest.fixture(scope="module")
def built(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    network = init(base, tmp_path_factory.mktemp("built"))
    add_local_layer(network)
    result = entraide("build", cwd=network)
    assert result.returncode == 0, result.stderr
    return network


def article(network: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((network / "site" / page / "index.html").read_text("utf-8"), "html.parser")
    found = soup.select_one("article")
    assert found is not None, page
    return found


def test_init_creates_a_committed_repository_with_what_a_network_edits(
    base: Path, tmp_path: Path
) -> None:
    network = init(base, tmp_path)
    for name in (
        "entraide-reseau.yml",
        "entraide-base.yml",
        "contacts.yml",
        "taxonomie-locale.yml",
        "local/chez-nous/notre-reseau.md",
        ".github/workflows/publier.yml",
        ".gitlab-ci.yml",
        ".gitignore",
        "README.md",
    ):
        assert (network / name).is_file(), name
    assert git(network, "status", "--porcelain") == ""
    assert len(git(network, "log", "--oneline").splitlines()) == 1
    pin = yaml.safe_load((network / "entraide-base.yml").read_text("utf-8"))
    assert pin["ref"] == "v1.0" and pin["commit"] == git(base, "rev-parse", "v1.0")
    assert ".entraide-base/" in (network / ".gitignore").read_text("utf-8")
    assert "# Nom du réseau" in (network / "entraide-reseau.yml").read_text("utf-8")
    assert "Ce que vous modifiez" in (network / "README.md").read_text("utf-8")
    gitlab = yaml.safe_load((network / ".gitlab-ci.yml").read_text("utf-8"))
    assert "entraide build --strict --site-dir public" in gitlab["pages"]["script"]
    schema = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "custom.github-workflows-require-timeout", str(network / ".github/workflows/publier.yml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert schema.returncode == 0, schema.stdout


def test_init_refuses_an_unknown_version_in_french(base: Path, tmp_path: Path) -> None:
    result = entraide(
        "network",
        "init",
        "reseau",
        "--name",
        NAME,
        "--base",
        str(base),
        "--ref",
        "v9",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "la version « v9 » n'existe pas dans la base" in result.stderr
    assert not (tmp_path / "reseau").exists()
    # The base's own current branch is checked out too (a fresh clone has no files).
    network = init(base, tmp_path, ref="main")
    assert (network / ".entraide-base/taxonomy.yml").is_file()


def test_merged_site_has_local_pages_chez_nous_blocks_directory_and_branding(built: Path) -> None:
    # A local page of its own.
    assert "Présentez ici votre réseau" in article(built, "chez-nous/notre-reseau").text
    # The replacement wins over the shared page at the same path.
    assert "antenne CAF de Nîmes" in article(built, "procedures/caf/prime").text
    # The completion and the CAF contact, in one block just before « En cas de blocage ».
    page = article(built, "procedures/caf/logement")
    block = page.select_one(".admonition.entraide-chez-nous")
    assert block is not None
    assert f"Chez nous : {NAME}" in block.text
    assert COMPLETION.strip() in block.text
    assert "CAF du Gard" in block.text and PRIVATE_MOBILE in block.text
    following = block.find_next_sibling("h2")
    assert following is not None and following.text.startswith("En cas de blocage")
    # A procedure of an organisation without contact or completion has no block.
    assert article(built, "faq/partage").select_one(".entraide-chez-nous") is None
    # Hidden pages (by path, by taxonomy value) are gone; their address says so.
    hidden = article(built, "procedures/ants/permis").text
    assert "non publiée par ce réseau" in hidden and "permis de conduire" not in hidden
    assert "Parcoursup" not in article(built, "faq/parcoursup").text
    assert "Parcoursup" not in article(built, "publics/jeunes").text
    # The directory, by organisation and by theme.
    directory = article(built, "chez-nous/qui-appeler")
    headings = [h.text.strip("¶ ") for h in directory.select("h2, h3")]
    assert headings[:2] == ["Par organisme", "Caisse d'allocations familiales (CAF)"]
    assert "Par thème" in headings and "Logement" in headings
    # Branding: name, colours, footer with the base version, report contact.
    home = (built / "site" / "index.html").read_text("utf-8")
    assert "<title>" in home and NAME in home
    assert "Entraide v1.0" in home
    assert "#004d40" in (built / "site/assets/entraide/reseau.css").read_text("utf-8")
    prime = (built / "site/procedures/caf/prime/index.html").read_text("utf-8")
    assert "mailto:coordination@fs-gard.example.fr" in prime
    # Contacts past their review date are on « À revérifier ».
    review = article(built, "a-reverifier").text
    assert "Permanence MSA Vaunage" in review and "CAF du Gard" not in review
    # « Modifié le » follows each side's own Git history, under composed pages too.
    assert "(Reseau)" in article(built, "procedures/caf/prime").text
    assert "(Base Test)" in article(built, "procedures/caf/logement").text
    # Nothing was ever written into the base's cache.
    assert git(built / ".entraide-base", "status", "--porcelain") == ""


def test_a_network_restyles_page_partials_through_its_overrides(base: Path, tmp_path: Path) -> None:
    """The network's ``overrides/`` wins, the base's theme files stay under it, the
    plugin's partials under both."""
    network = init(base, tmp_path)
    partials = {
        network / ".entraide-base/overrides/partials": {
            "entraide-badges.html": '<p class="base-badges">base</p>',
            "entraide-facettes.html": '<p class="base-facettes">base</p>',
        },
        network / "overrides/partials": {
            "entraide-facettes.html": '<p class="reseau-facettes">réseau</p>',
            "entraide-historique.html": (
                '<p class="reseau-historique">{{ page.meta.entraide.history.text | e }}</p>'
            ),
        },
    }
    for folder, files in partials.items():
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    result = entraide("build", cwd=network)
    assert result.returncode == 0, result.stderr
    page = article(network, "procedures/caf/logement")
    meta = page.select_one(".entraide-meta")
    assert meta is not None
    assert meta.select_one(".base-badges") is not None
    assert meta.select_one(".reseau-facettes") is not None
    assert meta.select_one(".base-facettes, .entraide-facets, .entraide-badges") is None
    assert meta.select_one(".entraide-review") is not None
    history = page.select_one("p.reseau-historique")
    assert history is not None and history.text.startswith("Modifié le ")
    assert page.select_one("aside.entraide-history") is None


def test_a_page_reached_through_a_symbolic_link_is_never_indexed(
    base: Path, tmp_path: Path
) -> None:
    """As for a plain site: the link may point at any file the machine can read."""
    from entraide.network.workspace import open_workspace

    network = init(base, tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nzorglubhors\n", encoding="utf-8")
    (network / "local" / "faq").mkdir(parents=True, exist_ok=True)
    (network / "local" / "faq" / "lien.md").symlink_to(secret)
    linked_folder = tmp_path / "dossier"
    linked_folder.mkdir()
    (linked_folder / "page.md").write_text("# Page\n\nzorglubdossier\n", encoding="utf-8")
    (network / "local" / "dossier").symlink_to(linked_folder, target_is_directory=True)
    indexed = dict(open_workspace(network).indexed_pages())
    assert "chez-nous/notre-reseau.md" in indexed
    assert "faq/lien.md" not in indexed
    assert "dossier/page.md" not in indexed
    indexing = entraide("index", cwd=network)
    assert indexing.returncode == 0, indexing.stderr
    for secret_word in ("zorglubhors", "zorglubdossier"):
        result = entraide("search", "--json", secret_word, cwd=network)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total"] == 0, result.stdout


def test_a_plain_mkdocs_build_indexes_the_merged_site_as_entraide_build_does(
    base: Path, tmp_path: Path
) -> None:
    """``mkdocs build -f .entraide-site.yml`` (the plugin's post_build) and ``entraide
    build`` index the same pages: local ones in, hidden shared ones out."""
    from tests.test_static_search import indexed_pages

    network = init(base, tmp_path)
    add_local_layer(network)
    assert entraide("build", cwd=network).returncode == 0
    by_entraide = set(indexed_pages(network / "site"))
    assert "chez-nous/notre-reseau.md" in by_entraide
    assert "procedures/ants/permis.md" not in by_entraide
    for folder in ("site", ".entraide-index"):
        shutil.rmtree(network / folder)
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", ".entraide-site.yml"],
        cwd=network,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(network)},
    )
    assert plain.returncode == 0, plain.stderr
    assert set(indexed_pages(network / "site")) == by_entraide


def test_merged_search_finds_a_local_contact_by_its_structure(built: Path) -> None:
    result = entraide("search", "--json", "Permanence MSA Vaunage", cwd=built)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["results"]
    assert found and found[0]["path"] in ("chez-nous/qui-appeler.md", "procedures/msa/aides.md")
    assert "chez-nous/qui-appeler.md" in {r["path"] for r in found}
    # The static site's index (exported from the same Whoosh index) holds the contact too.
    static = built / "site/assets/recherche"
    assert any("Vaunage" in path.read_text("utf-8") for path in static.rglob("*.js"))
    hidden = entraide("search", "--json", "permis de conduire", cwd=built)
    assert "procedures/ants/permis.md" not in hidden.stdout


def test_check_says_which_side_a_problem_is_on(built: Path, tmp_path: Path) -> None:
    result = entraide("check", cwd=built)
    assert re.search(r"^base : docs/faq/mot-de-passe\.md:\d+: erreur \[dead-link\]",
                     result.stdout, re.MULTILINE), result.stdout  # fmt: skip
    assert re.search(r"^local : contacts\.yml:\d+: avertissement \[contact-review-due\].*Vaunage",
                     result.stdout, re.MULTILINE), result.stdout  # fmt: skip
    assert "06 12" not in result.stdout  # the professional mobile in contacts.yml is accepted


def test_check_for_machines_gives_repository_relative_paths(built: Path) -> None:
    """JSON and CI annotations name files as ``check`` does in a plain repository: the
    side (« local : », « base : ») is for people, a path is for tools."""
    as_json = json.loads(entraide("check", "--format", "json", cwd=built).stdout)
    paths = {(p["path"], p["code"]) for p in as_json}
    assert (".entraide-base/docs/faq/mot-de-passe.md", "dead-link") in paths
    assert ("contacts.yml", "contact-review-due") in paths
    assert all(" : " not in path and (built / path).is_file() for path, _ in paths), paths
    annotations = entraide("check", "--format", "github", cwd=built).stdout.splitlines()
    files = {line.split("file=")[1].split(",line=")[0] for line in annotations}
    assert {".entraide-base/docs/faq/mot-de-passe.md", "contacts.yml"} <= files
    assert all(" : " not in name for name in files), files


def test_private_mobile_in_a_page_is_refused_a_listed_professional_line_accepted(
    built: Path,
) -> None:
    page = built / "local/chez-nous/notre-reseau.md"
    completion = built / "complements/procedures/caf/logement.md"
    contacts = built / "contacts.yml"
    originals = {path: path.read_text("utf-8") for path in (page, completion, contacts)}
    try:
        # The CAF referent's professional mobile, listed in contacts.yml, may be quoted.
        page.write_text(originals[page] + f"\nRéférent CAF : {PRIVATE_MOBILE}.\n", "utf-8")
        assert entraide("check", "local", cwd=built).returncode == 0
        # Any other mobile number, in a page or in a « Chez nous » block, is refused.
        page.write_text(originals[page] + "\nAppelez Mme Dupont au 06 98 76 54 32.\n", "utf-8")
        completion.write_text(originals[completion] + "Ou au 06 55 44 33 22.\n", "utf-8")
        result = entraide("check", cwd=built)
        assert result.returncode == 1
        for shown in ("local/chez-nous/notre-reseau.md", "complements/procedures/caf/logement.md"):
            assert re.search(rf"^local : {re.escape(shown)}:\d+: erreur \[personal-data",
                             result.stdout, re.MULTILINE), result.stdout  # fmt: skip
        # The strict build refuses to publish them too.
        assert entraide("build", "--strict", cwd=built).returncode == 1
        # A personal e-mail is refused even in contacts.yml.
        contacts.write_text(
            originals[contacts].replace("partenaires.gard@caf-exemple.fr", "j.dupont@gmail.com"),
            "utf-8",
        )
        result = entraide("check", cwd=built)
        assert re.search(r"^local : contacts\.yml:\d+: erreur \[contact-email\].*particuliers",
                         result.stdout, re.MULTILINE), result.stdout  # fmt: skip
    finally:
        for path, text in originals.items():
            path.write_text(text, "utf-8")


def test_local_taxonomy_adds_values_but_never_redefines_shared_ones(built: Path) -> None:
    taxonomy = built / "taxonomie-locale.yml"
    original = taxonomy.read_text("utf-8")
    try:
        taxonomy.write_text("organisations:\n  ccas-nimes:\n    label: CCAS de Nîmes\n", "utf-8")
        assert entraide("check", "local", cwd=built).returncode == 0
        taxonomy.write_text("organisations:\n  caf:\n    label: Caisse du Gard\n", "utf-8")
        result = entraide("check", cwd=built)
        assert result.returncode == 2
        assert "taxonomie-locale.yml:2 : « caf » existe déjà dans la taxonomie partagée" in (
            result.stderr
        )
    finally:
        taxonomy.write_text(original, "utf-8")


def _digests(network: Path) -> dict[str, str]:
    return {
        path.relative_to(network).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("local", "complements")
        for path in (network / folder).rglob("*")
        if path.is_file()
    } | {
        name: hashlib.sha256((network / name).read_bytes()).hexdigest()
        for name in ("contacts.yml", "entraide-reseau.yml", "taxonomie-locale.yml", "README.md")
    }


def test_update_reports_shared_changes_and_affected_local_files(base: Path, tmp_path: Path) -> None:
    network = init(base, tmp_path)
    add_local_layer(network)
    before = _digests(network)
    status = entraide("network", "status", cwd=network)
    assert status.returncode == 0, status.stderr
    assert "Base : v1.0" in status.stdout and "Plus récente : v1.1" in status.stdout
    assert "local : local/procedures/caf/prime.md (remplace une page partagée)" in status.stdout
    assert "Contacts : 2, dont 1 à revérifier" in status.stdout

    result = entraide("network", "update", cwd=network)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    (tmp_path / "update-report.txt").write_text(report, "utf-8")
    assert "Base Entraide : v1.0" in report and "→ v1.1" in report
    assert re.search(r"ajoutées \(1\) :\n    procedures/caf/nouvelle\.md", report)
    assert re.search(r"modifiées \(2\) :\n    procedures/caf/logement\.md\n"
                     r"    procedures/caf/prime\.md", report)  # fmt: skip
    assert re.search(r"supprimées \(1\) :\n    procedures/msa/aides\.md", report)
    assert "renommées (1) :\n    faq/partage.md → faq/partager-ecran.md" in report
    assert "local/procedures/caf/prime.md remplace la page partagée" in report
    assert "complements/procedures/caf/logement.md complète la page partagée" in report
    assert re.search(r"contacts\.yml, ligne \d+ : « msa » n'est pas une valeur", report)
    # Every local file kept as it was; the new pin recorded in the network's history.
    assert _digests(network) == before
    pin = yaml.safe_load((network / "entraide-base.yml").read_text("utf-8"))
    assert pin["commit"] == git(base, "rev-parse", "v1.1")
    assert git(network, "status", "--porcelain") == ""
    assert "v1.0 → v1.1" in git(network, "log", "-1", "--format=%s")

    build = entraide("build", cwd=network)
    assert build.returncode == 0, build.stderr
    assert re.search(r"local : local/procedures/caf/prime\.md:\d+: avertissement "
                     r"\[replaced-page-changed\]", build.stderr), build.stderr  # fmt: skip
    assert "Entraide v1.1" in (network / "site/index.html").read_text("utf-8")
    assert "local/procedures/caf/prime.md" in article(network, "a-reverifier").text
    # A reminder to re-read, not a publication blocker: a strict build (CI, serve) does not
    # stop on it (only on the base's own dead link, left in the fixture on purpose).
    contacts = network / "contacts.yml"
    contacts.write_text(contacts.read_text("utf-8").replace("[msa]", "[caf]"), "utf-8")
    strict = entraide("build", "--strict", cwd=network).stderr
    blocking = [line for line in strict.splitlines() if line.startswith("AVERTISSEMENT")]
    assert len(blocking) == 1 and "inexistante.md" in blocking[0], strict
    assert entraide("network", "update", cwd=network).stdout.startswith(
        "La base est déjà à la version v1.1"
    )
