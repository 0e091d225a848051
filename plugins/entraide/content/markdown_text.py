"""Plain text placed inside generated Markdown, shown as written and never as markup.

Titles, owners, taxonomy labels and Git author names end up in the Markdown of
generated pages (« Quoi de neuf », « À revérifier »). Written as they are, a
name like ``<img onerror=…>`` becomes HTML and ``Équipe {: onclick=… }`` an
attribute list. Python-Markdown's backslash escapes do not cover ``<`` or
``&``, so those become entities first.
"""

from __future__ import annotations

import re
from html import escape

# Python-Markdown's escapable characters (``ESCAPED_CHARS``), ``>`` aside: it is an entity.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_literal(text: str) -> str:
    """``text`` as Markdown that renders back to exactly ``text``."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(text, quote=False))
