"""The zip of an offline copy: one top folder, so unzipping makes one folder to open."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

LEFT_OUT = (".entraide-build.json",)


@dataclass(frozen=True)
class Archive:
    path: Path
    files: int
    size: int  # bytes, compressed
    unpacked: int  # bytes


def zip_folder(folder: Path, output: Path, top: str) -> Archive:
    """Zip ``folder`` into ``output`` under ``top/``; written beside, then renamed in place."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partiel")
    files = unpacked = 0
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name in LEFT_OUT:
                continue
            zf.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
            files += 1
            unpacked += path.stat().st_size
    partial.replace(output)
    return Archive(output, files, output.stat().st_size, unpacked)
