"""Unsafe HTML: what would run code in a reader's browser once the page is published.

Markdown lets raw HTML through to the site. A mediator's browser at a France
Services desk often has a person's session open in another tab, so nothing in
a page may execute: no scripts, no embedded frames, no event handlers, no
``javascript:`` links. Code blocks are shown as text and are left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from entraide.content.problems import Problem, error
from entraide.content.rules.markdown_source import line_at, links
from entraide.content.rules.page_source import PageSource

_ELEMENT = re.compile(r"<\s*(?P<name>script|iframe|frame|object|embed)\b", re.I)
_TAG = re.compile(r"<[a-zA-Z][\w-]*\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_HANDLER = re.compile(r"[\s\"'/](?P<name>on[a-z]+)\s*=", re.I)
_SCRIPT_URL = re.compile(
    r"^\s*(?P<scheme>javascript|vbscript|data(?!:image/(?:png|jpe?g|gif|webp)[;,]))\s*:", re.I
)

_ANY_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
# Entities and tabs may hide a scheme's letters (``&#106;avascript:``, ``java\tscript:``):
# any "&" or tab also counts.
_ANY_SCHEME = re.compile(r"script\s*:|data\s*:|[&\t]", re.I)

_WHY = "le site refuse tout contenu qui exécute du code dans le navigateur des lecteurs"


def check_unsafe_html(source: PageSource) -> Iterator[Problem]:
    masked = source.masked_body
    for match in _ELEMENT.finditer(masked):
        name = match["name"].lower()
        yield error(
            source.display,
            line_at(masked, match.start(), source.body_line),
            "unsafe-html",
            f"la balise <{name}> est interdite : {_WHY}. Pour montrer une vidéo ou un "
            "simulateur, mettez un lien vers le site officiel.",
        )
    # Cheap look-ups first: walking every tag and link of a long page is the costly part.
    for tag in _TAG.finditer(masked) if _ANY_HANDLER.search(masked) else ():
        for handler in _HANDLER.finditer(tag.group()):
            yield error(
                source.display,
                line_at(masked, tag.start() + handler.start("name"), source.body_line),
                "unsafe-html",
                f"l'attribut « {handler['name']} » exécute du code : {_WHY}. Supprimez-le.",
            )
    for link in links(masked, source.body_line) if _ANY_SCHEME.search(masked) else ():
        scheme = _SCRIPT_URL.match(html.unescape(link.target).replace("\t", ""))
        if scheme:
            yield error(
                source.display,
                link.line,
                "unsafe-link",
                f"un lien « {scheme['scheme'].lower()}: » exécute du code ou cache un contenu : "
                f"{_WHY}. Mettez une adresse https:// ou un lien vers une page d'Entraide.",
            )
