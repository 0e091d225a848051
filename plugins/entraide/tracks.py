"""Two tracks in one page: ``/// urgence`` and ``/// autonomie`` blocks.

A Python-Markdown extension built on pymdownx blocks, so any generator that
renders Markdown with Python-Markdown (MkDocs today, its successors tomorrow)
can use it. Each block becomes a labelled section that reads correctly without
JavaScript and in print; the page script adds the control to show one track.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block


class TrackBlock(Block):  # type: ignore[misc]
    """One posture's track; subclasses set NAME and LABEL per taxonomy posture."""

    NAME = ""
    LABEL = ""
    ARGUMENT = None
    OPTIONS: dict[str, Any] = {}  # noqa: RUF012 - pymdownx's own declaration style

    def on_create(self, parent: Element) -> Element:
        label = self.argument or self.LABEL
        section = SubElement(
            parent,
            "section",
            {
                "class": f"entraide-track entraide-track--{self.NAME}",
                "data-track": self.NAME,
                "aria-label": label,
            },
        )
        title = SubElement(section, "p", {"class": "entraide-track__label"})
        title.text = label
        return section


class TracksExtension(BlocksExtension):  # type: ignore[misc]
    """Registers one block per posture: ``{"urgence": "En urgence : faire pour", ...}``."""

    def __init__(self, tracks: Mapping[str, str]) -> None:
        self.tracks = dict(tracks)
        super().__init__()

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        for slug, label in self.tracks.items():
            block = type(f"Track_{slug}", (TrackBlock,), {"NAME": slug, "LABEL": label})
            block_mgr.register(block, {})
