"""What :func:`~entraide.safety.html_policy.sanitize` changed on a page, said element by element.

A contributor needs to know why a paragraph lost its ``onfocus`` or a link its
address. Both the sanitized page and the page merely parsed and written back
(:func:`~entraide.safety.html_policy.reserialize`) are parsed and serialized by
the same parser, so what differs between them is exactly what the allow-list
removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from entraide.safety.html_policy import ALLOWED_TAGS, reserialize, sanitize

Token = tuple[str, str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Change:
    """One removal: an element (``attribute`` empty) or one attribute of an element.

    ``value`` is the removed attribute's value (or, for a class, the classes removed).
    """

    tag: str
    attribute: str = ""
    value: str = ""

    @property
    def is_element(self) -> bool:
        return not self.attribute


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = tuple(sorted((name, value or "") for name, value in attrs))
        self.tokens.append(("start", tag, pairs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _start_tags(html: str) -> list[Token]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _attribute_changes(before: Token, after: Token) -> list[Change]:
    kept = dict(after[2])
    changes = []
    for name, value in before[2]:
        if name not in kept:
            changes.append(Change(before[1], name, value))
        elif kept[name] != value and name == "class":
            removed = " ".join(c for c in value.split() if c not in kept[name].split())
            changes.append(Change(before[1], name, removed))
        elif kept[name] != value:
            changes.append(Change(before[1], name, value))
    return changes


def html_changes(html: str) -> tuple[str, list[Change]]:
    """The sanitized ``html``, and what sanitizing removed, in document order.

    The sanitizer never adds, moves or renames an element: it drops elements whose tag
    is not allowed (keeping their children) and attributes. So the elements of both
    versions pair up in order, each allowed one with the next one of the same name.
    """
    clean = sanitize(html)
    original = reserialize(html)
    if clean == original:
        return clean, []
    kept = _start_tags(clean)
    changes: list[Change] = []
    position = 0
    for token in _start_tags(original):
        match = None
        if token[1] in ALLOWED_TAGS:
            names = (kept[i][1] for i in range(position, len(kept)))
            match = next((position + i for i, name in enumerate(names) if name == token[1]), None)
        if match is None:
            changes.append(Change(token[1]))
            continue
        changes.extend(_attribute_changes(token, kept[match]))
        position = match + 1
    # Only text differs (markup the parser repaired): still a change to report.
    return clean, changes or [Change("#text")]
