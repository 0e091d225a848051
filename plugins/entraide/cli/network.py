"""``entraide network``: a network's own repository over a pinned version of the base."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import git

from entraide.network import base
from entraide.network.base import BaseError
from entraide.network.config import NetworkConfigError, Pin, load_config, load_pin, write_pin
from entraide.network.layout import BASE_CACHE, PIN_FILE, find_network
from entraide.network.scaffold import files as scaffold_files
from entraide.network.site import open_network
from entraide.network.update import render_report, update_base
from entraide.website.model import Side


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "network",
        help="le site d'un réseau : base partagée épinglée + pages et contacts locaux",
        description=(
            "Un réseau (France Services d'un département, hub de conseillers numériques…) "
            "publie son propre site : les pages partagées d'Entraide à une version choisie, "
            "plus ses pages, ses blocs « Chez nous » et son annuaire « Qui appeler »."
        ),
    )
    commands = parser.add_subparsers(
        dest="network_command", title="commandes", metavar="COMMANDE", parser_class=type(parser)
    )
    init = commands.add_parser(
        "init",
        help="créer le dépôt d'un réseau",
        description=(
            "Crée le dépôt Git d'un réseau : configuration commentée, page locale d'exemple, "
            "annuaire vide, publication GitHub Pages et GitLab Pages, README. La base partagée "
            "est récupérée à la version demandée (par défaut la plus récente)."
        ),
        epilog='Exemple : entraide network init mon-reseau --name "France Services du Gard" '
        "--base https://github.com/entraide/entraide.git --ref v1.0",
    )
    init.add_argument("directory", type=Path, metavar="DOSSIER", help="dossier à créer")
    init.add_argument("--name", required=True, help="nom du réseau, entre guillemets")
    init.add_argument(
        "--base", required=True, metavar="ADRESSE", help="dépôt Git de la base (adresse ou dossier)"
    )
    init.add_argument(
        "--ref",
        metavar="VERSION",
        help="tag, branche ou commit (par défaut : le tag le plus récent)",
    )
    init.set_defaults(func=run_init)

    update = commands.add_parser(
        "update",
        help="passer à une version plus récente de la base",
        description=(
            "Récupère la base, passe à la version demandée (par défaut la plus récente) et dit "
            "quelles pages partagées ont été ajoutées, modifiées, supprimées ou renommées, et "
            "lesquelles de vos pages ou de vos contacts sont concernées. Ne modifie aucun "
            "fichier local ; seul entraide-base.yml change."
        ),
    )
    update.add_argument("--ref", metavar="VERSION", help="tag, branche ou commit de la base")
    update.set_defaults(func=run_update)

    status = commands.add_parser(
        "status",
        help="version de la base, retard, pages locales, contacts à revérifier",
        description=(
            "Montre la version de la base utilisée, son retard sur la plus récente, les pages "
            "locales et les contacts à revérifier."
        ),
    )
    status.set_defaults(func=run_status)
    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_init(args: argparse.Namespace) -> int:
    target: Path = args.directory
    if target.exists() and any(target.iterdir()):
        print(f"Erreur : {target} existe déjà et n'est pas vide.", file=sys.stderr)
        return 1
    url = args.base
    if Path(url).exists():
        url = str(Path(url).resolve())
    target.mkdir(parents=True, exist_ok=True)
    try:
        repo = base.fetch_base(url, target / BASE_CACHE)
        ref = args.ref or base.default_ref(repo)
        commit = base.resolve(repo, ref)
        base.checkout(repo, commit)
    except BaseError as exc:
        shutil.rmtree(target, ignore_errors=True)
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    version = base.describe(repo, commit)
    written = scaffold_files(args.name, url, version)
    for path, text in written.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")
    write_pin(target, Pin(url, ref, commit))
    network = git.Repo.init(target)
    network.index.add([*written, PIN_FILE])
    network.index.commit(f"Site Entraide de {args.name} (base {version})")
    print(f"Dépôt du réseau créé dans {target}, sur la base Entraide {version} ({commit[:12]}).")
    print("À faire maintenant :")
    print(f"  1. ouvrez {target / 'README.md'} : il dit quoi modifier ;")
    print(f"  2. cd {target} && entraide check && entraide build ;")
    print("  3. envoyez le dépôt sur GitHub ou GitLab : le site se publie tout seul.")
    return 0


def _root() -> Path | None:
    root = find_network(Path.cwd())
    if root is None:
        print(
            "Erreur : ce dossier n'est pas le dépôt d'un réseau (pas de entraide-reseau.yml) ; "
            "créez-en un avec « entraide network init ».",
            file=sys.stderr,
        )
    return root


def run_update(args: argparse.Namespace) -> int:
    root = _root()
    if root is None:
        return 2
    try:
        report = update_base(root, args.ref)
    except (NetworkConfigError, BaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(render_report(report))
    if report.moved:
        print(
            "\nVérifiez le résultat avec « entraide check » puis « entraide build » ; "
            "le changement de version est enregistré dans l'historique Git du dépôt."
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    root = _root()
    if root is None:
        return 2
    try:
        config = load_config(root)
        pin = load_pin(root)
        site = open_network(root)
    except (NetworkConfigError, BaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Réseau : {config.name}")
    print(f"Base : {site.version} ({pin.commit[:12]}), depuis {pin.url}")
    try:
        repo = base.fetch_base(pin.url, root / BASE_CACHE)
        newest = base.default_ref(repo)
        newest_commit = base.resolve(repo, newest)
        behind = base.commits_between(repo, pin.commit, newest_commit)
        if behind:
            print(
                f"Plus récente : {newest} ({newest_commit[:12]}), {behind} modification(s) "
                "d'avance : « entraide network update » pour y passer."
            )
        else:
            print("La base est à jour.")
    except BaseError as exc:
        print(f"Version la plus récente inconnue : {exc}")
    local = [f for f in site.model.pages() if f.layer.side is Side.LOCAL]
    print(f"\nPages locales ({len(local)}) :")
    for file in local:
        shared = (root / BASE_CACHE / "docs" / file.path).is_file()
        print(f"  {file.display}" + (" (remplace une page partagée)" if shared else ""))
    print(f"\nBlocs « Chez nous » ({len(site.completions)}) :")
    for path in sorted(site.completions):
        print(f"  docs/{path}")
    today = date.today()
    contacts = site.directory.contacts
    due = [c for c in contacts if c.is_due(today, 30)]
    print(f"\nContacts : {len(contacts)}, dont {len(due)} à revérifier :")
    for contact in due:
        when = contact.due_on()
        print(
            f"  {contact.name} (contacts.yml, ligne {contact.line}) : "
            f"à revoir le {when.isoformat() if when else '?'}"
        )
    for problem in site.layer_problems():
        print(problem.located())
    return 0
