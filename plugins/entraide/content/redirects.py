"""Old page addresses that must keep working after a page moves.

A moved page keeps its readers' bookmarks, printed handouts and QR codes only if
its old address still answers. The map (old path -> new path, both relative to
the docs folder) is plain data; this module says whether each entry makes sense
against the pages that exist, in French, so a bad entry never ships a redirect
to nowhere or hides a real page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Redirect:
    """``old`` and ``target`` are Markdown paths relative to docs; ``fragment`` keeps ``#…``."""

    old: str
    target: str
    fragment: str = ""


@dataclass(frozen=True)
class RedirectReport:
    """What the map gives for one site.

    ``problems`` are mistakes in the map itself (an old path that is not a page
    path, or that still holds a page the redirect would hide). ``absent`` entries
    point at a page this site does not have: not a mistake when the same
    configuration builds a smaller folder of pages (a network's subset, a test
    site), so they are only skipped; the repository's own test proves that every
    entry of its map lands on a page.
    """

    redirects: list[Redirect]
    problems: list[str]
    absent: list[str]


def read_redirects(raw: Mapping[str, str], pages: Collection[str]) -> RedirectReport:
    """The usable redirects of ``raw`` against ``pages``, the Markdown paths of the site."""
    redirects: list[Redirect] = []
    problems: list[str] = []
    absent: list[str] = []
    for old, new in raw.items():
        old, new = str(old).strip("/"), str(new).strip("/")
        target, _, fragment = new.partition("#")
        if not old.endswith(".md"):
            problems.append(
                f"redirection « {old} » : l'ancienne adresse doit être le chemin d'une page "
                "Markdown sous docs/ (par exemple procedures/ameli/carte-vitale.md)."
            )
        elif old in pages:
            problems.append(
                f"redirection « {old} » : une page existe encore à cette adresse ; supprimez "
                "la redirection ou la page."
            )
        elif target not in pages:
            absent.append(
                f"redirection « {old} » : la nouvelle page « {target} » n'existe pas ; "
                "redirection ignorée dans ce site."
            )
        else:
            redirects.append(Redirect(old, target, f"#{fragment}" if fragment else ""))
    return RedirectReport(redirects, problems, absent)
