"""A page named by a browser, made into a path inside the docs folder, or refused.

Every address of the editor carries a page path (``?page=procedures/caf/apl.md``)
that anyone can rewrite. Before anything is read or written, the path must be a
plain docs-relative POSIX path to a Markdown page that a person wrote: no
``..``, no absolute or Windows path, no hidden part (``.git``, ``.entraide-…``),
no generated page (listings, search: the build writes them), no name Windows
refuses, and on disk no symbolic link leading out of the docs folder.
Refusals are French sentences the form shows as they are.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import Final

from entraide.content.rules.file_names import windows_problem

MAX_PATH_CHARS: Final = 200
# Folders of the docs that are not pages: images, scripts, PDFs.
NOT_PAGES: Final = frozenset({"assets"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


class PagePathError(ValueError):
    """A page path the editor refuses; ``str(error)`` is the French reason."""


def docs_page_path(raw: str, generated: Collection[str] = ()) -> str:
    """``raw`` as a docs-relative POSIX path to a Markdown page (``faq/acces.md``).

    ``generated`` holds the docs paths the build writes itself
    (:func:`entraide.website.model.generated_pages`). Raises :class:`PagePathError`.
    """
    text = raw.strip()
    if not text:
        raise PagePathError("Aucune page indiquée : choisissez une page du site.")
    if len(text) > MAX_PATH_CHARS:
        raise PagePathError(f"Chemin de page trop long : {MAX_PATH_CHARS} caractères au plus.")
    if _CONTROL.search(text):
        raise PagePathError("Chemin de page invalide : il contient des caractères de contrôle.")
    if "\\" in text:
        raise PagePathError(
            "Chemin de page invalide : utilisez des barres obliques (/), pas des "
            "barres obliques inverses (\\)."
        )
    if text.startswith(("/", "~")) or _DRIVE.match(text):
        raise PagePathError(
            "Chemin de page refusé : il doit partir du dossier des pages (docs/), "
            "par exemple « procedures/caf/prime-activite.md », pas d'une adresse absolue."
        )
    parts = text.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise PagePathError(
            "Chemin de page refusé : « .. », « . » et les doubles barres ne sont pas permis ; "
            "seules les pages du dossier docs/ peuvent être modifiées."
        )
    if any(part.startswith(".") for part in parts):
        raise PagePathError(
            "Chemin de page refusé : les fichiers et dossiers cachés (commençant par un "
            "point) ne sont pas des pages."
        )
    for part in parts:
        reason = windows_problem(part)
        if reason:
            raise PagePathError(f"Chemin de page refusé : {reason}.")
    if not text.endswith(".md"):
        raise PagePathError(
            "Seules les pages Markdown (fichiers en « .md ») se modifient dans l'éditeur."
        )
    if parts[0] in NOT_PAGES:
        raise PagePathError(
            f"« {parts[0]}/ » contient les fichiers du site (images, scripts), pas des pages."
        )
    path = PurePosixPath(text).as_posix()
    if path in generated:
        raise PagePathError(
            f"« {path} » est une page produite automatiquement à la construction du site "
            "(liste, recherche) : modifiez les pages qu'elle rassemble."
        )
    return path


def page_file(docs_dir: Path, docs_path: str) -> Path:
    """Where the page ``docs_path`` (already checked by :func:`docs_page_path`) lives on disk.

    Refuses a symbolic link anywhere on the way: one could lead out of the docs
    folder (``docs/x -> /etc``), and the site never publishes pages through links.
    """
    root = docs_dir.resolve()
    current = root
    for part in PurePosixPath(docs_path).parts:
        current = current / part
        if current.is_symlink():
            raise PagePathError(
                f"« {docs_path} » passe par un lien symbolique : seules les pages réellement "
                "dans le dossier docs/ peuvent être modifiées."
            )
    if not current.resolve().is_relative_to(root):
        raise PagePathError(f"« {docs_path} » est en dehors du dossier des pages (docs/).")
    return current


def repository_path(root: Path, docs_dir: Path, docs_path: str) -> str:
    """The page's path from the repository's root, as Git names it (``docs/faq/acces.md``)."""
    folder = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    return docs_path if folder == "." else f"{folder}/{docs_path}"
