"""The ``/// a-remettre`` block in the guide page: a labelled section, like our tracks.

A Python-Markdown extension on pymdownx blocks, usable by any generator that
renders with Python-Markdown. The section's heading joins the page's table of
contents; ``.entraide-handout__actions`` is left empty for the site adapter,
which knows where the print view lives.
"""

from __future__ import annotations

from typing import Any, ClassVar
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_string

from entraide.handouts.model import BLOCK_NAME, QR_OPTION


class HandoutBlock(Block):  # type: ignore[misc]
    NAME = BLOCK_NAME
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, Any]] = {QR_OPTION: ["", type_string]}
    LABEL = ""

    def on_create(self, parent: Element) -> Element:
        section = SubElement(parent, "section", {"class": "entraide-handout"})
        heading = SubElement(section, "h2")
        heading.text = self.LABEL
        SubElement(section, "div", {"class": "entraide-handout__actions"})
        if self.argument:
            title = SubElement(section, "p", {"class": "entraide-handout__title"})
            title.text = self.argument
        return section


class HandoutExtension(BlocksExtension):  # type: ignore[misc]
    """Registers ``/// a-remettre``; ``label`` is the section's heading (from the taxonomy)."""

    def __init__(self, label: str) -> None:
        self.label = label
        super().__init__()

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        block_mgr.register(type("HandoutBlock_", (HandoutBlock,), {"LABEL": self.label}), {})
