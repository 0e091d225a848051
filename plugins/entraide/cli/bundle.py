"""``entraide bundle``: the site for reading from disk (USB key, mobile unit), zipped."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from entraide.cli.options import add_config_file

DEFAULT_OUTPUT = Path("entraide-hors-ligne.zip")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bundle",
        help="construire une copie du site à lire sans connexion (zip)",
        description=(
            "Construit le site pour une lecture depuis le disque (clé USB, unité mobile) : "
            "une fois décompressé, on l'ouvre en double-cliquant sur index.html, sans serveur "
            "ni connexion."
        ),
    )
    add_config_file(parser)
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="FICHIER.zip",
        help=f"archive à écrire (par défaut : {DEFAULT_OUTPUT})",
    )
    parser.set_defaults(func=run)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")


def run(args: argparse.Namespace) -> int:
    from entraide.bundle.archive import zip_folder
    from entraide.bundle.notice import notice_html, stale_dates, with_notice
    from entraide.bundle.remote import remote_resources
    from entraide.bundle.version import base_version
    from entraide.cli.site import print_build_messages
    from entraide.content.repository import ContentRepository
    from entraide.content.taxonomy import TaxonomyError
    from entraide.sitebuild import BuildError, build_site, site_settings

    started = time.perf_counter()
    output: Path = args.output
    if output.suffix.lower() != ".zip":
        print(f"Échec : {output} : le nom de l'archive doit finir par .zip.", file=sys.stderr)
        return 1
    try:
        docs_dir, _ = site_settings(args.config_file)
        repository = ContentRepository.open(args.config_file.parent, docs_dir)
        with tempfile.TemporaryDirectory(prefix="entraide-copie-") as work:
            result = build_site(args.config_file, Path(work) / "site", offline=True)
            print_build_messages(result.messages)
            site = result.site_dir
            built_on = date.today()
            pages = [r.page for r in repository.validate() if r.page is not None]
            home = site / "index.html"
            version = base_version(args.config_file.parent.resolve())
            notice = notice_html(version, built_on, stale_dates(pages, built_on))
            home.write_text(with_notice(home.read_text(encoding="utf-8"), notice), "utf-8")
            remote = list(remote_resources(site))
            archive = zip_folder(site, output, output.stem)
    except BuildError as exc:
        print_build_messages(exc.messages)
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    except TaxonomyError as exc:
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    for page, address in remote[:10]:
        print(f"Attention : {page} charge {address} depuis internet.", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"Copie hors ligne écrite dans {archive.path} : {_megabytes(archive.size)} "
        f"({_megabytes(archive.unpacked)} une fois décompressée, {archive.files} fichiers), "
        f"construite en {elapsed:.1f} s."
    )
    print(
        f"Décompressez-la, puis ouvrez {output.stem}/index.html (double-clic) : "
        f"version {version.name or 'hors Git'}, construite le {built_on.isoformat()}."
    )
    return 0
