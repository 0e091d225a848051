"""``entraide freshness``: the pages a person should check again, by owner and theme."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from entraide.cli import options
from entraide.cli.workspace import repository_of, workspace_or_none
from entraide.content.page import Page
from entraide.freshness.render import render_json, render_markdown, render_text
from entraide.freshness.report import DEFAULT_WINDOW_DAYS, build_report
from entraide.network.contacts import contact_json, contact_text
from entraide.sources.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue


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
    workspace = workspace_or_none(args.docs)
    if workspace is None:
        return 2
    repository = repository_of(workspace)
    if workspace.network is not None and args.catalogue == CATALOGUE_PATH:
        args.catalogue = workspace.settings_root / CATALOGUE_PATH
    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    as_of = args.as_of or date.today()
    pages = [r.page for r in repository.validate(today=as_of) if r.page is not None]
    report = build_report(pages, as_of, args.within, catalogue)
    contacts = (
        [c for c in workspace.network.directory.contacts if c.is_due(as_of, args.within)]
        if workspace.network is not None
        else []
    )

    def path_of(page: Page) -> str:
        published = workspace.model.get(page.path)
        return published.display if published else page.path

    def theme_label(slug: str) -> str:
        return repository.taxonomy.label("themes", slug)

    if args.format == "json":
        rendered = render_json(report, path_of)
        if workspace.network is not None:
            data = json.loads(rendered)
            data["contacts"] = [contact_json(c) for c in contacts]
            rendered = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(rendered)
    elif args.format == "markdown":
        sys.stdout.write("# Pages à revérifier\n\n")
        sys.stdout.write(render_markdown(report, path_of, theme_label))
        if contacts:
            sys.stdout.write("\n## Contacts locaux à revérifier\n\n")
            sys.stdout.write("".join(f"- {contact_text(c)}\n" for c in contacts))
    else:
        if catalogue is None:
            print(
                f"Note : pas de catalogue des sources ({args.catalogue}) ; les fiches "
                "officielles modifiées ne sont pas signalées (« entraide sources import »).",
                file=sys.stderr,
            )
        sys.stdout.write(render_text(report, path_of, theme_label))
        if contacts:
            sys.stdout.write(f"\nContacts locaux à revérifier ({len(contacts)}) :\n")
            sys.stdout.write("".join(f"  {contact_text(c)}\n" for c in contacts))
    return 0
