"""``entraide serve --edit``: the options, the refusals and the editor it composes.

Editing is off by default. On another address than this machine's own, it is
refused unless ``--edit-on-network`` confirms it: ``entraide serve`` speaks
plain HTTP, so passwords, sign-in links and session cookies would cross the
local network in clear; the right set-up there is an HTTPS reverse proxy in
front of a loopback ``entraide serve --edit``, and the flag is for that case
(or a network one trusts).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from entraide.editing.state import state_dir

if TYPE_CHECKING:  # the server and its libraries load only when serving
    from entraide.content.taxonomy import Taxonomy
    from entraide.server.editor.app import Editor


def add_edit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--edit",
        action="store_true",
        help=(
            "ajouter l'édition dans le navigateur (/edition/) : proposer des pages "
            "et les relire, pour les comptes créés avec « entraide users add »"
        ),
    )
    parser.add_argument(
        "--edit-on-network",
        action="store_true",
        help=(
            "permettre --edit sur une autre adresse que ce poste (sans HTTPS, mots de passe "
            "et sessions circulent en clair : à réserver à un serveur derrière un proxy HTTPS)"
        ),
    )


def edit_problem(args: argparse.Namespace, loopback: bool, in_network: bool) -> str | None:
    """Why ``--edit`` cannot start with these options, in French, or None."""
    if not args.edit:
        return None
    if in_network:
        return (
            "l'édition dans le navigateur (--edit) ne fonctionne pas encore dans le dépôt "
            "d'un réseau : proposez vos modifications dans le dépôt de la base commune."
        )
    if not loopback and not args.edit_on_network:
        return (
            f"--edit refusé sur l'adresse {args.host} : le serveur parle en HTTP, sans "
            "chiffrement, donc mots de passe et sessions passeraient en clair sur le réseau. "
            "Servez l'édition sur 127.0.0.1 derrière un proxy HTTPS, ou confirmez avec "
            "--edit-on-network si ce réseau est de confiance."
        )
    root = args.config_file.resolve().parent
    if not _is_git_repository(root):
        return (
            f"--edit demande un dépôt Git : {root} n'en est pas un "
            "(les propositions sont des branches de ce dépôt). Lancez « git init » puis un "
            "premier commit, ou servez depuis un clone."
        )
    if current_branch(root) is None:
        return (
            f"--edit demande une branche : le dépôt {root} n'est sur aucune (HEAD détachée, "
            "ou aucun commit encore). Placez-vous sur la branche principale "
            "(« git switch main »), puis relancez."
        )
    return _sessions_problem(root)


def _sessions_problem(root: Path) -> str | None:
    """Why sessions cannot be signed (the key in the state folder unreadable or not
    writable), said before serving rather than as a traceback at the first page."""
    from entraide.accounts.errors import AccountError
    from entraide.accounts.secret import session_secret

    try:
        session_secret(state_dir(root))
    except AccountError as exc:
        return str(exc)
    except OSError as exc:
        return (
            f"--edit ne peut pas préparer son dossier {state_dir(root)} "
            f"({exc.strerror or exc}) : vérifiez ses droits d'écriture."
        )
    return None


def _is_git_repository(root: Path) -> bool:
    import git

    try:
        repository = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return (
        repository.working_tree_dir is not None
        and Path(repository.working_tree_dir).resolve() == root.resolve()
    )


def current_branch(root: Path) -> str | None:
    """The branch the served files are on: proposals start from it and are merged into it."""
    import git

    try:
        repository = git.Repo(root)
        return None if repository.head.is_detached else repository.active_branch.name
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, TypeError, ValueError):
        return None


def make_editor(config_file: Path, docs_dir: Path, taxonomy: Taxonomy) -> Editor:
    """The editor over this site's repository, its state kept beside ``mkdocs.yml``."""
    from entraide.server.editor.app import Editor

    root = config_file.resolve().parent
    return Editor(
        config_file=config_file.resolve(),
        docs_dir=docs_dir.resolve(),
        taxonomy=taxonomy,
        state_dir=state_dir(root),
        main_branch=current_branch(root) or "main",
    )


def edit_banner(editor: Editor, host: str, port: int) -> str:
    """Where to sign in, printed when the server starts with ``--edit``; says so when no
    account exists yet (the editor is then closed to everybody)."""
    from entraide.accounts.store import AccountStoreError
    from entraide.server.editor import paths

    lines = [f"Édition dans le navigateur : http://{host}:{port}{paths.HOME}"]
    try:
        count = len(editor.auth.store.accounts())
    except AccountStoreError as exc:
        lines.append(f"  Attention : comptes illisibles ({exc}).")
        return "\n".join(lines)
    if count == 0:
        lines.append(
            "  Aucun compte pour l'instant : créez-en un avec "
            '« entraide users add "Prénom Nom" --role admin » (il affiche un lien de connexion).'
        )
    else:
        lines.append(
            f"  {count} compte(s). Connexion avec son identifiant et son mot de passe ; un "
            "nouveau compte reçoit un lien à usage unique de « entraide users add »."
        )
    return "\n".join(lines)
