"""``entraide freshness``: the pages a person should check again, by owner and theme."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from entraide.cli import options
from entraide.content.page import Page
from entraide.content.repository import ContentRepository
from entraide.content.taxonomy import TaxonomyError
from entraide.freshness.render import render_json, render_markdown, render_text
from entraide.freshness.report import DEFAULT_WINDOW_DAYS, build_report
from entraide.sources.catalogue import CatalogueError, load_catalogue


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas une date AAAA-MM-JJ (par exemple 2026-12-01)"
        ) from exc


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre de jours positif")
    return int(text)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "freshness",
        help="pages à revérifier (vérification expirée ou proche, source officielle modifiée)",
        description=(
            "Liste, par responsable et par thème, les pages dont la vérification a expiré "
            "ou expirera bientôt, et celles dont une fiche officielle citée a changé depuis "
            "la dernière vérification (d'après le catalogue des sources)."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text pour les personnes, json pour les programmes, markdown pour un ticket",
    )
    parser.add_argument(
        "--as-of",
        type=_day,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date de référence (par défaut : aujourd'hui)",
    )
    parser.add_argument(
        "--within",
        type=_days,
        default=DEFAULT_WINDOW_DAYS,
        metavar="JOURS",
        help=(
            "inclure aussi les vérifications qui expirent dans ce délai "
            f"(défaut : {DEFAULT_WINDOW_DAYS})"
        ),
    )
    options.add_docs(parser)
    options.add_catalogue(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        repository = ContentRepository.open(Path.cwd(), args.docs)
        catalogue = load_catalogue(args.catalogue)
    except (TaxonomyError, CatalogueError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    as_of = args.as_of or date.today()
    pages = [r.page for r in repository.validate(today=as_of) if r.page is not None]
    report = build_report(pages, as_of, args.within, catalogue)

    def path_of(page: Page) -> str:
        return repository.display(repository.docs_dir / page.path)

    def theme_label(slug: str) -> str:
        return repository.taxonomy.label("themes", slug)

    if args.format == "json":
        sys.stdout.write(render_json(report, path_of))
    elif args.format == "markdown":
        sys.stdout.write("# Pages à revérifier\n\n")
        sys.stdout.write(render_markdown(report, path_of, theme_label))
    else:
        if catalogue is None:
            print(
                f"Note : pas de catalogue des sources ({args.catalogue}) ; les fiches "
                "officielles modifiées ne sont pas signalées (« entraide sources import »).",
                file=sys.stderr,
            )
        sys.stdout.write(render_text(report, path_of, theme_label))
    return 0
