"""Which page names the browser editor accepts.

A page name arrives from a form or a URL, so it is hostile until proven
otherwise: it must name a Markdown page inside the docs folder, as a
docs-relative POSIX path, and nothing else. Checking the text itself (rather
than resolving it on disk) keeps the answer the same on every system and for
pages that do not exist yet.
"""

from __future__ import annotations

import re

MAX_PAGE_PATH_LENGTH = 200

_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\:*?\"<>|]")


class UnsafePagePathError(ValueError):
    """A page name the editor refuses, with the French reason."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"Nom de page refusé « {value[:80]} » : {reason}")
        self.value = value
        self.reason = reason


def safe_page_path(value: str) -> str:
    """``value`` unchanged when it names a page under the docs folder, else raise.

    Refused: empty names, absolute paths, drive letters, backslashes, control
    characters, empty, ``.`` or ``..`` components, hidden components (MkDocs
    never publishes them), and names not ending in ``.md``.
    """
    if not value:
        raise UnsafePagePathError(value, "le nom de la page est vide.")
    if len(value) > MAX_PAGE_PATH_LENGTH:
        raise UnsafePagePathError(value, f"le nom dépasse {MAX_PAGE_PATH_LENGTH} caractères.")
    if value.startswith("/"):
        raise UnsafePagePathError(
            value, "un chemin absolu sort du dossier des pages ; donnez un chemin relatif à docs/."
        )
    if _FORBIDDEN_CHARACTERS.search(value):
        raise UnsafePagePathError(
            value,
            "il contient un caractère interdit (barre oblique inverse, deux-points, "
            "caractère de contrôle…) ; séparez les dossiers par « / ».",
        )
    parts = value.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePagePathError(
            value, "« .. », « . » et les « / » doublés ne sont pas permis dans un nom de page."
        )
    if any(part.startswith(".") for part in parts):
        raise UnsafePagePathError(
            value, "un nom qui commence par un point est caché et jamais publié."
        )
    if not value.endswith(".md"):
        raise UnsafePagePathError(
            value, "une page est un fichier Markdown dont le nom finit par « .md »."
        )
    return value
