"""French words compared as people read them: case and accents do not matter.

The one folding of the project: titles sorted and headings matched in the
content rules, file names of new pages, and every word the search index and
its queries hold (``search/analyzer.py``), so "Étapes", "etapes" and
"ÉTAPES" are one word everywhere. The table is Whoosh's Unicode accent map
(plain data, no search code), with the French ligatures spelt out (œ → oe,
æ → ae) and the ordinal º read as ° ("nº 3" is "n°3").
"""

from __future__ import annotations

from whoosh.support.charset import accent_map

FOLDING_MAP: dict[int, str] = {
    **accent_map,
    ord("œ"): "oe",
    ord("Œ"): "oe",
    ord("æ"): "ae",
    ord("Æ"): "ae",
    ord("º"): "°",
}


def fold_accents(text: str) -> str:
    """Lower-case, accents stripped, ligatures spelt out: ``Œuvre Étapes`` → ``oeuvre etapes``."""
    return text.lower().translate(FOLDING_MAP)
