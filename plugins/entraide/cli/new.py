"""``entraide new``: start a page from its template, after a look at similar pages.

The two communities often write the same guide twice without knowing it; the
search index shows the closest existing pages before a new one is created.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from entraide.cli import options
from entraide.cli.workspace import repository_of, workspace_or_none
from entraide.content.templates.drafts import DraftError, draft_page
from entraide.network.workspace import Workspace
from entraide.search.engine import SearchEngine
from entraide.search.errors import SearchError
from entraide.search.indexing import update_index

SIMILAR_PAGES = 3


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="créer une page à partir de son modèle",
        description=(
            "Crée une page à partir du modèle de son type (procedure, ruse, faq), dans le bon "
            "dossier, avec un nom de fichier propre. Montre d'abord les pages existantes les "
            "plus proches, pour ne pas écrire deux fois le même guide. N'écrase jamais une page."
        ),
        epilog='Exemple : entraide new procedure "Demander l\'APL" --organisation caf '
        "--theme logement --mediation urgence autonomie",
    )
    parser.add_argument("type", metavar="TYPE", help="type de page : procedure, ruse ou faq")
    parser.add_argument("title", metavar="TITRE", help="titre de la page, entre guillemets")
    parser.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="T",
        help="thème (répétable), par exemple logement",
    )
    parser.add_argument(
        "--mediation",
        nargs="+",
        default=[],
        metavar="M",
        help="posture(s) : urgence, autonomie, ou les deux",
    )
    parser.add_argument(
        "--organisation",
        action="append",
        default=[],
        metavar="O",
        help="organisme (répétable), par exemple caf ; range les procédures par organisme",
    )
    options.add_docs(parser)
    options.add_index_dir(parser, "index de recherche à mettre à jour")
    parser.set_defaults(func=run)


def _show_similar(title: str, workspace: Workspace, index_dir: Path) -> None:
    taxonomy = workspace.taxonomy
    try:
        pages = list(workspace.indexed_pages())
        update_index(workspace.model.top.docs_dir, index_dir, taxonomy, pages=pages)
        results = SearchEngine(index_dir, taxonomy).search(title, limit=SIMILAR_PAGES)
    except SearchError as exc:
        print(f"Avertissement : pages proches introuvables ({exc}).", file=sys.stderr)
        return
    similar = results.as_dict()["results"]
    if not similar:
        print("Aucune page proche : vous êtes la première personne à écrire sur ce sujet.")
        return
    print("Pages proches déjà écrites ; vérifiez que la vôtre n'en double pas une :")
    for result in similar:
        model = workspace.model
        published = model.written_page(result["path"]) or model.get(result["path"])
        print(f"  - {result['title']} ({published.display if published else result['path']})")


def run(args: argparse.Namespace) -> int:
    workspace = workspace_or_none(args.docs)
    if workspace is None:
        return 2
    repository = repository_of(workspace)
    try:
        draft = draft_page(
            repository.taxonomy,
            repository.site,
            args.type,
            args.title,
            themes=args.theme,
            mediation=args.mediation,
            organisations=args.organisation,
            today=date.today(),
        )
    except DraftError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    target = repository.docs_dir / draft.docs_path
    shown = repository.display(target)
    existing = workspace.model.get(draft.docs_path)
    if target.exists() or existing is not None:
        print(
            f"Erreur : {existing.display if existing else shown} existe déjà. Modifiez cette "
            "page, ou choisissez un autre titre.",
            file=sys.stderr,
        )
        return 1
    _show_similar(args.title, workspace, args.index_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as page:
        page.write(draft.text)
    print(f"Page créée : {shown}")
    print(f"Remplacez chaque « À COMPLÉTER », puis vérifiez la page avec : entraide check {shown}")
    return 0
