"""Emoji without a third-party host: icons inlined as SVG, emoji characters as text.

Material's ``to_svg`` inlines its icons (``:material-account:``) but turns an
emoji (``:smile:``) into an ``<img>`` loaded from a CDN, which tells that host
who reads which page and which the site's Content-Security-Policy
(``img-src 'self'``) blocks. The character itself reads the same everywhere.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from material.extensions.emoji import to_svg as material_to_svg
from pymdownx.emoji import to_alt


def to_svg_or_text(
    index: str,
    shortname: str,
    alias: str,
    uc: str | None,
    alt: str,
    title: str,
    category: str,
    options: dict[str, Any],
    md: Any,
) -> Element | str:
    """``emoji_generator`` for ``pymdownx.emoji`` (see ``mkdocs.yml``)."""
    if uc:
        return str(to_alt(index, shortname, alias, uc, alt, title, category, options, md))
    result: Element = material_to_svg(
        index, shortname, alias, uc, alt, title, category, options, md
    )
    return result
