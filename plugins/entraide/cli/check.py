"""``entraide check``: validate pages and report problems for people or machines."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from entraide.cli import options
from entraide.cli.workspace import repository_of, workspace_or_none
from entraide.content.checking import repository_context
from entraide.content.problems import Problem
from entraide.content.rendering import RenderingConfigError
from entraide.network.checks import network_check
from entraide.resources.checking import check_resources
from entraide.sources.catalogue import CatalogueError
from entraide.training.data_check import check_data_files
from entraide.website.model import is_markdown


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="vérifier les pages (en-tête, sections, liens, données personnelles…)",
        description=(
            "Vérifie les pages comme le ferait une relecture : en-tête et valeurs permises, "
            "sections obligatoires, liens internes, ancres et images, sources officielles, "
            "dates de vérification, données personnelles (NIR, IBAN, téléphone, e-mail, "
            "numéros fiscal et d'allocataire) et HTML dangereux. Sort en erreur (code 1) "
            "au moindre problème bloquant."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="CHEMIN",
        help="pages ou dossiers (par défaut : docs)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text pour les personnes, json pour les programmes, github pour les annotations CI",
    )
    options.add_docs(parser)
    parser.set_defaults(func=run)


def _github(problem: Problem) -> str:
    level = "error" if problem.is_error else "warning"
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line},title={problem.code}::{message}"


def run(args: argparse.Namespace) -> int:
    workspace = workspace_or_none(args.docs)
    if workspace is None:
        return 2
    repository = repository_of(workspace)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"Erreur : {path} n'existe pas.", file=sys.stderr)
    try:
        existing = [p for p in args.paths if p.exists()]
        # Data files, resources and their metadata are checked by their own rules, below.
        pages = [p for p in existing if p.is_dir() or is_markdown(p.name)]
        results = repository.check(pages) if pages or not existing else []
        context = repository_context(
            repository.settings_root or repository.root,
            repository.site,
            repository.taxonomy,
            date.today(),
        )
        results += check_data_files(repository.root, context, existing)
        results += check_resources(repository.root, repository.docs_dir, existing)
        problems = sorted(p for result in results for p in result.problems)
        if workspace.network is not None and not existing:
            network_problems = network_check(workspace.network, repository, date.today())
            problems = sorted([*problems, *network_problems])
    except (CatalogueError, RenderingConfigError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    if args.format in ("json", "github"):
        # Tools get the file's path; the side of a network (« local : ») is for people.
        problems = [
            replace(p, path=workspace.model.repository_path(p.path, workspace.root))
            for p in problems
        ]
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in problems:
            print(_github(problem))
    else:
        for problem in problems:
            print(problem.located())
        errors = sum(p.is_error for p in problems)
        print(
            f"{len(results)} page(s) vérifiée(s) : {errors} erreur(s), "
            f"{len(problems) - errors} avertissement(s)."
        )
        if problems:
            print(
                "Chaque message dit quoi corriger ; le code entre crochets est expliqué "
                "dans CONTRIBUTING.md, section « Ce que vérifie entraide check »."
            )
    return 1 if missing or any(p.is_error for p in problems) else 0
