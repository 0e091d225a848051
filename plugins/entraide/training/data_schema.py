"""JSON-Schema findings on a data file, as French problems at the value's line.

Household and simulator files have their own schemas (``household.py``,
``simulator.py``); this turns what jsonschema says into messages a contributor
can act on, whichever schema it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from entraide.content.problems import Problem, error
from entraide.training.yaml_source import DataFile, Position


def plain(value: Any) -> Any:
    """YAML reads ``2026-11-02`` as a date; JSON Schema and JSON only know strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def where(position: Position) -> str:
    """``people › 2 › nir``: a path people can follow in the file (lists count from 1)."""
    parts = [str(p + 1) if isinstance(p, int) else p for p in position]
    return " › ".join(parts) if parts else "le fichier"


def _message(err: ValidationError) -> str:
    position: Position = tuple(err.absolute_path)
    at = f"« {where(position)} »"
    kind = err.validator
    if kind == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        return f"{at} : il manque {', '.join(f'« {k} »' for k in missing)}."
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        extra = ", ".join(sorted(set(err.instance) - set(err.schema.get("properties", {}))))
        return f"{at} : clé inconnue ({extra}). Clés permises : {allowed}."
    if kind == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return f"{at} : « {err.instance} » n'est pas permis. Valeurs possibles : {choices}."
    if kind == "format":
        return f"{at} : « {err.instance} » n'est pas une date AAAA-MM-JJ."
    if kind == "pattern":
        return f"{at} : « {err.instance} » n'a pas la forme attendue."
    if kind == "type":
        expected = {
            "string": "un texte",
            "number": "un nombre",
            "integer": "un nombre entier",
            "array": "une liste",
            "object": "un groupe de clés",
            "boolean": "true ou false",
        }.get(str(err.validator_value), str(err.validator_value))
        return f"{at} doit être {expected}."
    if kind in ("minItems", "minLength"):
        return f"{at} est vide : complétez-le."
    return f"{at} : valeur incorrecte ({err.message})."


def schema_problems(
    display: str, source: DataFile, schema: Mapping[str, Any], code: str
) -> Iterator[Problem]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(plain(source.data)), key=lambda e: list(map(str, e.path)))
    for err in errors:
        yield error(display, source.line_of(tuple(err.absolute_path)), code, _message(err))
