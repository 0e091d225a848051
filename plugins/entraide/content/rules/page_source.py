"""What a rule is given: one page's source, and what it may need of the site around it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from entraide.content.frontmatter import FrontMatter
from entraide.content.page import Page
from entraide.content.problems import Problem
from entraide.content.rendering import (
    DEFAULT_SETTINGS,
    MarkdownSettings,
    PageRenderer,
    site_renderer,
)
from entraide.content.rules.anchors import AnchorIndex
from entraide.content.rules.markdown_source import mask_code
from entraide.content.taxonomy import Taxonomy
from entraide.sources.catalogue import Catalogue
from entraide.website.model import SiteModel


@dataclass(frozen=True)
class CheckContext:
    """Shared by every page of one run, so a page linked from ten others is read once.

    ``catalogue`` lists the official fiches pages may cite (None: not checked);
    ``generated`` holds the docs paths the site generator adds (listing pages),
    which links may point to although no file exists; ``markdown`` says how the
    site renders pages (read from its configuration by
    :func:`~entraide.content.rendering.site_markdown_settings`); ``site_model`` the
    site whose files links may lead to (by default, the files of ``docs_dir``).
    """

    docs_dir: Path
    taxonomy: Taxonomy
    today: date
    catalogue: Catalogue | None = None
    generated: frozenset[str] = frozenset()
    markdown: MarkdownSettings = DEFAULT_SETTINGS
    anchors: AnchorIndex = field(init=False, compare=False)
    site_model: SiteModel | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        anchors = AnchorIndex(lambda: site_renderer(self.markdown, self.taxonomy))
        object.__setattr__(self, "anchors", anchors)

    @property
    def renderer(self) -> PageRenderer:
        """The site's Markdown rendering, made once per run (shared with the anchor index)."""
        return self.anchors.renderer

    @cached_property
    def site(self) -> SiteModel:
        return self.site_model or SiteModel.plain(self.docs_dir)


@dataclass(frozen=True)
class PageSource:
    """One page as written: ``text`` is the whole file, ``body`` what follows the header."""

    display: str
    docs_path: str
    text: str
    body: str
    body_line: int
    front_matter: FrontMatter | None
    page: Page | None
    context: CheckContext

    @cached_property
    def masked_body(self) -> str:
        """The body without code and comments, offsets unchanged."""
        return mask_code(self.body)

    def meta(self, key: str) -> object:
        return self.front_matter.data.get(key) if self.front_matter else None

    def meta_line(self, key: str) -> int:
        return self.front_matter.line_of((key,)) if self.front_matter else 1


Rule = Callable[[PageSource], Iterable[Problem]]
