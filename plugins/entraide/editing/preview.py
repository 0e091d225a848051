"""A draft as readers would see it: the site's own Markdown, then the site's HTML allow-list.

The preview must not lie in either direction: rendered with the extensions of
``mkdocs.yml`` and the two-track blocks (:func:`~entraide.content.rendering.site_renderer`),
and passed through the same allow-list as published pages
(:func:`~entraide.safety.html_policy.sanitize`), so a ``<script>`` in a draft
is neither run in the reviewer's browser nor shown as if it would be published.
"""

from __future__ import annotations

import threading
from pathlib import Path

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter
from entraide.content.rendering import PageRenderer, site_markdown_settings, site_renderer
from entraide.content.taxonomy import Taxonomy
from entraide.safety.html_policy import sanitize


class Previewer:
    """Renders drafts of one site; one Markdown instance, used under a lock (not thread-safe)."""

    def __init__(self, renderer: PageRenderer) -> None:
        self._renderer = renderer
        self._lock = threading.Lock()

    @classmethod
    def for_site(cls, root: Path, taxonomy: Taxonomy) -> Previewer:
        """The previewer of the site whose ``mkdocs.yml`` is in ``root``.

        Raises :class:`~entraide.content.rendering.RenderingConfigError` (French).
        """
        return cls(site_renderer(site_markdown_settings(root), taxonomy))

    def body_html(self, body: str) -> str:
        """The sanitized HTML of a page body (Markdown without its header)."""
        with self._lock:
            html = self._renderer.render(body)
        return sanitize(html)

    def page_html(self, text: str) -> str:
        """The sanitized HTML of a whole page text; an unreadable header previews the text."""
        try:
            _, body, _ = split_front_matter(text)
        except FrontMatterSyntaxError:
            body = text
        return self.body_html(body)
