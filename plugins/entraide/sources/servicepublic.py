"""Reading service-public.fr XML fiches (schema 3.3) into catalogue entries.

Reads a folder of ``F….xml``/``N….xml``/``R….xml`` files or the published zip
that holds them. One bad file never stops the import: it is reported by name
and skipped, and every other fiche is kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from entraide.sources.catalogue import KINDS, SourceEntry

DC = "{http://purl.org/dc/elements/1.1/}"
_FILE_NAME = re.compile(r"^([FNR]\d{1,6})\.xml$")
_MODIFIED = re.compile(r"(\d{4}-\d{2}-\d{2})")
_BASE_URL = "https://www.service-public.fr/particuliers/vosdroits/"


class FicheError(Exception):
    """A fiche that cannot be imported; the message is French and names the file."""


@dataclass
class ImportResult:
    entries: list[SourceEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0


def _text(root: ET.Element, tag: str) -> str:
    element = root.find(tag)
    return " ".join((element.text or "").split()) if element is not None else ""


def _date(value: str) -> date | None:
    match = _MODIFIED.search(value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def parse_fiche(data: bytes, name: str) -> SourceEntry:
    """One catalogue entry from one XML file; raise :class:`FicheError` in French."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise FicheError(
            f"{name}, ligne {line}, colonne {column + 1} : XML illisible ({exc.msg}) ; "
            "fichier ignoré, les autres fiches sont importées."
        ) from exc
    identifier = root.get("ID") or _text(root, f"{DC}identifier")
    expected = _FILE_NAME.match(PurePosixPath(name).name)
    if not identifier or identifier[0] not in KINDS:
        raise FicheError(
            f"{name} : pas d'identifiant service-public (attribut ID de <{root.tag}>) ; "
            "fichier ignoré."
        )
    if expected and expected.group(1) != identifier:
        raise FicheError(
            f"{name} : le fichier porte l'identifiant {identifier}, différent de son nom ; "
            "fichier ignoré."
        )
    title = _text(root, f"{DC}title")
    if not title:
        raise FicheError(f"{name} : la fiche {identifier} n'a pas de titre (dc:title) ; ignorée.")
    theme_element = root.find("Theme/Titre")
    theme = " ".join((theme_element.text or "").split()) if theme_element is not None else ""
    return SourceEntry(
        id=identifier,
        title=title,
        kind=KINDS[identifier[0]],
        type=root.get("type") or _text(root, f"{DC}type"),
        url=root.get("spUrl") or f"{_BASE_URL}{identifier}",
        modified=_date(_text(root, f"{DC}date")),
        theme=theme or _text(root, f"{DC}subject"),
        important_change=_date(root.get("dateDerniereModificationImportante") or ""),
    )


def _members(path: Path) -> Iterator[tuple[str, bytes]]:
    """(display name, content) of every fiche file in a folder or a zip."""
    if path.is_dir():
        for file in sorted(path.rglob("*.xml")):
            if _FILE_NAME.match(file.name):
                yield file.relative_to(path).as_posix(), file.read_bytes()
        return
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir() and _FILE_NAME.match(PurePosixPath(info.filename).name):
                yield info.filename, archive.read(info)


def import_fiches(path: Path) -> ImportResult:
    """Every readable fiche under ``path``; problems are listed, never raised.

    Raises :class:`FicheError` only when ``path`` itself is missing or is
    neither a folder nor a zip.
    """
    if not path.exists():
        raise FicheError(f"{path} n'existe pas : indiquez un dossier de fiches XML ou un zip.")
    if path.is_file() and not zipfile.is_zipfile(path):
        raise FicheError(f"{path} n'est ni un dossier ni une archive zip de fiches service-public.")
    result = ImportResult()
    for name, data in _members(path):
        result.files += 1
        try:
            result.entries.append(parse_fiche(data, name))
        except FicheError as exc:
            result.problems.append(str(exc))
    if result.files == 0:
        result.problems.append(
            f"{path} : aucun fichier F….xml, N….xml ou R….xml trouvé ; rien n'a été importé."
        )
    return result
