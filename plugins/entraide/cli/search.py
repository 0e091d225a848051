"""``entraide index`` and ``entraide search``: the offline search from a terminal."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from entraide.cli import options
from entraide.content.taxonomy import Taxonomy, TaxonomyError, find_taxonomy, load_taxonomy
from entraide.network.base import BaseError
from entraide.network.config import NetworkConfigError
from entraide.network.layout import find_network
from entraide.network.workspace import open_workspace
from entraide.search.engine import SearchEngine, SearchResponse
from entraide.search.errors import InvalidFilterError, SearchError
from entraide.search.facets import FILTER_KEYS
from entraide.search.indexing import DEFAULT_LOCK_TIMEOUT, IndexReport, update_index

_MARK = re.compile(r"</?mark>")


def register(subparsers: Any) -> None:
    index = subparsers.add_parser(
        "index",
        help="créer ou mettre à jour l'index de recherche",
        description=(
            "Crée ou met à jour l'index de recherche hors ligne : seules les pages modifiées "
            "sont relues, les pages supprimées sont retirées. Fonctionne sur tout dossier "
            "de pages Markdown."
        ),
    )
    options.add_docs(index)
    options.add_index_dir(index)
    index.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_LOCK_TIMEOUT,
        metavar="SECONDES",
        help="attente maximale si une autre mise à jour est en cours "
        f"(par défaut : {DEFAULT_LOCK_TIMEOUT:g})",
    )
    index.set_defaults(func=run_index)

    search = subparsers.add_parser(
        "search",
        help="chercher dans l'index",
        description=(
            "Cherche dans l'index hors ligne. Les mots sont pris tels quels (sans syntaxe "
            "spéciale), sans accents ni majuscules nécessaires ; les sigles (APL, CSS…) et "
            "les fautes de frappe sont compris."
        ),
    )
    options.add_index_dir(search)
    search.add_argument("query", nargs="*", metavar="RECHERCHE", help="les mots cherchés")
    search.add_argument("--json", action="store_true", help="sortie JSON pour les programmes")
    search.add_argument("--limit", type=int, default=10, help="nombre de résultats (max. 100)")
    search.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="CLÉ=VALEUR",
        help=f"restreindre les résultats, répétable ; clés : {', '.join(FILTER_KEYS)}",
    )
    search.add_argument(
        "--batch",
        action="store_true",
        help="lire une recherche par ligne sur l'entrée standard, écrire un objet JSON par ligne",
    )
    search.set_defaults(func=run_search)


def _taxonomy(start: Path) -> Taxonomy:
    """The taxonomy of the folder's site; in a network, shared plus local values."""
    network = find_network(start)
    if network is not None:
        return open_workspace(network).taxonomy
    return load_taxonomy(find_taxonomy(start))


class _Progress:
    """Progress on stderr, a few lines per run (stdout stays for results)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= 1.0 or done == 1:
            self.last = now
            print(f"Indexation : {done}/{total} pages", file=self.stream, flush=True)


def _summary(report: IndexReport, index_dir: Path) -> str:
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    action = "Index reconstruit" if report.rebuilt else "Index à jour"
    return (
        f"{action} dans {index_dir} : {report.added} page(s) ajoutée(s), "
        f"{report.updated} modifiée(s), {report.removed} retirée(s), "
        f"{report.unchanged} inchangée(s) ({seconds} s)."
    )


def run_index(args: argparse.Namespace) -> int:
    try:
        network = find_network(Path.cwd()) if args.docs == Path("docs") else None
        workspace = open_workspace(network) if network is not None else None
        taxonomy = workspace.taxonomy if workspace is not None else _taxonomy(args.docs)
        report = update_index(
            args.docs if workspace is None else workspace.model.top.docs_dir,
            args.index_dir,
            taxonomy,
            progress=_Progress(sys.stderr),
            lock_timeout=args.wait,
            pages=list(workspace.indexed_pages()) if workspace is not None else None,
        )
    except (SearchError, TaxonomyError, NetworkConfigError, BaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(problem.located(), file=sys.stderr)
    print(_summary(report, args.index_dir))
    return 0


def _filters(raw: list[str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for item in raw:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidFilterError(
                f"filtre « {item} » mal formé : écrivez CLÉ=VALEUR, par exemple themes=logement."
            )
        filters.setdefault(key.strip(), []).append(value.strip())
    return filters


def _plain(snippet: str) -> str:
    return html.unescape(_MARK.sub("*", snippet))


def _print_text(response: SearchResponse) -> None:
    if response.suggestion:
        print(f"Vouliez-vous dire : « {response.suggestion} » ?")
    print(f"{response.total} résultat(s) pour « {response.query} ».")
    for rank, result in enumerate(response.results, start=1):
        print(f"\n{rank}. {result.title}\n   {result.url}  ({result.path})")
        if result.snippet:
            print(f"   {_plain(result.snippet)}")


def _queries(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def run_search(args: argparse.Namespace) -> int:
    if args.batch == bool(args.query):
        print(
            "Erreur : donnez une recherche, ou --batch pour lire une recherche par ligne "
            "sur l'entrée standard.",
            file=sys.stderr,
        )
        return 2
    try:
        filters = _filters(args.filter)
        engine = SearchEngine(args.index_dir, _taxonomy(Path.cwd()))
        if args.batch:
            for query in _queries(sys.stdin):
                response = engine.search(query, limit=args.limit, filters=filters)
                print(json.dumps(response.as_dict(), ensure_ascii=False), flush=True)
            return 0
        response = engine.search(" ".join(args.query), limit=args.limit, filters=filters)
    except (SearchError, TaxonomyError, NetworkConfigError, BaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2 if isinstance(exc, InvalidFilterError) else 1
    if args.json:
        print(json.dumps(response.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_text(response)
    return 0
