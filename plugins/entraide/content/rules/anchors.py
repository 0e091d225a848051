"""Which ``#anchors`` a page offers, computed by rendering it as the site does.

MkDocs gives headings the ids of Python-Markdown's ``toc`` extension, whose
slugs drop accents and some letters ("Pièges fréquents" → ``pieges-frequents``,
"L’Œuvre" → ``luvre``) and number repeated headings (``etapes_1``); a heading
inside a tab or an admonition only exists once their extensions ran. Rendering
with the site's own extensions (:mod:`entraide.content.rendering`) is the only
way to agree with the site on every case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter
from entraide.content.rendering import PageRenderer

_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def anchors_in(body: str, renderer: PageRenderer) -> frozenset[str]:
    """Every id the rendered body carries: headings first, then any other element."""
    return frozenset(_ID.findall(renderer.render(body)))


class AnchorIndex:
    """Anchors of the pages a run links to, each page rendered once.

    The renderer is made on first use: loading every extension is the costly part,
    and a run that checks no link never needs it.
    """

    def __init__(self, make_renderer: Callable[[], PageRenderer]) -> None:
        self._make_renderer = make_renderer
        self._cache: dict[Path, frozenset[str] | None] = {}

    @cached_property
    def renderer(self) -> PageRenderer:
        return self._make_renderer()

    def of(self, path: Path) -> frozenset[str] | None:
        """The anchors of the Markdown file at ``path``; None when it cannot be read."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    def _read(self, path: Path) -> frozenset[str] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            _, body, _ = split_front_matter(text)
        except FrontMatterSyntaxError:
            body = text
        return anchors_in(body, self.renderer)
