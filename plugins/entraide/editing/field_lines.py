"""Which form field a ``check`` problem is about, so the editor shows it beside that field.

``check`` speaks in page lines (contributors who edit files need them); the form
has no lines. Front-matter lines map to the key written on them, and a missing
key, reported on the header's first line, to the key its message names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter
from entraide.content.problems import Problem
from entraide.editing.fields import FormField

# validation._translate's "missing-key" message ends with « ajoutez la clé « owner » ».
_MISSING_KEY = re.compile(r"ajoutez la clé « (?P<key>[^»]+?) »")


def field_at_line(text: str, line: int, fields: Sequence[FormField]) -> FormField | None:
    """The field whose value is written on ``line`` (1-based, in the page), None elsewhere."""
    try:
        parsed = parse_front_matter(text)
    except FrontMatterSyntaxError:
        return None
    if not parsed.present or line >= parsed.body_line:
        return None
    above = [(at, pos) for pos, at in parsed.lines.items() if at <= line and len(pos) == 1]
    if not above:
        return None
    key = str(max(above, key=lambda item: item[0])[1][0])
    nested = [f for f in fields if f.path[0] == key and len(f.path) > 1]
    for form_field in nested:
        if parsed.lines.get(form_field.path) == line:
            return form_field
    return next((f for f in fields if f.key == key), nested[0] if nested else None)


def problem_field(problem: Problem, text: str, fields: Sequence[FormField]) -> FormField | None:
    """The field ``problem`` is about, None for a problem in the body or outside the form."""
    if problem.code == "missing-key":
        match = _MISSING_KEY.search(problem.message)
        key = match["key"] if match else ""
        return next((f for f in fields if f.path[0] == key), None)
    return field_at_line(text, problem.line, fields)


def problems_by_field(
    problems: Iterable[Problem], text: str, fields: Sequence[FormField]
) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """(field key -> its problems, the other problems), each list in the order given."""
    by_field: dict[str, list[Problem]] = {}
    others: list[Problem] = []
    for problem in problems:
        form_field = problem_field(problem, text, fields)
        if form_field is None:
            others.append(problem)
        else:
            by_field.setdefault(form_field.key, []).append(problem)
    return by_field, others
