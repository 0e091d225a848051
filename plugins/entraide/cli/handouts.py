"""``entraide handouts``: handout PDFs, one per handout plus binders by theme and organisation."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from entraide.cli.options import add_config_file


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "handouts",
        help="imprimer les fiches à remettre en PDF",
        description=(
            "Imprime en PDF (avec Chromium) chaque fiche « à remettre » des pages, puis un "
            "classeur par thème et par organisme qui les rassemble."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="CHEMIN",
        help="pages ou dossiers (par défaut : toutes les pages)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("fiches-pdf"),
        metavar="DOSSIER",
        help="dossier des PDF (par défaut : fiches-pdf)",
    )
    add_config_file(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from entraide.content.repository import ContentRepository
    from entraide.content.taxonomy import TaxonomyError
    from entraide.handouts.pdf import PdfError, find_chromium, render_handouts
    from entraide.handouts.print_view import sheet_for
    from entraide.sitebuild import BuildError, site_settings

    try:
        docs_dir, site_url = site_settings(args.config_file)
        repository = ContentRepository.open(args.config_file.parent, docs_dir)
        chromium = find_chromium()
    except (BuildError, TaxonomyError, PdfError) as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    results = {r.page.path: r for r in repository.check(args.paths) if r.page is not None}
    sheets = []
    for path in repository.markdown_files(args.paths):
        docs_path = repository.docs_path(path)
        result = results.get(docs_path or "")
        if docs_path is None or result is None:
            continue
        sheet = sheet_for(docs_path, path.read_text(encoding="utf-8"), site_url)
        if sheet is None:
            continue
        errors = [p for p in result.problems if p.is_error and p.code.startswith("handout")]
        if errors:
            print(f"Fiche ignorée : {errors[0].located()}", file=sys.stderr)
            continue
        sheets.append(sheet)
    if not sheets:
        print("Aucune fiche à remettre à imprimer dans ces pages.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        report = render_handouts(sheets, repository.taxonomy, args.output, chromium)
    except PdfError as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    print(
        f"{len(report.handouts)} fiche(s) et {len(report.binders)} classeur(s) en PDF dans "
        f"{args.output} ({time.perf_counter() - started:.1f} s)."
    )
    return 0
