"""Composing a shared page with what the network adds to it: the « Chez nous » block.

The block goes at one defined place: where the shared page says
``<!-- entraide:chez-nous -->``, else just before its « En cas de blocage »
section (where a mediator looks for whom to call), else at the end. It holds
the network's completion (``chez-nous/<same path>.md``) and its contacts for
the page's organisations.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence

from entraide.network.contacts import Contact
from entraide.network.layout import DIRECTORY_PAGE

MARKER = "<!-- entraide:chez-nous -->"
_BLOCKING = re.compile(r"^##[ \t]+En cas de blocage[ \t#]*$", re.MULTILINE | re.IGNORECASE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line.strip() else "" for line in text.strip().splitlines())


def _plain(text: str) -> str:
    """Contact fields are data, never markup: escaped for both Markdown and HTML."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", html.escape(text, quote=False))


def contact_lines(contacts: Sequence[Contact]) -> str:
    """One Markdown list item per contact: who, role, how to reach, when."""
    items = []
    for contact in contacts:
        reach = [_plain(value) for value in (contact.phone, contact.email) if value]
        item = f"- **{_plain(contact.name)}** ({contact.role_label})"
        if reach:
            item += " : " + ", ".join(reach)
        details = [
            _plain(value.rstrip(" ."))
            for value in (
                contact.address,
                contact.hours,
                contact.how_to_reach,
                f"public : {contact.public}" if contact.public else "",
            )
            if value
        ]
        if details:
            item += "  \n  " + " ; ".join(details)
        items.append(item)
    return "\n".join(items)


def chez_nous_block(
    network_name: str, page_path: str, completion: str | None, contacts: Sequence[Contact]
) -> str:
    """The block as Markdown (a Material admonition with its own class)."""
    parts = []
    if completion and completion.strip():
        parts.append(completion.strip())
    if contacts:
        parts.append("**Qui appeler près de chez nous**\n\n" + contact_lines(contacts))
    directory = posixpath.relpath(DIRECTORY_PAGE, posixpath.dirname(page_path) or ".")
    parts.append(f"[Tout l'annuaire local]({directory})")
    body = _indent("\n\n".join(parts))
    title = f"Chez nous : {network_name}".replace('"', "«")
    return f'!!! note entraide-chez-nous "{title}"\n\n{body}\n'


def insert_block(text: str, block: str) -> str:
    """``text`` (a whole page, front matter included) with ``block`` at its defined place."""
    if MARKER in text:
        return text.replace(MARKER, f"\n{block}\n", 1)
    match = _BLOCKING.search(text)
    if match is not None and not _inside_fence(text, match.start()):
        return f"{text[: match.start()]}{block}\n{text[match.start() :]}"
    return f"{text.rstrip()}\n\n{block}"


def _inside_fence(text: str, offset: int) -> bool:
    return len(_FENCE.findall(text, 0, offset)) % 2 == 1
