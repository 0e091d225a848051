"""Handout PDFs, printed by headless Chromium, and binders merged with pypdf.

Chromium prints exactly what the print view shows (the same engine as the
browser the mediator prints from), needs no Python binding (its own
``--print-to-pdf``), and Debian packages it. Each handout is printed on its
own, two at a time; a binder (one per theme or organisation) is the
concatenation of its handouts' PDFs, so nothing is printed twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pypdf import PdfWriter

from entraide.content.taxonomy import Taxonomy
from entraide.handouts.print_view import (
    SCRIPT,
    STYLESHEET,
    HandoutSheet,
    print_view_html,
)
from entraide.website.model import url_for

ASSETS = Path(__file__).parent / "assets"
CHROMIUM_ENV = "ENTRAIDE_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--no-pdf-header-footer",
)
BINDER_FACETS = {"themes": "theme", "organisations": "organisme"}


class PdfError(Exception):
    """No browser, or the browser failed; the message is French."""


@dataclass(frozen=True)
class PdfReport:
    handouts: list[Path]
    binders: list[Path]


def find_chromium() -> Path:
    """``$ENTRAIDE_CHROMIUM``, else the first Chromium or Chrome on the PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return Path(configured)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise PdfError(
        "Chromium est introuvable : installez-le (Debian : « apt-get install chromium ») "
        f"ou indiquez son chemin dans la variable {CHROMIUM_ENV}."
    )


def pdf_name(sheet: HandoutSheet) -> str:
    """``procedures/caf/prime-activite.md`` -> ``caf-prime-activite.pdf``."""
    parts = PurePosixPath(sheet.page_path).with_suffix("").parts
    if len(parts) > 1 and parts[0] == "procedures":
        parts = parts[1:]
    return "-".join(parts) + ".pdf"


def _print(chromium: Path, html: Path, pdf: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="entraide-chromium-") as profile:
        command = [
            str(chromium),
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"Chromium n'a pas imprimé {html.name} ({exc}).") from exc
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise PdfError(f"Chromium n'a pas imprimé {html.name} : {' '.join(tail) or 'erreur'}.")


def _write_views(sheets: Sequence[HandoutSheet], taxonomy: Taxonomy, folder: Path) -> list[Path]:
    """The print views as the site has them (same relative CSS), in a work folder."""
    for uri, name in ((STYLESHEET, "fiche.css"), (SCRIPT, "emporter.js")):
        target = folder / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / name, target)
    views = []
    for sheet in sheets:
        view = folder / sheet.path
        view.parent.mkdir(parents=True, exist_ok=True)
        html = print_view_html(sheet, taxonomy.handouts, url_for(sheet.page_path, True))
        view.write_text(html, encoding="utf-8")
        views.append(view)
    return views


def render_handouts(
    sheets: Sequence[HandoutSheet],
    taxonomy: Taxonomy,
    output: Path,
    chromium: Path,
    jobs: int = 2,
    timeout: float = 120,
) -> PdfReport:
    """``output/fiches/*.pdf``, one per handout, and ``output/classeurs/*.pdf``."""
    handouts_dir, binders_dir = output / "fiches", output / "classeurs"
    handouts_dir.mkdir(parents=True, exist_ok=True)
    binders_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="entraide-fiches-") as work:
        views = _write_views(sheets, taxonomy, Path(work))
        pdfs = [handouts_dir / pdf_name(sheet) for sheet in sheets]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda v, p: _print(chromium, v, p, timeout), views, pdfs))
    binders = list(_binders(list(zip(sheets, pdfs, strict=True)), taxonomy, binders_dir))
    return PdfReport(pdfs, binders)


def _binders(
    printed: list[tuple[HandoutSheet, Path]], taxonomy: Taxonomy, folder: Path
) -> Iterable[Path]:
    for facet, prefix in BINDER_FACETS.items():
        for slug in taxonomy.facet(facet):
            members = sorted(
                ((s, pdf) for s, pdf in printed if slug in getattr(s, facet)),
                key=lambda pair: pair[0].title,
            )
            if not members:
                continue
            writer = PdfWriter()
            for _sheet, pdf in members:
                writer.append(pdf)
            target = folder / f"{prefix}-{slug}.pdf"
            with target.open("wb") as stream:
                writer.write(stream)
            yield target
