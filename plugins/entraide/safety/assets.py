"""Which files under ``docs/`` may be published beside the pages, and why others may not.

Everything under ``docs/`` is served from the site's own origin: an HTML page
or an SVG with a script there runs with the site's rights, exactly like a
page would. So files are allowed by type (images, PDF, OpenDocument, CSV,
text), the site's own scripts and styles only in their two folders, SVG only
when it can do nothing but draw, no symbolic link (it would publish whatever
file the build can read), and nothing larger than :data:`MAX_BYTES`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Mediators open pages on poor connections; a scanned PDF over 5 Mo is better compressed.
MAX_BYTES = 5 * 1024 * 1024
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
DOCUMENTS = frozenset({".pdf", ".odt", ".ods", ".odp"})
TEXT = frozenset({".csv", ".txt"})
PAGES = frozenset({".md"})
# The site's own code, reviewed as code: only in these folders of docs/.
CODE_FOLDERS = {".js": "assets/javascripts", ".css": "assets/stylesheets"}
ALLOWED = IMAGES | DOCUMENTS | TEXT | PAGES


@dataclass(frozen=True)
class AssetFinding:
    """Why a file may not be published: ``code`` for machines, ``message`` in French."""

    code: str
    message: str


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def symlink_inside(path: Path, docs_dir: Path) -> Path | None:
    """The first symbolic link on the way from ``docs_dir`` to ``path``, if any."""
    current = docs_dir
    try:
        parts = path.relative_to(docs_dir).parts
    except ValueError:
        return path
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def judge_file(docs_path: str, path: Path, docs_dir: Path) -> list[AssetFinding]:
    """Why the file at ``path`` (``docs_path`` relative to docs) may not be published."""
    link = symlink_inside(path, docs_dir)
    if link is not None:
        return [
            AssetFinding(
                "asset-symlink",
                "ce fichier est un lien symbolique : le site publierait le fichier visé, "
                "peut-être hors du dépôt. Remplacez le lien par une copie du fichier.",
            )
        ]
    suffix = PurePosixPath(docs_path).suffix.lower()
    folder = CODE_FOLDERS.get(suffix)
    if folder is not None and not docs_path.startswith(folder + "/"):
        return [
            AssetFinding(
                "asset-type",
                f"un fichier {suffix} s'exécute ou s'applique dans le navigateur de chaque "
                f"lecteur : le site n'accepte que ceux de docs/{folder}/, relus comme du code. "
                "Proposez-le dans ce dossier, ou retirez-le.",
            )
        ]
    if folder is None and suffix not in ALLOWED:
        kinds = "images (png, jpg, gif, webp, svg), pdf, odt, ods, odp, csv, txt"
        return [
            AssetFinding(
                "asset-type",
                f"les fichiers « {suffix or 'sans extension'} » ne sont pas publiés "
                "(une page HTML ou un script s'exécuterait sur le site). "
                f"Types acceptés : {kinds}. "
                "Écrivez le contenu en Markdown (.md) ou joignez un PDF.",
            )
        ]
    findings = []
    size = path.stat().st_size
    if size > MAX_BYTES:
        findings.append(
            AssetFinding(
                "asset-size",
                f"ce fichier pèse {_size(size)}, au-delà de la limite de {_size(MAX_BYTES)} : "
                "réduisez-le (image redimensionnée, PDF compressé) ou mettez un lien vers "
                "le document officiel.",
            )
        )
    elif suffix == ".svg":
        findings.extend(
            AssetFinding("asset-svg", f"cette image SVG {reason} : {_SVG_FIX}")
            for reason in svg_problems(path.read_bytes())
        )
    return findings


_SVG_FIX = (
    "une image SVG ouverte seule s'exécute sur le site. Exportez-la sans script ni lien "
    "(ou en PNG)."
)
_SVG_ACTIVE = frozenset(
    {
        "script", "foreignobject", "animate", "animatemotion", "animatetransform", "set",
        "iframe", "embed", "object", "handler", "listener",
    }
)  # fmt: skip
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.I)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problems(data: bytes) -> list[str]:
    """What in an SVG could run code or load something from elsewhere ("" when it only draws).

    A document type is refused outright: entities are how an XML file pulls in
    other files or grows without bound.
    """
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return ["déclare un type de document ou des entités"]
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return ["n'est pas un fichier XML valide"]
    reasons: list[str] = []
    for element in root.iter():
        tag = _local(str(element.tag))
        if tag in _SVG_ACTIVE:
            reasons.append(f"contient un élément <{tag}>")
        if tag == "style" and _EXTERNAL_URL.search(element.text or ""):
            reasons.append("charge un style ou une image d'ailleurs")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                reasons.append(f"contient un attribut « {attribute} » qui exécute du code")
            elif attribute in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
                reasons.append(f"contient un lien « {value[:40]} » vers l'extérieur de l'image")
            elif _EXTERNAL_URL.search(value):
                reasons.append(f"charge un contenu d'ailleurs (attribut « {attribute} »)")
    return list(dict.fromkeys(reasons))
