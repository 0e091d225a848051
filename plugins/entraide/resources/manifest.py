"""Downloadable files declared in a ``ressources.yml`` beside them.

A file offered for download (a practice paper as PDF, a worksheet as ODT, a
picture) says what it is, under which licence it may be reused and how heavy
it is, so a mediator on a poor connection knows before clicking. The manifest
declares every file of its folder; ``entraide check`` refuses an undeclared
file, a size that does not match, a file over :data:`MAX_BYTES`, and metadata
that gives away a place, a device or an author (:mod:`entraide.resources.metadata`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entraide.content.problems import Problem, error
from entraide.resources.metadata import file_findings
from entraide.training.data_schema import schema_problems
from entraide.training.yaml_source import DataFile, DataSyntaxError, parse_data

MANIFEST = "ressources.yml"
# The same limit as the asset rules of the build: mediators download on poor connections.
MAX_BYTES = 5 * 1024 * 1024
LICENCES = ("CC BY-SA 4.0", "CC BY 4.0", "CC0 1.0", "Licence Ouverte 2.0")
_SIZE = re.compile(r"^(\d+(?:,\d+)?) (Ko|Mo)$")
_TEXT = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["resources"],
    "additionalProperties": False,
    "properties": {
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"},
                    "title": _TEXT,
                    "description": _TEXT,
                    "licence": {"enum": list(LICENCES)},
                    "size": {"type": "string", "pattern": _SIZE.pattern},
                },
                "required": ["file", "title", "description", "licence", "size"],
                "additionalProperties": False,
            },
        }
    },
}


@dataclass(frozen=True)
class Resource:
    file: str
    title: str
    description: str
    licence: str
    size: str


def human_size(size: int) -> str:
    """``14 Ko``, ``1,2 Mo``: the way the manifest writes sizes."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def _bytes(declared: str) -> float:
    match = _SIZE.match(declared)
    assert match is not None
    number = float(match.group(1).replace(",", "."))
    return number * (1024 if match.group(2) == "Ko" else 1024 * 1024)


def read_manifest(text: str) -> list[Resource]:
    """The resources of a manifest already checked (:func:`check_manifest`)."""
    data = parse_data(text).data
    return [Resource(**{k: str(v) for k, v in item.items()}) for item in data["resources"]]


def _size_problems(
    display: str, line: int, resource: dict[str, Any], path: Path
) -> Iterator[Problem]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield error(
            display,
            line,
            "resource-too-large",
            f"« {resource['file']} » pèse {human_size(size)}, au-delà de la limite de "
            f"{human_size(MAX_BYTES)} : compressez-le ou mettez un lien vers le document.",
        )
    declared = _bytes(str(resource["size"]))
    if abs(declared - size) > max(1024, 0.1 * size):
        yield error(
            display,
            line,
            "resource-size-mismatch",
            f"la taille déclarée de « {resource['file']} » ({resource['size']}) ne correspond "
            f"pas au fichier ({human_size(size)}) : écrivez « size: {human_size(size)} ».",
        )


def check_manifest(display: str, path: Path) -> list[Problem]:
    """Every problem of the manifest at ``path`` and of the files of its folder."""
    try:
        source: DataFile = parse_data(path.read_text(encoding="utf-8"))
    except DataSyntaxError as exc:
        return [error(display, exc.line, "resource-yaml", exc.message)]
    problems = list(schema_problems(display, source, SCHEMA, "resource-invalid"))
    if problems:
        return problems
    folder = path.parent
    declared = set()
    for index, resource in enumerate(source.data["resources"]):
        line = source.line_of(("resources", index, "file"))
        target = folder / resource["file"]
        declared.add(resource["file"])
        if not target.is_file():
            problems.append(
                error(
                    display,
                    line,
                    "resource-missing",
                    f"« {resource['file']} » n'existe pas dans {folder.name}/ : ajoutez le "
                    "fichier ou retirez sa déclaration.",
                )
            )
            continue
        problems += _size_problems(display, line, resource, target)
        problems += [
            error(display, line, finding.code, f"« {resource['file']} » : {finding.message}")
            for finding in file_findings(target)
        ]
    for other in sorted(folder.iterdir()):
        if other.is_file() and other.name not in declared | {MANIFEST} and other.suffix != ".md":
            problems.append(
                error(
                    display,
                    1,
                    "resource-undeclared",
                    f"« {other.name} » est dans le dossier mais n'est pas déclaré : ajoutez-le "
                    "à ce fichier avec sa description, sa licence et sa taille.",
                )
            )
    return problems
