"""``entraide training rights``: estimate what each fictional household is entitled to."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from entraide.cli import options
from entraide.content.repository import ContentRepository
from entraide.content.taxonomy import TaxonomyError
from entraide.training.files import PERSONA, data_files, data_kind
from entraide.training.household import check_household
from entraide.training.rights import RightsCalculator, RightsUnavailableError, with_rights
from entraide.training.yaml_source import DataSyntaxError, parse_data

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "training",
        help="kit d'entraînement : droits estimés des foyers fictifs",
        description="Outils du kit d'entraînement (docs/entrainement).",
    )
    commands = parser.add_subparsers(dest="training_command", metavar="ACTION")
    rights = commands.add_parser(
        "rights",
        help="estimer RSA, prime d'activité et aides au logement des foyers fictifs",
        description=(
            "Calcule avec OpenFisca-France (option d'installation « droits ») les montants "
            "mensuels estimés du RSA, de la prime d'activité, des aides au logement et des "
            "allocations familiales de chaque foyer fictif, et les écrit, avec la version du "
            "modèle et la date, à la fin de son fichier .yml (bloc « rights »). Le site ne "
            "fait que les lire."
        ),
        epilog="Installation : pip install -e '.[droits]'",
    )
    rights.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="CHEMIN",
        help="fichiers de foyers (par défaut : tous)",
    )
    rights.add_argument(
        "--month",
        metavar="AAAA-MM",
        help="mois du calcul (par défaut : celui de la date « as_of » de chaque foyer)",
    )
    options.add_docs(rights)
    rights.set_defaults(func=run_rights)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def run_rights(args: argparse.Namespace) -> int:
    if args.month and not _MONTH.match(args.month):
        print(f"Erreur : « {args.month} » n'est pas un mois AAAA-MM.", file=sys.stderr)
        return 2
    try:
        repository = ContentRepository.open(Path.cwd(), args.docs)
        calculator = RightsCalculator()
    except (TaxonomyError, RightsUnavailableError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    docs = repository.docs_dir
    status = 0
    print(f"Modèle : {calculator.model}")
    for path in data_files(docs, repository.taxonomy, args.paths):
        docs_path = path.relative_to(docs).as_posix()
        if data_kind(docs_path, repository.taxonomy) != PERSONA:
            continue
        shown = repository.display(path)
        text = path.read_text(encoding="utf-8")
        try:
            household, problems = check_household(shown, path.stem, parse_data(text))
        except DataSyntaxError as exc:
            print(f"{shown}:{exc.line}: {exc.message}", file=sys.stderr)
            status = 1
            continue
        if household is None:
            for problem in problems:
                print(problem.located(), file=sys.stderr)
            status = 1
            continue
        period = args.month or str(household.data["as_of"])[:7]
        rights = calculator.compute(household, period, date.today())
        path.write_text(with_rights(text, rights), encoding="utf-8")
        amounts = ", ".join(f"{k} {v:.2f} €" for k, v in rights.as_data()["amounts"].items())
        print(f"{shown} ({period}) : {amounts}")
    return status
