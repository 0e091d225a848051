"""How large a proposed page may be: the one bound every part of the editor enforces.

The largest page of the base is about 11 kB; ten times that leaves room for any
real guide while keeping a hostile post from filling memory, the Git object
store or a reviewer's screen.
"""

from __future__ import annotations

from typing import Final

MAX_PAGE_BYTES: Final = 100_000


def page_too_large(text: str) -> str | None:
    """The French refusal for a page text above :data:`MAX_PAGE_BYTES`, or None."""
    size = len(text.encode("utf-8"))
    if size <= MAX_PAGE_BYTES:
        return None
    return (
        f"Page trop longue : {size:_} octets pour {MAX_PAGE_BYTES:_} au plus. "
        "Découpez-la en plusieurs pages."
    ).replace("_", "\u202f")
