"""The field's jargon explained where it appears: acronyms and glossary terms of the taxonomy.

A mediator from the other profession meets « DTR », « indu » or « référent
partenaire » without a definition. The taxonomy already spells out every
acronym for search; its ``glossary`` adds the words that are not acronyms and
richer wording where the bare expansion says too little. One table feeds the
tooltips on every page (Python-Markdown's ``abbr`` glossary, shown by
Material's ``content.tooltips``) and the glossary page, so they never disagree.
"""

from __future__ import annotations

import re

from entraide.content.folding import fold_accents
from entraide.content.taxonomy import Taxonomy

# ``<!-- entraide:glossaire -->`` in a page is replaced by the whole glossary.
GLOSSARY_DIRECTIVE = re.compile(r"<!--\s*entraide:glossaire\s*-->")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def glossary_terms(taxonomy: Taxonomy) -> dict[str, str]:
    """Term as written in pages -> its explanation; glossary entries win over acronyms.

    Tooltips match the exact spelling, so a lower-case word also gets its
    capitalised form (a sentence may start with « Indu »).
    """
    terms = {short: _sentence(long) for short, long in taxonomy.acronyms.items()}
    terms.update(taxonomy.glossary)
    for term in list(taxonomy.glossary):
        terms.setdefault(_sentence(term), taxonomy.glossary[term])
    return {term: text for term, text in terms.items() if "]" not in term}


def glossary_markdown(taxonomy: Taxonomy) -> str:
    """Every acronym and glossary term as a definition list, in French reading order."""
    entries = {short: _sentence(long) for short, long in taxonomy.acronyms.items()}
    entries.update(taxonomy.glossary)
    lines = []
    for term in sorted(entries, key=lambda t: (fold_accents(t), t)):
        lines.append(f"**{term}**\n:   {entries[term]}\n")
    return "\n".join(lines)
