"""Which ``#anchors`` a page offers, computed by Python-Markdown itself.

MkDocs gives headings the ids of Python-Markdown's ``toc`` extension, whose
slugs drop accents and some letters ("Pièges fréquents" → ``pieges-frequents``,
"L’Œuvre" → ``luvre``) and number repeated headings (``etapes_1``). Rendering
with the same extension is the only way to agree with the site on every case.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter

_EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "fenced_code", "def_list", "abbr"]
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def anchors_in(body: str) -> frozenset[str]:
    """Every id the rendered body carries: headings first, then any other element."""
    renderer = markdown.Markdown(extensions=_EXTENSIONS)
    html = renderer.convert(body)
    return frozenset(_ID.findall(html))


class AnchorIndex:
    """Anchors of the pages a run links to, each page rendered once."""

    def __init__(self) -> None:
        self._cache: dict[Path, frozenset[str] | None] = {}

    def of(self, path: Path) -> frozenset[str] | None:
        """The anchors of the Markdown file at ``path``; None when it cannot be read."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    @staticmethod
    def _read(path: Path) -> frozenset[str] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            _, body, _ = split_front_matter(text)
        except FrontMatterSyntaxError:
            body = text
        return anchors_in(body)
