"""Entry point of the ``entraide`` command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from entraide import __version__
from entraide.cli import (
    bundle,
    check,
    freshness,
    handouts,
    network,
    new,
    search,
    site,
    sources,
    training,
    users,
)
from entraide.cli.french import FrenchParser

COMMANDS = (
    site,
    check,
    new,
    freshness,
    sources,
    search,
    handouts,
    bundle,
    training,
    network,
    users,
)


def build_parser() -> FrenchParser:
    parser = FrenchParser(
        prog="entraide",
        description=(
            "Entraide : la base de connaissances partagée des médiateurs numériques et "
            "administratifs. Construire le site, le servir, vérifier les pages."
        ),
        epilog="Aide d'une commande : entraide COMMANDE --help",
    )
    parser.add_argument("--version", action="version", version=f"entraide {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", title="commandes", metavar="COMMANDE", parser_class=FrenchParser
    )
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        # Ctrl+C is how people stop a command: a sentence, not a traceback. Whatever was
        # being written is safe: builds and indexes are swapped in only once complete.
        print(
            "\nInterrompu (Ctrl+C) : rien n'a été abîmé, la commande peut être relancée.",
            file=sys.stderr,
        )
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
