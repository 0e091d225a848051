"""Template markers left in a page: ``entraide new`` marks what the author must write.

The templates fill every key they can and write ``À COMPLÉTER`` where only the
author knows; a page still carrying one is not ready to publish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from entraide.content.problems import Problem, error
from entraide.content.rules.markdown_source import line_at, mask_code
from entraide.content.rules.page_source import PageSource

MARKER = "À COMPLÉTER"
_MARKER = re.compile(r"[AÀ] COMPL[EÉ]TER")


def check_placeholders(source: PageSource) -> Iterator[Problem]:
    if not _MARKER.search(source.text):
        return
    text = mask_code(source.text)
    for match in _MARKER.finditer(text):
        yield error(
            source.display,
            line_at(text, match.start()),
            "template-placeholder",
            f"« {MARKER} » vient du modèle de page : remplacez-le par votre texte "
            "(ou supprimez la ligne si elle ne s'applique pas).",
        )
