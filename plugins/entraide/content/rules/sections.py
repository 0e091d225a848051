"""Required sections: every procedure (or ruse) answers the same questions, in order.

Reviewers and readers find "En cas de blocage" at the same place on every
guide; the list per type comes from ``taxonomy.yml`` (``required_sections``).
"""

from __future__ import annotations

from collections.abc import Iterator

from entraide.content.folding import fold_accents
from entraide.content.problems import Problem, error, warning
from entraide.content.rules.markdown_source import Heading, headings
from entraide.content.rules.page_source import PageSource

SECTION_LEVEL = 2


def _folded(text: str) -> str:
    """Case, accents and spacing aside: how a person would say two titles are the same."""
    return " ".join(fold_accents(text).replace("’", "'").split()).rstrip(" :.")


def check_sections(source: PageSource) -> Iterator[Problem]:
    page = source.page
    if page is None or page.type not in source.context.taxonomy.types:
        return
    required = source.context.taxonomy.types[page.type].required_sections
    if not required:
        return
    found = headings(source.masked_body, source.body_line)
    label = source.context.taxonomy.types[page.type].label.lower()
    exact = {h.text: h for h in reversed(found) if h.level == SECTION_LEVEL}
    seen: list[tuple[int, str]] = []
    for position, name in enumerate(required):
        heading = exact.get(name)
        if heading is not None:
            seen.append((heading.line, name))
            continue
        near = next((h for h in found if _folded(h.text) == _folded(name)), None)
        if near is not None:
            yield error(
                source.display,
                near.line,
                "section-heading",
                f"la section « {name} » doit s'écrire exactement « {'#' * SECTION_LEVEL} {name} » "
                f"(titre de niveau {SECTION_LEVEL}, mêmes accents) pour être reconnue.",
            )
            continue
        yield error(
            source.display,
            _insertion_line(exact, required[position + 1 :], source),
            "missing-section",
            f"il manque la section « {'#' * SECTION_LEVEL} {name} », obligatoire dans une page "
            f"de type « {label} ». Sections attendues, dans l'ordre : "
            + ", ".join(f"« {n} »" for n in required)
            + ".",
        )
    yield from _order_problems(source, seen, required)


def _insertion_line(exact: dict[str, Heading], later: tuple[str, ...], source: PageSource) -> int:
    """Where the missing section belongs: before the next required one, else at the end."""
    for name in later:
        if name in exact:
            return exact[name].line
    return source.body_line + source.body.rstrip("\n").count("\n")


def _order_problems(
    source: PageSource, seen: list[tuple[int, str]], required: tuple[str, ...]
) -> Iterator[Problem]:
    previous_line, previous_name = 0, ""
    for line, name in seen:
        if line < previous_line:
            yield warning(
                source.display,
                line,
                "section-order",
                f"la section « {name} » devrait venir après « {previous_name} » : gardez "
                "l'ordre " + " → ".join(required) + ".",
            )
        else:
            previous_line, previous_name = line, name
