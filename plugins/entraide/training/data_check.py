"""``entraide check`` for the practice kit's data files (households and simulators).

Two kinds of rule run on each file: its own structure (schema, identifiers
invalid by construction, references), and the personal-data rules every page
gets, with no exemption: a household file passes them only because its
numbers cannot be real.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from entraide.content.problems import Problem, error
from entraide.content.rules import CheckContext, PageSource
from entraide.content.rules.personal_data import check_personal_data
from entraide.content.validation import ValidationResult
from entraide.training.files import PERSONA, data_files, data_kind
from entraide.training.household import check_household
from entraide.training.simulator import Simulator, check_simulator
from entraide.training.yaml_source import DataFile, DataSyntaxError, parse_data


def _reference_problems(
    display: str, source: DataFile, simulator: Simulator, context: CheckContext
) -> Iterator[Problem]:
    """A simulator names its procedure page and its personas: both must exist."""
    if not (context.docs_dir / simulator.procedure).is_file():
        yield error(
            display,
            source.line_of(("procedure",)),
            "training-missing-procedure",
            f"la page de procédure « {simulator.procedure} » n'existe pas dans docs/ : "
            "indiquez le chemin d'une page existante, depuis le dossier docs.",
        )
    folder = context.docs_dir / context.taxonomy.types[PERSONA].folder
    for index, slug in enumerate(simulator.personas):
        if not (folder / f"{slug}.yml").is_file():
            yield error(
                display,
                source.line_of(("personas", index)),
                "training-missing-persona",
                f"le foyer fictif « {slug} » n'existe pas : il faut {folder.name}/{slug}.yml.",
            )


def check_data_text(
    display: str, docs_path: str, text: str, context: CheckContext
) -> list[Problem]:
    """Every problem of one data file (``docs_path`` relative to the docs folder)."""
    kind = data_kind(docs_path, context.taxonomy)
    slug = Path(docs_path).stem
    problems: list[Problem] = []
    try:
        source = parse_data(text)
    except DataSyntaxError as exc:
        problems.append(error(display, exc.line, "training-yaml", exc.message))
    else:
        if kind == PERSONA:
            problems += check_household(display, slug, source)[1]
        else:
            simulator, found = check_simulator(display, slug, source)
            problems += found
            if simulator is not None:
                problems += _reference_problems(display, source, simulator, context)
    page = PageSource(display, docs_path, text, text, 1, None, None, context)
    problems += check_personal_data(page)
    return sorted(problems)


def check_data_files(
    root: Path, context: CheckContext, paths: Iterable[Path] = ()
) -> list[ValidationResult]:
    """One result per data file under ``paths`` (default: every one under the docs)."""
    results = []
    for path in data_files(context.docs_dir, context.taxonomy, paths):
        display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        docs_path = path.relative_to(context.docs_dir.resolve()).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            problem = error(
                display, 1, "unreadable", "ce fichier est illisible : enregistrez-le en UTF-8."
            )
            results.append(ValidationResult(None, [problem]))
            continue
        results.append(ValidationResult(None, check_data_text(display, docs_path, text, context)))
    return results
