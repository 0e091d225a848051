"""``entraide users``: the accounts of the browser editor (``entraide serve --edit``).

Accounts are made here, on the machine that serves the site, by whoever can
run commands there: no account exists before the first one is added, so there
is nothing to sign up through on the web.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from entraide.accounts.account import Account
from entraide.accounts.errors import AccountError
from entraide.accounts.roles import Role, parse_role
from entraide.accounts.store import AccountStore, Invitation, utc_now
from entraide.cli.options import add_config_file
from entraide.network.layout import find_network
from entraide.server.editor.auth import first_sign_in_link

DEFAULT_ADDRESS = "http://127.0.0.1:8000"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "users",
        help="comptes de l'édition dans le navigateur",
        description=(
            "Gère les comptes de l'édition dans le navigateur (entraide serve --edit). "
            "Rôles : contributeur (propose des modifications), relecteur (propose, relit, "
            "accepte ou refuse), admin (tout, et les comptes). Chaque compte reçoit un lien "
            "de connexion à usage unique, valable 72 heures, pour choisir son mot de passe."
        ),
    )
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="créer un compte et afficher son lien de connexion",
        description=(
            "Crée un compte et affiche un lien de connexion à usage unique. Le nom est celui "
            "qui signera les modifications proposées ; l'identifiant de connexion en est tiré "
            "(minuscules, sans accents)."
        ),
        epilog='Exemple : entraide users add "Awa Diallo" --role relecteur',
    )
    add.add_argument("name", metavar="NOM", help="nom de la personne, entre guillemets")
    add.add_argument(
        "--role",
        required=True,
        type=_role,
        metavar="ROLE",
        help="contributeur, relecteur ou admin",
    )
    _add_address(add)
    add_config_file(add)
    add.set_defaults(func=run_add)

    listing = actions.add_parser(
        "list", help="lister les comptes", description="Liste les comptes et leur état."
    )
    add_config_file(listing)
    listing.set_defaults(func=run_list)

    link = actions.add_parser(
        "link",
        help="nouveau lien de connexion (mot de passe oublié)",
        description=(
            "Affiche un nouveau lien de connexion à usage unique pour un compte, par exemple "
            "après un mot de passe oublié. Le lien précédent cesse de fonctionner ; le mot de "
            "passe actuel reste valable jusqu'à ce que le lien serve."
        ),
    )
    link.add_argument("name", metavar="NOM", help="identifiant ou nom du compte")
    _add_address(link)
    add_config_file(link)
    link.set_defaults(func=run_link)

    remove = actions.add_parser(
        "remove",
        help="supprimer un compte",
        description=(
            "Supprime un compte : ses connexions en cours prennent fin. Ses propositions "
            "déjà faites restent."
        ),
    )
    remove.add_argument("name", metavar="NOM", help="identifiant ou nom du compte")
    add_config_file(remove)
    remove.set_defaults(func=run_remove)

    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except AccountError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _address(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(
            f"adresse invalide « {text} » : attendue sous la forme http://hote:port, "
            f"par exemple {DEFAULT_ADDRESS}"
        )
    return text.rstrip("/")


def _add_address(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--adresse",
        type=_address,
        default=DEFAULT_ADDRESS,
        metavar="URL",
        help=f"adresse du serveur d'édition, pour le lien (par défaut : {DEFAULT_ADDRESS})",
    )


def _store(config_file: Path) -> AccountStore | None:
    """The accounts of the site ``config_file`` configures (or of the network repository
    around the current folder); None after saying why there is none."""
    if config_file.is_file():
        return AccountStore.for_root(config_file.resolve().parent)
    network = find_network(Path.cwd()) if config_file == Path("mkdocs.yml") else None
    if network is not None:
        return AccountStore.for_root(network)
    print(
        f"Erreur : {config_file} introuvable. Lancez la commande dans le dossier du site, "
        "ou indiquez sa configuration avec -f chemin/mkdocs.yml.",
        file=sys.stderr,
    )
    return None


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return local.strftime("%d/%m/%Y à %H:%M")


def _print_link(invitation: Invitation, address: str) -> None:
    print(f"Lien de connexion à usage unique, valable jusqu'au {_when(invitation.expires_at)} :")
    print(f"  {first_sign_in_link(address, invitation.token)}")
    print(
        "Transmettez-le à cette personne seulement : il sert à choisir le mot de passe du "
        "compte. Il ne sera plus affiché."
    )


def run_add(args: argparse.Namespace) -> int:
    store = _store(args.config_file)
    if store is None:
        return 2
    try:
        invitation = store.add(args.name, args.role)
    except AccountError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    account = invitation.account
    print(
        f"Compte créé : {account.display_name} (identifiant : {account.login}, "
        f"rôle : {account.role.value})."
    )
    _print_link(invitation, args.adresse)
    return 0


def run_link(args: argparse.Namespace) -> int:
    store = _store(args.config_file)
    if store is None:
        return 2
    try:
        invitation = store.invite(args.name)
    except AccountError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Nouveau lien pour {invitation.account.display_name} ({invitation.account.login}).")
    _print_link(invitation, args.adresse)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    store = _store(args.config_file)
    if store is None:
        return 2
    try:
        account = store.remove(args.name)
    except AccountError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Compte supprimé : {account.display_name} ({account.login}).")
    return 0


def _state(account: Account, now: datetime) -> str:
    pending = account.token_expires_at is not None and now < account.token_expires_at
    if pending:
        assert account.token_expires_at is not None
        return f"lien en attente jusqu'au {_when(account.token_expires_at)}"
    if account.has_password:
        return "actif"
    return "lien expiré : entraide users link " + account.login


def run_list(args: argparse.Namespace) -> int:
    store = _store(args.config_file)
    if store is None:
        return 2
    try:
        accounts = store.accounts()
    except AccountError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    if not accounts:
        print('Aucun compte. Pour en créer un : entraide users add "Prénom Nom" --role admin')
        return 0
    now = utc_now()
    width = max(len(account.login) for account in accounts)
    for account in accounts:
        print(
            f"{account.login:<{width}}  {account.role.value:<12}  {account.display_name}  "
            f"({_state(account, now)})"
        )
    print(f"{len(accounts)} compte(s).")
    return 0
