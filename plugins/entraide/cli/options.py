"""Options several commands share, declared once so their names, defaults and help agree."""

from __future__ import annotations

import argparse
from pathlib import Path

from entraide.search.storage import DEFAULT_INDEX_DIRNAME
from entraide.sources.catalogue import CATALOGUE_PATH


def add_docs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), metavar="DOSSIER", help="dossier des pages"
    )


def add_index_dir(parser: argparse.ArgumentParser, purpose: str = "dossier de l'index") -> None:
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=Path(DEFAULT_INDEX_DIRNAME),
        metavar="DOSSIER",
        help=f"{purpose} (par défaut : {DEFAULT_INDEX_DIRNAME})",
    )


def add_catalogue(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=CATALOGUE_PATH,
        help=f"catalogue des sources officielles (par défaut : {CATALOGUE_PATH})",
    )


def add_config_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="configuration du site (par défaut : mkdocs.yml)",
    )
