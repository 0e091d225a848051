"""File names every contributor's system can hold: Windows refuses some that Linux accepts.

A page named ``aux.md`` or ``etapes:.md`` committed from Linux makes the
repository impossible to clone on Windows, where most contributors and many
networks work. Checked on the page's path under the docs folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from entraide.content.problems import Problem, error
from entraide.content.rules.page_source import PageSource

# Device names Windows reserves, whatever the extension ("aux.md" is "aux").
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_FORBIDDEN = re.compile(r'[<>:"\\|?*\x00-\x1f]')


def windows_problem(name: str) -> str | None:
    """Why Windows refuses one path segment, in French; None when it accepts it."""
    if name.split(".")[0].lower() in WINDOWS_RESERVED:
        return f"« {name} » est un nom réservé par Windows"
    if _FORBIDDEN.search(name):
        return f'« {name} » contient un caractère que Windows refuse (< > : " \\ | ? *)'
    if name.endswith((".", " ")):
        return f"« {name} » finit par un point ou une espace, que Windows retire"
    return None


def check_file_name(source: PageSource) -> Iterator[Problem]:
    for part in PurePosixPath(source.docs_path).parts:
        reason = windows_problem(part)
        if reason:
            yield error(
                source.display,
                1,
                "file-name",
                f"{reason} : le dépôt ne pourrait plus être copié sous Windows. Renommez "
                "le fichier ou le dossier (lettres sans accents, chiffres et tirets).",
            )
