"""Downloadable resources: declared with description, licence and size; no telling metadata."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

from pypdf import PdfWriter

from entraide.resources.metadata import image_findings, pdf_findings
from tests.test_cli import entraide

RESOURCES = Path("docs/entrainement/ressources")


def _tiff(tags: list[tuple[int, int]]) -> bytes:
    """A little-endian TIFF block with one directory holding ``tags`` (LONG values)."""
    entries = b"".join(struct.pack("<HHII", tag, 4, 1, value) for tag, value in tags)
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags)) + entries + b"\0\0\0\0"


def jpeg_with_exif(tags: list[tuple[int, int]]) -> bytes:
    payload = b"Exif\x00\x00" + _tiff(tags)
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return b"\xff\xd8" + app1 + b"\xff\xda\x00\x02" + b"\x00" * 16 + b"\xff\xd9"


def png_with_exif(tags: list[tuple[int, int]]) -> bytes:
    block = _tiff(tags)
    chunk = struct.pack(">I", len(block)) + b"eXIf" + block + b"\0\0\0\0"
    return b"\x89PNG\r\n\x1a\n" + chunk + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0"


def pdf_by(author: str | None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if author:
        writer.add_metadata({"/Author": author})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_gps_and_camera_exif_are_found_in_jpeg_and_png() -> None:
    gps, make, orientation = (0x8825, 100), (0x010F, 120), (0x0112, 1)
    assert [f.code for f in image_findings(jpeg_with_exif([gps]))] == ["metadata-gps"]
    assert [f.code for f in image_findings(png_with_exif([make]))] == ["metadata-camera"]
    assert image_findings(jpeg_with_exif([orientation])) == []
    assert image_findings(b"\xff\xd8\xff\xd9") == []


def test_pdf_author_naming_a_person_is_found_not_the_project() -> None:
    (finding,) = pdf_findings(pdf_by("Marie Dupont"))
    assert finding.code == "metadata-pdf-author"
    assert "Marie Dupont" not in finding.message
    assert pdf_findings(pdf_by("Entraide")) == []
    assert pdf_findings(pdf_by(None)) == []


def _problems(project: Path, *paths: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(
        entraide("check", "--format", "json", *paths, cwd=project).stdout
    )
    return found


def test_photo_with_gps_anywhere_under_docs_fails_check(project: Path) -> None:
    photo = project / "docs/procedures/caf/formulaire.jpg"
    photo.write_bytes(jpeg_with_exif([(0x8825, 100)]))
    problems = _problems(project, "docs/procedures/caf")
    assert {"path": "docs/procedures/caf/formulaire.jpg", "line": 1, "code": "metadata-gps"} in [
        {k: p[k] for k in ("path", "line", "code")} for p in problems
    ]


def test_manifest_refuses_undeclared_oversized_mismatched_and_authored_files(
    project: Path,
) -> None:
    folder = project / RESOURCES
    assert _problems(project, str(RESOURCES)) == []
    (folder / "photo.jpg").write_bytes(jpeg_with_exif([]))
    (folder / "grille-lecture-courrier.pdf").write_bytes(pdf_by("Marie Dupont"))
    manifest = folder / "ressources.yml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "  - file: gros.pdf\n    title: Gros fichier\n    description: Trop lourd.\n"
        "    licence: CC BY 4.0\n    size: 6,0 Mo\n",
        encoding="utf-8",
    )
    (folder / "gros.pdf").write_bytes(pdf_by(None) + b"%" * (6 * 1024 * 1024))
    codes = {(p["code"], p["line"]) for p in _problems(project, str(RESOURCES))}
    lines = manifest.read_text(encoding="utf-8").splitlines()
    grille = next(i for i, ln in enumerate(lines, 1) if "grille-lecture-courrier.pdf" in ln)
    gros = next(i for i, ln in enumerate(lines, 1) if "gros.pdf" in ln)
    assert ("resource-undeclared", 1) in codes
    assert ("metadata-pdf-author", grille) in codes
    assert ("resource-size-mismatch", grille) in codes
    assert ("resource-too-large", gros) in codes
