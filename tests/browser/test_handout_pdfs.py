"""Handout PDFs: `entraide handouts` prints three handouts with Chromium; each is one or two A4
pages, holds its title and steps as text, and its QR code decodes to the official address."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from entraide.handouts.model import find_handouts
from tests.conftest import ROOT

PAGES = {
    "procedures/caf/prime-activite.md": "caf-prime-activite.pdf",
    "procedures/ants/carte-grise-duplicata.md": "ants-carte-grise-duplicata.pdf",
    "procedures/france-travail/actualisation-mensuelle.md": (
        "france-travail-actualisation-mensuelle.pdf"
    ),
}
A4 = (595, 842)  # points, as Chromium writes it (210 x 297 mm)
TOOLS = [tool for tool in ("zbarimg", "pdftoppm") if shutil.which(tool) is None]


def flat(text: str) -> str:
    """Text as compared: one space between words, Markdown emphasis and list marks aside."""
    text = re.sub(r"^\s*\d+\.\s+", "", text.replace("**", ""), flags=re.M)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("fiches")
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    pages = [str(Path("docs") / page) for page in PAGES]
    result = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "handouts", *pages, "--output", "pdf"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "3 fiche(s)" in result.stdout
    return project


@pytest.mark.parametrize("page", PAGES)
def test_handout_pdf_is_one_or_two_a4_pages_with_title_and_steps(printed: Path, page: str) -> None:
    reader = PdfReader(printed / "pdf" / "fiches" / PAGES[page])
    assert 1 <= len(reader.pages) <= 2
    for sheet in reader.pages:
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == A4
    text = flat(" ".join(sheet.extract_text() for sheet in reader.pages))
    [handout] = find_handouts((printed / "docs" / page).read_text(encoding="utf-8"))
    assert flat(handout.title) in text
    steps = handout.part("Les étapes")
    assert steps is not None
    for step in steps.markdown.splitlines():
        assert flat(step) in text


@pytest.mark.skipif(bool(TOOLS), reason=f"absent : {', '.join(TOOLS)} (zbar-tools, poppler-utils)")
@pytest.mark.parametrize("page", PAGES)
def test_handout_qr_code_decodes_to_the_official_address(printed: Path, page: str) -> None:
    pdf = printed / "pdf" / "fiches" / PAGES[page]
    image = printed / f"{pdf.stem}"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, image],
        check=True,
        timeout=60,
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", f"{image}.png"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    [handout] = find_handouts((printed / "docs" / page).read_text(encoding="utf-8"))
    assert decoded.stdout.strip() == handout.qr


def test_binder_gathers_its_handouts(printed: Path) -> None:
    binder = PdfReader(printed / "pdf" / "classeurs" / "organisme-ants.pdf")
    alone = PdfReader(printed / "pdf" / "fiches" / "ants-carte-grise-duplicata.pdf")
    assert len(binder.pages) == len(alone.pages)
    everyone = [PdfReader(printed / "pdf" / "fiches" / name) for name in PAGES.values()]
    themes = list((printed / "pdf" / "classeurs").glob("theme-*.pdf"))
    assert themes and sum(len(PdfReader(t).pages) for t in themes) >= sum(
        len(r.pages) for r in everyone
    )
