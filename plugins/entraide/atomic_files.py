"""Writing a file so that an interrupted write never leaves half of it.

Catalogues, network pins, index manifests and the accounts file are read by
other processes (a running server, CI) and rewritten whole: a crash or a full
disk must leave the previous file or the new one. The text goes to a temporary
file in the same folder (so the swap never crosses file systems), is flushed to
disk, then replaces the target in one ``os.replace``, which Windows allows over
an existing file too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; ``mode``: the new file's
    permissions (``0o600`` for secrets: the temporary file is never more open)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
