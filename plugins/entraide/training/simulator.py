"""A form simulator: the screens of an online procedure, described as data.

The YAML file beside a simulator page lists the screens, their fields, the
help the real service shows, the hints a mediator would give (guided mode
only), validation rules, the traps of the procedure and the right answers,
either fixed or read from a fictional household's data. The site turns it into
JSON that one shared browser script renders; nothing here knows about HTML.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from entraide.content.problems import Problem, error
from entraide.training.data_schema import plain, schema_problems
from entraide.training.household import Household
from entraide.training.yaml_source import DataFile

FIELD_KINDS = ("text", "number", "date", "email", "tel", "password", "select", "radio", "checkbox")
_TEXT = {"type": "string", "minLength": 1}
_OPTION = {
    "type": "object",
    "properties": {"value": _TEXT, "label": _TEXT},
    "required": ["value", "label"],
    "additionalProperties": False,
}
_FIELD = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "label": _TEXT,
        "kind": {"enum": list(FIELD_KINDS)},
        "help": _TEXT,
        "hint": _TEXT,
        "required": {"type": "boolean"},
        "pattern": _TEXT,
        "message": _TEXT,
        "min": {"type": "number"},
        "max": {"type": "number"},
        "options": {"type": "array", "items": _OPTION, "minItems": 2},
        "expected": {"type": "string", "pattern": r"^[a-z_]+(\.[a-z0-9_]+)*$"},
        "answer": {"type": ["string", "number", "boolean"]},
        "trap": _TEXT,
        "autocomplete": _TEXT,
    },
    "required": ["id", "label", "kind"],
    "additionalProperties": False,
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["service", "procedure", "personas", "screens", "end"],
    "additionalProperties": False,
    "properties": {
        "service": _TEXT,
        "procedure": {"type": "string", "pattern": r"^[a-z0-9/_-]+\.md$"},
        "personas": {"type": "array", "items": _TEXT, "minItems": 1, "uniqueItems": True},
        "intro": _TEXT,
        "screens": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                    "title": _TEXT,
                    "intro": _TEXT,
                    "notice": _TEXT,
                    "hint": _TEXT,
                    "fields": {"type": "array", "items": _FIELD, "minItems": 1},
                },
                "required": ["id", "title", "fields"],
                "additionalProperties": False,
            },
        },
        "end": {
            "type": "object",
            "properties": {"title": _TEXT, "text": _TEXT},
            "required": ["title", "text"],
            "additionalProperties": False,
        },
    },
}


@dataclass(frozen=True)
class Simulator:
    """A checked simulator file; ``slug`` is its page's file name without ``.md``."""

    slug: str
    data: Mapping[str, Any]

    @property
    def personas(self) -> list[str]:
        return [str(p) for p in self.data["personas"]]

    @property
    def procedure(self) -> str:
        return str(self.data["procedure"])

    def fields(self) -> Iterator[dict[str, Any]]:
        for screen in self.data["screens"]:
            yield from screen["fields"]

    def expected_answers(self, household: Household) -> dict[str, str]:
        """Field id -> the answer this household's papers give, as a form would hold it."""
        answers: dict[str, str] = {}
        for field in self.fields():
            if "expected" in field:
                value = household.value(field["expected"])
                if value is not None:
                    answers[field["id"]] = _as_input(value)
            elif "answer" in field:
                answers[field["id"]] = _as_input(field["answer"])
        return answers

    def as_json(self, households: Mapping[str, Household]) -> dict[str, Any]:
        """What the browser script reads: the screens, and the answers of each persona."""
        spec = {
            k: copy.deepcopy(v) for k, v in self.data.items() if k not in ("personas", "procedure")
        }
        for screen in spec["screens"]:
            for field in screen["fields"]:
                field.pop("expected", None)
                field.pop("answer", None)
        spec["personas"] = [
            {
                "slug": slug,
                "name": households[slug].applicant["first_name"]
                + " "
                + households[slug].applicant["last_name"],
                "answers": self.expected_answers(households[slug]),
            }
            for slug in self.personas
            if slug in households
        ]
        return spec


def _as_input(value: Any) -> str:
    """A value as an ``<input>`` holds it: ``True`` → ``oui``, ``480.0`` → ``480``."""
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_problems(display: str, source: DataFile) -> Iterator[Problem]:
    seen: set[str] = set()
    for s, screen in enumerate(source.data["screens"]):
        for f, field in enumerate(screen["fields"]):
            position = ("screens", s, "fields", f)
            if field["id"] in seen:
                yield error(
                    display,
                    source.line_of((*position, "id")),
                    "training-duplicate-field",
                    f"le champ « {field['id']} » existe déjà dans ce simulateur : "
                    "donnez-lui un autre identifiant.",
                )
            seen.add(field["id"])
            if field["kind"] in ("select", "radio") and "options" not in field:
                yield error(
                    display,
                    source.line_of(position),
                    "training-missing-options",
                    f"le champ « {field['id']} » est une liste de choix : ajoutez ses « options ».",
                )
            if "pattern" in field:
                try:
                    re.compile(field["pattern"])
                except re.error:
                    yield error(
                        display,
                        source.line_of((*position, "pattern")),
                        "training-bad-pattern",
                        f"le motif du champ « {field['id']} » est une expression régulière "
                        "invalide.",
                    )


def check_simulator(
    display: str, slug: str, source: DataFile
) -> tuple[Simulator | None, list[Problem]]:
    problems = list(schema_problems(display, source, SCHEMA, "training-invalid-simulator"))
    if not problems:
        problems += _field_problems(display, source)
    simulator = None if problems else Simulator(slug, plain(source.data))
    return simulator, problems
