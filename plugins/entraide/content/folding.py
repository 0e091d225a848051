"""French words compared as people read them: case and accents do not matter."""

from __future__ import annotations

import unicodedata


def fold_accents(text: str) -> str:
    """``Étapes`` and ``etapes`` give the same key; used to sort titles and match headings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
