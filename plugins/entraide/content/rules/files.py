"""Files under ``docs/`` that are not pages: published as they are, so judged before.

The type, size and SVG rules are :mod:`entraide.safety.assets`; a CSV or a text
file is read like a page for personal data, since a table of names and phone
numbers is published just as a page would be. Any other YAML file is refused.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from entraide.content.problems import Problem, error
from entraide.content.rules.page_source import CheckContext, PageSource
from entraide.content.rules.personal_data import check_personal_data
from entraide.safety.assets import TEXT, judge_file, symlink_inside
from entraide.training.files import is_source_data


def check_file(
    display: str, docs_path: str, path: Path, docs_dir: Path, context: CheckContext
) -> list[Problem]:
    """Every problem of the file at ``path``, ``docs_path`` in the docs folder ``docs_dir``
    (in a network's site, the layer it comes from).

    The practice kit's data files (households, simulators, download lists) are never
    published as they are: the kit reads, checks and removes them.
    """
    if is_source_data(docs_path, context.taxonomy) and symlink_inside(path, docs_dir) is None:
        return []
    findings = judge_file(docs_path, path, docs_dir)
    problems = [error(display, 1, finding.code, finding.message) for finding in findings]
    if findings or PurePosixPath(docs_path).suffix.lower() not in TEXT:
        return problems
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [
            error(
                display, 1, "unreadable", "ce fichier n'est pas en UTF-8 : enregistrez-le en UTF-8."
            )
        ]
    source = PageSource(display, docs_path, text, text, 1, None, None, context)
    return list(check_personal_data(source))
