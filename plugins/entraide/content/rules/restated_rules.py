"""One rule per question: a page that restates a rule with a reference page should link to it.

Three practice questions (passwords in a notebook, the structure's written
mandate, typing in the person's presence) once got contradictory answers across
pages. Each now has one reference page under ``docs/cadre/``; the taxonomy lists
wordings that betray a page rewriting the rule. A line using one of them is
fine when its paragraph links to the reference page (a reminder with its source); without
the link it is a warning (one per paragraph), because the copy will drift from the rule.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import cache

from entraide.content.folding import fold_accents
from entraide.content.problems import Problem, warning
from entraide.content.rules.markdown_source import line_at, links
from entraide.content.rules.page_source import PageSource
from entraide.content.taxonomy import ReferenceRule


def _fold(text: str) -> str:
    """Case and accents folded one character at a time, so offsets stay line-true."""
    folded = []
    for char in text:
        one = fold_accents(char)
        folded.append(one if len(one) == 1 else char.casefold())
    return "".join(folded).replace("\u2019", "'")


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    """The phrase's words in order, across spaces and line breaks, on folded text."""
    words = _fold(phrase).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)")


def _paragraph_lines(text: str, start: int, end: int, first_line: int) -> range:
    """The lines of the paragraph (between blank lines) holding ``text[start:end]``."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    first = line_at(text, before + 2 if before >= 0 else 0, first_line)
    last = line_at(text, after if after >= 0 else len(text), first_line)
    return range(first, last + 1)


def _linked_lines(source: PageSource, rule: ReferenceRule) -> set[int]:
    folder = posixpath.dirname(source.docs_path)
    lines = set()
    for link in links(source.masked_body, source.body_line):
        target = link.target.partition("#")[0]
        if target and posixpath.normpath(posixpath.join(folder, target)) == rule.page:
            lines.add(link.line)
    return lines


def check_restated_rules(source: PageSource) -> Iterator[Problem]:
    rules = source.context.taxonomy.reference_rules
    # Reference pages mark the borders between their rules: they may name each other.
    if posixpath.dirname(source.docs_path) in {posixpath.dirname(r.page) for r in rules}:
        return
    text = _fold(source.masked_body)
    for rule in rules:
        linked: set[int] | None = None
        reported: set[int] = set()
        for phrase in rule.phrases:
            for match in _pattern(phrase).finditer(text):
                if linked is None:
                    linked = _linked_lines(source, rule)
                paragraph = _paragraph_lines(text, match.start(), match.end(), source.body_line)
                if linked.intersection(paragraph) or paragraph.start in reported:
                    continue
                reported.add(paragraph.start)
                target = posixpath.relpath(rule.page, posixpath.dirname(source.docs_path))
                yield warning(
                    source.display,
                    line_at(text, match.start(), source.body_line),
                    "restated-rule",
                    f"ce passage reprend la règle « {rule.label} », qui a sa page de référence : "
                    f"remplacez-le par un lien vers « {target} » (ou ajoutez ce lien dans le "
                    "même paragraphe), pour qu'une seule page dise la règle.",
                )
