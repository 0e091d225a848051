"""``entraide build`` and ``entraide serve``: the site, for people."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from pathlib import Path
from typing import Any, ClassVar

from entraide.sitebuild import BuildError, build_site, is_stale


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="configuration du site (par défaut : mkdocs.yml)",
    )


def register(subparsers: Any) -> None:
    build = subparsers.add_parser(
        "build", help="construire le site statique", description="Construit le site statique."
    )
    _add_config(build)
    build.add_argument("--site-dir", type=Path, help="dossier de sortie (par défaut : site)")
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
            "puis le sert sur ce poste."
        ),
    )
    _add_config(serve)
    serve.add_argument("--site-dir", type=Path, help="dossier du site (par défaut : site)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="adresse d'écoute (par défaut : 127.0.0.1, ce poste seulement)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (par défaut : 8000)")
    serve.set_defaults(func=run_serve)


class _FrenchLevels(logging.Formatter):
    LABELS: ClassVar[dict[str, str]] = {
        "WARNING": "AVERTISSEMENT",
        "ERROR": "ERREUR",
        "CRITICAL": "ERREUR",
    }

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LABELS.get(record.levelname, record.levelname)} - {record.getMessage()}"


def _show_build_warnings() -> None:
    """MkDocs only configures its logging in its own CLI; we are a library user."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h.formatter, _FrenchLevels) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_FrenchLevels())
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _build(args: argparse.Namespace, strict: bool) -> Path | None:
    _show_build_warnings()
    try:
        result = build_site(args.config_file, args.site_dir, strict=strict)
    except BuildError as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return None
    print(f"Site construit dans {result.site_dir} ({result.warnings} avertissement(s)).")
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


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from entraide.server.app import create_app

    site_dir = args.site_dir or args.config_file.parent / "site"
    if is_stale(args.config_file, site_dir):
        print("Le contenu a changé : construction du site…")
        built = _build(args, strict=False)
        if built is None:
            return 1
        site_dir = built
    else:
        print(f"Site à jour dans {site_dir}.")
    if not _is_loopback(args.host):
        print(
            f"Attention : le site et sa recherche sont visibles par tous les appareils "
            f"qui peuvent joindre cette machine sur {args.host}:{args.port} (réseau local). "
            "N'y mettez aucune donnée personnelle.",
            file=sys.stderr,
        )
    print(f"Entraide est servi sur http://{args.host}:{args.port}/ (Ctrl+C pour arrêter).")
    uvicorn.run(create_app(site_dir), host=args.host, port=args.port, log_level="warning")
    return 0
