"""``entraide users``: the accounts of the browser editor (``entraide serve --edit``).

Accounts are made here, on the machine that serves the site, by whoever can
run commands there: no account exists before the first one is added, so there
is nothing to sign up through on the web.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from entraide.accounts.account import Account, AccountState
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
    _finish(add, run_add, address=True)

    listing = actions.add_parser(
        "list", help="lister les comptes", description="Liste les comptes et leur état."
    )
    _finish(listing, run_list, address=False)

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
    _finish(link, run_link, address=True)

    remove = actions.add_parser(
        "remove",
        help="supprimer un compte",
        description=(
            "Supprime un compte : ses connexions en cours prennent fin. Ses propositions "
            "déjà faites restent."
        ),
    )
    remove.add_argument("name", metavar="NOM", help="identifiant ou nom du compte")
    _finish(remove, run_remove, address=False)

    parser.set_defaults(func=lambda args: _usage(parser))


def _finish(
    parser: argparse.ArgumentParser,
    run: Callable[[argparse.Namespace], int],
    *,
    address: bool,
) -> None:
    """The options every action shares (and ``--adresse`` for those that print a link)."""
    if address:
        _add_address(parser)
    add_config_file(parser)
    parser.add_argument("--json", action="store_true", help="sortie JSON pour les programmes")
    parser.set_defaults(func=run)


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


# What an action gives back: the French text for people, and the object ``--json`` prints.
Output = tuple[str, Any]


def _run(args: argparse.Namespace, action: Callable[[AccountStore], Output]) -> int:
    """Open the site's accounts, do ``action`` and print what it says; errors in French."""
    store = _store(args.config_file)
    if store is None:
        return 2
    try:
        text, data = action(store)
    except AccountError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)
    return 0


def _account_data(account: Account, now: datetime) -> dict[str, Any]:
    return {
        "login": account.login,
        "name": account.display_name,
        "role": account.role.value,
        "state": account.state(now).name.lower().replace("_", "-"),
    }


def _invitation_output(heading: str, invitation: Invitation, address: str) -> Output:
    link = first_sign_in_link(address, invitation.token)
    text = (
        f"{heading}\n"
        f"Lien de connexion à usage unique, valable jusqu'au {_when(invitation.expires_at)} :\n"
        f"  {link}\n"
        "Transmettez-le à cette personne seulement : il sert à choisir le mot de passe du "
        "compte. Il ne sera plus affiché."
    )
    data = {
        **_account_data(invitation.account, utc_now()),
        "link": link,
        "link_expires_at": invitation.expires_at.isoformat(),
    }
    return text, data


def run_add(args: argparse.Namespace) -> int:
    def add(store: AccountStore) -> Output:
        invitation = store.add(args.name, args.role)
        account = invitation.account
        heading = (
            f"Compte créé : {account.display_name} (identifiant : {account.login}, "
            f"rôle : {account.role.value})."
        )
        return _invitation_output(heading, invitation, args.adresse)

    return _run(args, add)


def run_link(args: argparse.Namespace) -> int:
    def link(store: AccountStore) -> Output:
        invitation = store.invite(args.name)
        account = invitation.account
        heading = f"Nouveau lien pour {account.display_name} ({account.login})."
        return _invitation_output(heading, invitation, args.adresse)

    return _run(args, link)


def run_remove(args: argparse.Namespace) -> int:
    def remove(store: AccountStore) -> Output:
        account = store.remove(args.name)
        text = f"Compte supprimé : {account.display_name} ({account.login})."
        return text, {"removed": account.login}

    return _run(args, remove)


def _state(account: Account, now: datetime) -> str:
    state = account.state(now)
    if state is AccountState.LINK_PENDING and account.token_expires_at is not None:
        return f"{state.value} jusqu'au {_when(account.token_expires_at)}"
    if state is AccountState.LINK_EXPIRED:
        return f"{state.value} : entraide users link {account.login}"
    return state.value


def run_list(args: argparse.Namespace) -> int:
    def listing(store: AccountStore) -> Output:
        accounts = store.accounts()
        now = utc_now()
        data = [_account_data(account, now) for account in accounts]
        if not accounts:
            return (
                'Aucun compte. Pour en créer un : entraide users add "Prénom Nom" --role admin',
                data,
            )
        width = max(len(account.login) for account in accounts)
        lines = [
            f"{account.login:<{width}}  {account.role.value:<12}  {account.display_name}  "
            f"({_state(account, now)})"
            for account in accounts
        ]
        return "\n".join([*lines, f"{len(accounts)} compte(s)."]), data

    return _run(args, listing)
