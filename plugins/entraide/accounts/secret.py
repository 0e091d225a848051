"""The key that signs editor sessions and forms, made once per site and kept private.

It lives in the state folder, readable by its owner only (0600). Deleting it
signs everyone out, which is also how to do so on purpose.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from entraide.accounts.errors import AccountError

SECRET_FILENAME = "cle-session"
_SECRET_BYTES = 32


def session_secret(state_dir: Path) -> bytes:
    """The site's signing key, created on first call.

    Created whole or not at all: written to a private temporary file, then
    linked to its name, which fails if another process made it first (then
    that one is read). A half-written key can never be read back.
    """
    path = state_dir / SECRET_FILENAME
    if not path.exists():
        state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=state_dir, prefix=".cle-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(_SECRET_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            Path(temporary).unlink()
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AccountError(
            f"{path} : clé de session illisible ({exc}). Supprimez ce fichier : une nouvelle "
            "clé sera créée (chacun devra se reconnecter)."
        ) from exc
    if len(key) < _SECRET_BYTES:
        raise AccountError(
            f"{path} : clé de session trop courte. Supprimez ce fichier : une nouvelle clé sera "
            "créée (chacun devra se reconnecter)."
        )
    return key
