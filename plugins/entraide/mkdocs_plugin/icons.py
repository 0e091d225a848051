"""Posture icons from Material's bundled SVG set, as CSS masks.

An icon drawn by CSS keeps each page light (one stylesheet instead of an SVG
in every badge) while the badge text stays in the HTML for screen readers.
"""

from __future__ import annotations

import base64
from pathlib import Path

import material

from entraide.content.taxonomy import Taxonomy

ICONS_DIR = Path(material.__file__).parent / "templates" / ".icons"


def icon_svg(name: str) -> str | None:
    """SVG text of ``material/clock-alert-outline``-style names, None when unknown."""
    path = ICONS_DIR / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def posture_icons_css(taxonomy: Taxonomy) -> tuple[str, list[str]]:
    """(CSS rules, names of icons that were not found)."""
    rules, missing = [], []
    for slug, posture in taxonomy.mediation.items():
        svg = icon_svg(posture.icon) if posture.icon else None
        if svg is None:
            missing.append(posture.icon or slug)
            continue
        data = base64.b64encode(svg.encode()).decode()
        rules.append(
            f".entraide-badge--{slug} .entraide-badge__icon,"
            f".entraide-track--{slug} .entraide-track__label::before"
            f'{{mask-image:url("data:image/svg+xml;base64,{data}")}}'
        )
    return "\n".join(rules) + "\n", missing
