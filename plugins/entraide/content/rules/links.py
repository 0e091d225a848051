"""Internal links, their anchors, and images: what a strict build would trip over.

Checked against the files on disk so a contributor learns about a dead link
from ``entraide check`` in a second, with a suggestion, rather than from a
failed site build.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from entraide.content.problems import Problem, error, warning
from entraide.content.rules.anchors import anchors_in
from entraide.content.rules.markdown_source import Link, links
from entraide.content.rules.page_source import PageSource
from entraide.website.model import SiteModel

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check_links(source: PageSource) -> Iterator[Problem]:
    own_anchors: frozenset[str] | None = None
    for link in links(source.masked_body, source.body_line):
        target = link.target
        if not target or _SCHEME.match(target) or target.startswith("//"):
            continue
        path_part, _, anchor = target.partition("#")
        path_part = unquote(path_part.partition("?")[0])
        if not path_part:
            if own_anchors is None:
                own_anchors = anchors_in(source.body, source.context.anchors.renderer)
            yield from _anchor_problem(source, link, anchor, own_anchors, "cette page")
            continue
        if path_part.startswith("/"):
            yield warning(
                source.display,
                link.line,
                "absolute-link",
                f"le lien « {target} » part de la racine du site et cassera si le site est "
                "publié dans un sous-dossier : écrivez un chemin relatif vers le fichier .md "
                "(par exemple « ../faq/ma-page.md »).",
            )
            continue
        yield from _relative_problems(source, link, path_part, anchor)


def _relative_problems(
    source: PageSource, link: Link, path_part: str, anchor: str
) -> Iterator[Problem]:
    folder = PurePosixPath(source.docs_path).parent.as_posix()
    resolved = posixpath.normpath(posixpath.join(folder, path_part))
    if resolved == ".." or resolved.startswith("../"):
        yield error(
            source.display,
            link.line,
            "link-outside-docs",
            f"le lien « {link.target} » sort du dossier docs : le site ne le publiera pas. "
            "Liez une page ou une image rangée sous docs/.",
        )
        return
    if resolved in source.context.generated or f"{resolved}/index.md" in source.context.generated:
        return
    site = source.context.site
    target = site.get(resolved) or site.get(posixpath.join(resolved, "index.md").removeprefix("./"))
    if target is None:
        yield _dead(source, link, resolved)
        return
    if anchor and target.is_markdown:
        anchors = source.context.anchors.of(target.source)
        if anchors is not None:
            yield from _anchor_problem(source, link, anchor, anchors, f"« {resolved} »")


def _dead(source: PageSource, link: Link, resolved: str) -> Problem:
    if link.is_image:
        return error(
            source.display,
            link.line,
            "missing-image",
            f"l'image « {link.target} » est introuvable (docs/{resolved}) : ajoutez le fichier "
            "sous docs/ ou corrigez le chemin, relatif à cette page.",
        )
    return error(
        source.display,
        link.line,
        "dead-link",
        f"le lien « {link.target} » mène à une page qui n'existe pas (docs/{resolved})."
        + _suggestion(source.context.site, source.docs_path, resolved)
        + " Les liens sont relatifs à la page : « ../ » remonte d'un dossier.",
    )


def _suggestion(site: SiteModel, docs_path: str, resolved: str) -> str:
    """The existing page whose file name is closest to the one written, if any is close."""
    pages: dict[str, str] = {}
    for file in site.pages():
        pages.setdefault(PurePosixPath(file.path).name, file.path)
    match = difflib.get_close_matches(PurePosixPath(resolved).name, pages, n=1, cutoff=0.75)
    if not match:
        return ""
    relative = posixpath.relpath(pages[match[0]], PurePosixPath(docs_path).parent.as_posix())
    return f" Vouliez-vous dire « {relative} » ?"


def _anchor_problem(
    source: PageSource, link: Link, anchor: str, anchors: frozenset[str], where: str
) -> Iterator[Problem]:
    if not anchor or unquote(anchor) in anchors:
        return
    headings = sorted(a for a in anchors if not a.startswith("fn"))
    close = difflib.get_close_matches(unquote(anchor), headings, n=1, cutoff=0.6)
    hint = f" Vouliez-vous dire « #{close[0]} » ?" if close else ""
    yield error(
        source.display,
        link.line,
        "dead-anchor",
        f"l'ancre « #{anchor} » n'existe pas dans {where} : elle doit reprendre le titre de "
        "la section en minuscules, sans accents, avec des tirets (« ## Pièges fréquents » → "
        f"« #pieges-frequents »).{hint}",
    )
