"""``entraide build`` and ``entraide serve``: the site, for people."""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from entraide.cli.edit_mode import add_edit_options, edit_banner, edit_problem, make_editor
from entraide.cli.options import add_config_file
from entraide.sitebuild import (
    BuildError,
    build_site,
    built_without_warnings,
    docs_dir_of,
    fingerprint,
    index_site,
    is_stale,
    network_config_file,
    site_taxonomy,
)


def register(subparsers: Any) -> None:
    build = subparsers.add_parser(
        "build", help="construire le site statique", description="Construit le site statique."
    )
    add_config_file(build)
    build.add_argument("--site-dir", type=Path, help="dossier de sortie (par défaut : site)")
    build.add_argument(
        "--docs",
        type=Path,
        metavar="DOSSIER",
        help=(
            "construire ce dossier de pages Markdown (n'importe lequel) avec le thème, "
            "l'extension et la recherche d'Entraide, au lieu du dossier docs"
        ),
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="échouer au moindre avertissement (lien mort, en-tête invalide…)",
    )
    build.set_defaults(func=run_build)

    serve = subparsers.add_parser(
        "serve",
        help="servir le site sur ce poste",
        description=(
            "Construit le site s'il a changé depuis la dernière construction, "
            "puis le sert sur ce poste. Seul un site dont toutes les pages passent les "
            "vérifications est servi : sinon le site précédent reste en place."
        ),
    )
    add_config_file(serve)
    serve.add_argument("--site-dir", type=Path, help="dossier du site (par défaut : site)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="adresse d'écoute (par défaut : 127.0.0.1, ce poste seulement)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (par défaut : 8000)")
    serve.add_argument(
        "--index-dir",
        type=Path,
        help="index de recherche (par défaut : .entraide-index à côté de mkdocs.yml)",
    )
    serve.add_argument(
        "--check-every",
        type=float,
        default=5.0,
        metavar="SECONDES",
        help=(
            "pendant le service, vérifier toutes les SECONDES si les pages ont changé, "
            "et reconstruire le site et l'index si oui (par défaut : 5 ; 0 : jamais)"
        ),
    )
    add_edit_options(serve)
    serve.set_defaults(func=run_serve)


def print_build_messages(messages: Iterable[str]) -> None:
    """Every warning of a build, one a line (file and line first for the content rules)."""
    for message in messages:
        print(message, file=sys.stderr)


def _network_config(args: argparse.Namespace) -> bool:
    """In a network's repository, build its merged site: point ``args`` at its configuration.

    False (after a French message) when the network's site cannot be composed.
    """
    from entraide.content.taxonomy import TaxonomyError
    from entraide.network.base import BaseError
    from entraide.network.config import NetworkConfigError
    from entraide.network.layout import find_network

    if args.config_file.is_file() or args.config_file != Path("mkdocs.yml"):
        return True
    root = find_network(Path.cwd())
    if root is None:
        return True
    try:
        args.config_file = network_config_file(root)
    except (NetworkConfigError, BaseError, TaxonomyError) as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return False
    if args.site_dir is None:
        args.site_dir = root / "site"
    return True


def _build(args: argparse.Namespace, strict: bool) -> Path | None:
    if not _network_config(args):
        return None
    try:
        result = build_site(
            args.config_file, args.site_dir, strict=strict, docs_dir=getattr(args, "docs", None)
        )
    except BuildError as exc:
        print_build_messages(exc.messages)
        print(f"Échec : {exc}", file=sys.stderr)
        return None
    print_build_messages(result.messages)
    print(f"Site construit dans {result.site_dir} ({result.warnings} avertissement(s)).")
    static = result.static_search
    if static is not None:
        size = f"{static.bytes / 1_000_000:.1f}".replace(".", ",")
        print(
            f"Recherche : {static.pages} page(s) dans l'index du site ({static.files} fichiers, "
            f"{size} Mo), lisible sur tout hébergement et depuis le disque."
        )
    return result.site_dir


def run_build(args: argparse.Namespace) -> int:
    return 0 if _build(args, args.strict) else 1


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _local_address() -> str | None:
    """This machine's address on the local network (no packet is sent), if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address: str = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _exposure_warning(host: str, port: int) -> str:
    lines = [
        f"Attention : avec --host {host}, le site ET sa recherche sont ouverts, sans mot de "
        "passe, à tout appareil qui peut joindre ce poste (wifi de l'EPN, réseau local, "
        "parfois au-delà selon le pare-feu).",
        "  - Tout le contenu du dossier du site est lisible, et les échanges ne sont pas "
        "chiffrés (http) : les mots tapés dans la recherche passent en clair sur le réseau.",
        "  - N'y mettez aucune donnée personnelle, et arrêtez le serveur (Ctrl+C) après la séance.",
    ]
    address = _local_address() if host in ("0.0.0.0", "::") else host
    if address:
        lines.append(f"  - Adresse à donner aux autres appareils : http://{address}:{port}/")
    return "\n".join(lines)


def _listen_problem(host: str, port: int) -> str | None:
    """Why uvicorn could not listen there, in French, checked before a long build."""
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError):
        return f"adresse d'écoute inconnue : {host}."
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"le port {port} est déjà utilisé (un autre « entraide serve » ?) : "
                    "choisissez-en un autre avec --port."
                )
            if exc.errno == errno.EACCES:
                return (
                    f"le port {port} est réservé : choisissez-en un au-dessus de 1024 avec --port."
                )
            return f"impossible d'écouter sur {host}:{port} ({exc.strerror})."
    return None


def _update_index(config_file: Path, docs_dir: Path, index_dir: Path) -> None:
    from entraide.content.taxonomy import TaxonomyError
    from entraide.network.base import BaseError
    from entraide.network.config import NetworkConfigError
    from entraide.search.errors import SearchError

    try:
        report = index_site(config_file, docs_dir, index_dir)
    except (SearchError, TaxonomyError, NetworkConfigError, BaseError) as exc:
        print(f"Recherche indisponible : {exc}", file=sys.stderr)
        return
    changed = report.added + report.updated + report.removed
    if changed:
        print(
            f"Index de recherche mis à jour : {report.added} page(s) ajoutée(s), "
            f"{report.updated} modifiée(s), {report.removed} retirée(s)."
        )


def run_serve(args: argparse.Namespace) -> int:
    from entraide.content.taxonomy import TaxonomyError
    from entraide.network.base import BaseError
    from entraide.network.config import NetworkConfigError
    from entraide.search.labels import facet_labels
    from entraide.search.storage import default_index_dir
    from entraide.server.app import create_app
    from entraide.server.limits import DEFAULT_LIMITS
    from entraide.server.search_service import SearchService
    from entraide.server.search_workers import WorkerSearcher
    from entraide.server.serving import serve
    from entraide.server.watch import ContentWatcher, SiteSources

    problem = _listen_problem(args.host, args.port)
    if problem:
        print(f"Échec : {problem}", file=sys.stderr)
        return 1
    asked_config = args.config_file
    if not _network_config(args):
        return 1
    problem = edit_problem(args, _is_loopback(args.host), args.config_file != asked_config)
    if problem:
        print(f"Échec : {problem}", file=sys.stderr)
        return 1
    site_dir = args.site_dir or args.config_file.parent / "site"
    # Served sites are built strictly: what `entraide check` refuses is never served.
    failed = None
    if not is_stale(args.config_file, site_dir) and built_without_warnings(site_dir):
        print(f"Site à jour dans {site_dir}.")
    else:
        print("Le contenu a changé : construction du site…")
        built = _build(args, strict=True)
        if built is not None:
            site_dir = built
        elif built_without_warnings(site_dir):
            print(
                "Le site précédent, qui passait toutes les vérifications, est servi "
                "(avec sa recherche) en attendant la correction.",
                file=sys.stderr,
            )
            failed = fingerprint(args.config_file, docs_dir_of(args.config_file))
        else:
            print(
                "Échec : aucun site sans erreur à servir. Corrigez les erreurs ci-dessus "
                "(« entraide check » les liste aussi), puis relancez.",
                file=sys.stderr,
            )
            return 1
    try:
        taxonomy = site_taxonomy(args.config_file)
    except (TaxonomyError, NetworkConfigError, BaseError) as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    docs_dir = docs_dir_of(args.config_file)
    index_dir = args.index_dir or default_index_dir(args.config_file.parent)
    if failed is None:
        _update_index(args.config_file, docs_dir, index_dir)
    search = SearchService(
        lambda: WorkerSearcher(index_dir, taxonomy, DEFAULT_LIMITS.search_processes),
        DEFAULT_LIMITS.cached_answers,
    )
    search.refresh()

    def after_rebuild() -> None:
        _update_index(args.config_file, docs_dir, index_dir)
        search.refresh()

    watcher = None
    if args.check_every > 0:
        sources = SiteSources(args.config_file, docs_dir, site_dir)
        watcher = ContentWatcher(sources, after_rebuild, interval=args.check_every, failed=failed)
    if not _is_loopback(args.host):
        print(_exposure_warning(args.host, args.port), file=sys.stderr)
    print(f"Entraide est servi sur http://{args.host}:{args.port}/ (Ctrl+C pour arrêter).")
    print(f"Recherche : http://{args.host}:{args.port}/recherche/")
    editor = make_editor(args.config_file, docs_dir, taxonomy) if args.edit else None
    if editor is not None:
        print(edit_banner(editor, args.host, args.port))
        if args.check_every <= 0:
            print(
                "  Avec --check-every 0, une proposition acceptée n'apparaît sur le site "
                "qu'au prochain démarrage.",
                file=sys.stderr,
            )

    def stop() -> None:
        if watcher is not None:
            watcher.stop()
        search.close()

    app = create_app(
        site_dir,
        search,
        labels=facet_labels(taxonomy),
        on_startup=(lambda: watcher.start(search.refresh)) if watcher else None,
        on_shutdown=stop,
        editor=editor,
    )
    previous = signal.signal(signal.SIGTERM, _stop_requested)
    try:
        serve(app, args.host, args.port, DEFAULT_LIMITS)
    except _StopSignalError:
        # uvicorn shut down gracefully, then re-raised SIGTERM: end like a normal exit
        # (clean-up runs) rather than by the signal's default action.
        print("Serveur arrêté (signal d'arrêt reçu).", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


class _StopSignalError(Exception):
    """SIGTERM (a service manager, a test) once uvicorn has finished its shutdown."""


def _stop_requested(signum: int, frame: object) -> None:
    raise _StopSignalError
