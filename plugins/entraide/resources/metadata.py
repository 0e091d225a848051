"""Metadata a published file must not carry: where a photo was taken, with what, by whom.

A phone photo of a form keeps its GPS position and the phone's make and model
in its EXIF block; a PDF exported from a word processor keeps its author's
name. Both are published with the file. The readers here are small and read
only what they need (EXIF in JPEG, PNG and WebP; the PDF information
dictionary and XMP creator through pypdf), so that ``entraide check`` and the
asset rules of the build can call them on any file under ``docs/``.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# EXIF tags (TIFF IFD0 and the Exif sub-IFD) that say where, with what or by whom.
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_CAMERA_TAGS = {
    0x010F: "la marque de l'appareil",
    0x0110: "le modèle de l'appareil",
    0x013B: "le nom du photographe",
    0xA430: "le propriétaire de l'appareil",
    0xA431: "le numéro de série de l'appareil",
    0xA434: "le modèle de l'objectif",
}
# Authors a PDF may name: the project or a group of it, never a person.
_COLLECTIVE_AUTHOR = re.compile(r"^\s*(entraide\b|groupe\b|collectif\b)", re.IGNORECASE)
_FIX_IMAGE = (
    "Effacez les métadonnées avant de publier (sur le téléphone : partager sans la position ; "
    "sur l'ordinateur : exporter l'image à nouveau, ou « exiftool -all= FICHIER »)."
)
_FIX_PDF = (
    "Effacez l'auteur dans les propriétés du document avant de l'exporter en PDF, ou "
    "écrivez « Entraide »."
)


@dataclass(frozen=True)
class MetadataFinding:
    """What a file's metadata gives away: ``code`` for machines, ``message`` in French."""

    code: str
    message: str


def _ifd_tags(tiff: bytes, offset: int, order: str) -> Iterator[tuple[int, int]]:
    """(tag, value or offset) of one TIFF directory; stops quietly on a truncated file."""
    if offset + 2 > len(tiff):
        return
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    for index in range(count):
        start = offset + 2 + index * 12
        if start + 12 > len(tiff):
            return
        tag, _kind, _count, value = struct.unpack_from(order + "HHII", tiff, start)
        yield tag, value


def exif_tags(tiff: bytes) -> set[int]:
    """The tags present in an EXIF block (a TIFF structure), IFD0 and its Exif sub-IFD."""
    if tiff[:2] not in (b"II", b"MM") or len(tiff) < 8:
        return set()
    order = "<" if tiff[:2] == b"II" else ">"
    (first,) = struct.unpack_from(order + "I", tiff, 4)
    tags = dict(_ifd_tags(tiff, first, order))
    if _EXIF_IFD in tags:
        tags.update(_ifd_tags(tiff, tags[_EXIF_IFD], order))
    return set(tags)


def _jpeg_exif(data: bytes) -> bytes | None:
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        (length,) = struct.unpack_from(">H", data, position + 2)
        segment = data[position + 4 : position + 2 + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            return segment[6:]
        if marker == 0xDA:  # start of scan: no metadata after this
            return None
        position += 2 + length
    return None


def _png_exif(data: bytes) -> bytes | None:
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        if kind == b"eXIf":
            return data[position + 8 : position + 8 + length]
        position += 12 + length
    return None


def _webp_exif(data: bytes) -> bytes | None:
    position = 12
    while position + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, position)
        if kind == b"EXIF":
            block = data[position + 8 : position + 8 + length]
            return block[6:] if block.startswith(b"Exif\x00\x00") else block
        position += 8 + length + (length & 1)
    return None


def image_findings(data: bytes) -> list[MetadataFinding]:
    """GPS position and camera details in a JPEG, PNG or WebP image."""
    if data.startswith(b"\xff\xd8"):
        block = _jpeg_exif(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        block = _png_exif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        block = _webp_exif(data)
    else:
        block = None
    tags = exif_tags(block) if block else set()
    findings = []
    if _GPS_IFD in tags:
        findings.append(
            MetadataFinding(
                "metadata-gps",
                "cette image contient la position GPS où elle a été prise (souvent le domicile "
                "ou la structure d'une personne). " + _FIX_IMAGE,
            )
        )
    camera = [label for tag, label in _CAMERA_TAGS.items() if tag in tags]
    if camera:
        findings.append(
            MetadataFinding(
                "metadata-camera",
                f"cette image contient {', '.join(camera)} dans ses métadonnées EXIF. "
                + _FIX_IMAGE,
            )
        )
    return findings


def _shown(name: str) -> str:
    """Enough of a name to find it in the file, not enough to repeat it in a CI log."""
    return name[: max(2, len(name) // 3)] + "…"


def pdf_findings(data: bytes) -> list[MetadataFinding]:
    """A PDF whose information dictionary or XMP names a person as its author."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        names = [str(info.author)] if info is not None and info.author else []
        xmp = reader.xmp_metadata
        if xmp is not None:
            names += [str(name) for name in xmp.dc_creator or []]
    except (PdfReadError, ValueError, KeyError) as exc:
        return [
            MetadataFinding(
                "metadata-unreadable-pdf",
                f"ce PDF est illisible ({exc}) : exportez-le à nouveau.",
            )
        ]
    people = [n for n in dict.fromkeys(names) if n.strip() and not _COLLECTIVE_AUTHOR.match(n)]
    return [
        MetadataFinding(
            "metadata-pdf-author",
            f"les métadonnées de ce PDF nomment son auteur (« {_shown(name)} »). " + _FIX_PDF,
        )
        for name in people
    ]


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


def file_findings(path: Path) -> list[MetadataFinding]:
    """What the metadata of the file at ``path`` gives away (images and PDF; else nothing)."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return image_findings(path.read_bytes())
    if suffix == ".pdf":
        return pdf_findings(path.read_bytes())
    return []
