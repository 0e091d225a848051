"""``entraide sources import``: the catalogue of official service-public fiches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from entraide.cli import options
from entraide.sources.catalogue import (
    Catalogue,
    CatalogueError,
    load_catalogue,
)
from entraide.sources.servicepublic import FicheError, import_fiches


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="catalogue des fiches officielles service-public",
        description="Gère le catalogue des fiches service-public que les pages citent.",
    )
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION")
    importer = actions.add_parser(
        "import",
        help="importer des fiches XML service-public dans le catalogue",
        description=(
            "Lit un dossier de fiches XML service-public (F….xml, N….xml, R….xml) ou "
            "l'archive zip publiée qui les contient, et met à jour le catalogue du dépôt. "
            "Les fiches déjà cataloguées et absentes de l'import sont gardées. Un fichier "
            "illisible est signalé et ignoré, les autres sont importés ; le code de sortie "
            "est alors 1."
        ),
    )
    importer.add_argument("path", type=Path, metavar="CHEMIN", help="dossier ou archive zip")
    options.add_catalogue(importer)
    importer.set_defaults(func=run_import)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_import(args: argparse.Namespace) -> int:
    try:
        catalogue = load_catalogue(args.catalogue) or Catalogue()
        result = import_fiches(args.path)
    except (CatalogueError, FicheError, OSError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"Erreur : {problem}", file=sys.stderr)
    if not result.entries:
        print("Aucune fiche importée : le catalogue n'a pas changé.", file=sys.stderr)
        return 1
    merged = catalogue.merge(result.entries)
    catalogue.save(args.catalogue)
    rejected = len(result.problems)
    print(
        f"{len(result.entries)} fiche(s) importée(s) sur {result.files} fichier(s) "
        f"({merged.added} ajoutée(s), {merged.updated} mise(s) à jour, "
        f"{merged.unchanged} inchangée(s)) ; {rejected} fichier(s) ignoré(s). "
        f"Catalogue : {args.catalogue} ({len(catalogue)} fiches)."
    )
    return 1 if rejected else 0
