"""A fictional household: who lives there, what they earn, which papers they hold.

The data sits in a YAML file beside the persona page (``foyers/<slug>.yml``);
the papers, the page's household table and the simulators' expected answers
are all derived from it, so a figure is written once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from entraide.content.problems import Problem, error
from entraide.training.data_schema import plain, schema_problems, where
from entraide.training.identifiers import (
    FICTION_PHONE_BLOCKS,
    is_fiction_phone,
    is_invalid_iban,
    is_invalid_nir,
    is_invalid_siret,
    is_invalid_tax_number,
)
from entraide.training.yaml_source import DataFile, Position

PAPERS = (
    "avis-imposition",
    "bulletin-salaire",
    "bail",
    "quittance-loyer",
    "attestation-caf",
    "courrier-france-travail",
    "releve-carriere",
    "titre-sejour",
)
INCOME_KINDS = ("salaire", "pension", "chomage", "bourse", "aah", "autre")
ACTIVITIES = ("salarie", "retraite", "demandeur-emploi", "etudiant", "sans-activite", "enfant")

_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "format": "date"}
_AMOUNT = {"type": "number", "minimum": 0}
_ORGANISATION = {
    "type": "object",
    "properties": {"name": _TEXT, "address": _TEXT, "siret": _TEXT},
    "required": ["name"],
    "additionalProperties": False,
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["as_of", "situation", "address", "people", "papers"],
    "additionalProperties": False,
    "properties": {
        "as_of": _DATE,
        "situation": _TEXT,
        "address": {
            "type": "object",
            "properties": {"street": _TEXT, "postcode": {"type": "string"}, "town": _TEXT},
            "required": ["street", "postcode", "town"],
            "additionalProperties": False,
        },
        "housing": {
            "type": "object",
            "properties": {
                "status": {"enum": ["locataire", "proprietaire", "heberge"]},
                "rent": _AMOUNT,
                "charges": _AMOUNT,
                "zone": {"enum": [1, 2, 3]},
                "lease_start": _DATE,
                "landlord": _ORGANISATION,
            },
            "required": ["status", "zone"],
            "additionalProperties": False,
        },
        "people": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "first_name": _TEXT,
                    "last_name": _TEXT,
                    "sex": {"enum": ["F", "M"]},
                    "born_on": _DATE,
                    "birth_place": _TEXT,
                    "nationality": _TEXT,
                    "role": {"enum": ["demandeur", "conjoint", "enfant"]},
                    "activity": {"enum": list(ACTIVITIES)},
                    "disability_rate": {"type": "integer", "minimum": 0, "maximum": 100},
                    "nir": _TEXT,
                    "phone": _TEXT,
                    "email": _TEXT,
                    "france_connect": {"enum": ["impots", "ameli", "la-poste", "msa", "aucun"]},
                },
                "required": ["key", "first_name", "last_name", "sex", "born_on", "role"],
                "additionalProperties": False,
            },
        },
        "incomes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "person": _TEXT,
                    "kind": {"enum": list(INCOME_KINDS)},
                    "monthly_net": _AMOUNT,
                    "monthly_gross": _AMOUNT,
                    "hours": _AMOUNT,
                    "job": _TEXT,
                    "employer": _ORGANISATION,
                    "since": _DATE,
                },
                "required": ["person", "kind", "monthly_net"],
                "additionalProperties": False,
            },
        },
        "bank": {
            "type": "object",
            "properties": {"iban": _TEXT, "bic": _TEXT, "bank": _TEXT},
            "required": ["iban"],
            "additionalProperties": False,
        },
        "tax": {
            "type": "object",
            "properties": {
                "fiscal_number": _TEXT,
                "avis_reference": _TEXT,
                "income_year": {"type": "integer"},
                "reference_income": _AMOUNT,
                "parts": _AMOUNT,
                "tax_due": _AMOUNT,
            },
            "required": ["fiscal_number", "income_year", "reference_income", "parts"],
            "additionalProperties": False,
        },
        "caf": {
            "type": "object",
            "properties": {
                "file_number": {"type": "string", "pattern": r"^\d{7}$"},
                "as_of": _DATE,
                "benefits": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        # ``right``: print the amount ``entraide training rights`` estimated
                        # (same figure as the persona page); ``monthly`` otherwise.
                        "properties": {
                            "name": _TEXT,
                            "monthly": _AMOUNT,
                            "right": {"enum": ["rsa", "prime_activite", "aide_logement", "af"]},
                        },
                        "required": ["name"],
                        "anyOf": [{"required": ["monthly"]}, {"required": ["right"]}],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["file_number"],
            "additionalProperties": False,
        },
        "france_travail": {
            "type": "object",
            "properties": {
                "identifier": {"type": "string", "pattern": r"^\d{7}[A-Z]$"},
                "registered_on": _DATE,
                "daily_allowance": _AMOUNT,
                "letter_date": _DATE,
                "letter": _TEXT,
                "adviser": _TEXT,
            },
            "required": ["identifier", "registered_on"],
            "additionalProperties": False,
        },
        "residence_permit": {
            "type": "object",
            "properties": {
                "person": _TEXT,
                "number": _TEXT,
                "kind": _TEXT,
                "mention": _TEXT,
                "valid_from": _DATE,
                "valid_until": _DATE,
            },
            "required": ["person", "number", "kind", "valid_until"],
            "additionalProperties": False,
        },
        "career": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "years": _TEXT,
                    "employer": _TEXT,
                    "quarters": {"type": "integer", "minimum": 0},
                    "regime": _TEXT,
                },
                "required": ["years", "employer", "quarters"],
                "additionalProperties": False,
            },
        },
        "papers": {"type": "array", "items": {"enum": list(PAPERS)}, "uniqueItems": True},
        "rights": {"type": "object"},
    },
}

# Paper -> the data it is printed from.
PAPER_NEEDS: dict[str, tuple[str, ...]] = {
    "avis-imposition": ("tax",),
    "bulletin-salaire": ("incomes",),
    "bail": ("housing",),
    "quittance-loyer": ("housing",),
    "attestation-caf": ("caf",),
    "courrier-france-travail": ("france_travail",),
    "releve-carriere": ("career",),
    "titre-sejour": ("residence_permit",),
}


@dataclass(frozen=True)
class Household:
    """A checked household file: ``slug`` is the persona page's file name without ``.md``."""

    slug: str
    data: Mapping[str, Any]

    @property
    def people(self) -> list[dict[str, Any]]:
        return list(self.data["people"])

    @property
    def applicant(self) -> dict[str, Any]:
        return next((p for p in self.people if p["role"] == "demandeur"), self.people[0])

    def person(self, key: str) -> dict[str, Any]:
        return next(p for p in self.people if p["key"] == key)

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) or {}
        return dict(value)

    def benefit_amount(self, benefit: Mapping[str, Any]) -> float:
        """What a CAF paper prints for ``benefit``: the estimated right when it names one."""
        rights = self.data.get("rights") or {}
        amounts = rights.get("amounts") or {}
        right = benefit.get("right")
        if right in amounts:
            return float(amounts[right])
        return float(benefit.get("monthly") or 0)

    def incomes(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [i for i in self.data.get("incomes") or [] if kind is None or i["kind"] == kind]

    def value(self, path: str) -> Any:
        """A value by dotted path (``applicant.nir``, ``caf.file_number``, ``people.1.email``).

        Simulators name the household data their fields expect this way;
        ``applicant.annual_salary`` is the applicant's net salaries over a year.
        """
        applicant = self.applicant
        yearly = sum(
            float(i["monthly_net"]) * 12
            for i in self.incomes("salaire")
            if i["person"] == applicant["key"]
        )
        current: Any = {**self.data, "applicant": {**applicant, "annual_salary": round(yearly)}}
        for part in path.split("."):
            if isinstance(current, list) and part.isdigit():
                index = int(part)
                current = current[index] if index < len(current) else None
            elif isinstance(current, Mapping):
                current = current.get(part)
            else:
                return None
            if current is None:
                return None
        return current


def _identifier_problems(display: str, source: DataFile) -> Iterator[Problem]:
    """Every identifier must be one nobody can hold: that is what makes the file publishable."""
    checks = (
        ("nir", is_invalid_nir, "un NIR dont la clé (les deux derniers chiffres) est fausse"),
        ("iban", is_invalid_iban, "un IBAN dont la clé de contrôle est fausse"),
        ("fiscal_number", is_invalid_tax_number, "un numéro fiscal dont la clé est fausse"),
        ("siret", is_invalid_siret, "un SIRET de 14 chiffres dont la clé (Luhn) est fausse"),
        (
            "phone",
            is_fiction_phone,
            "un numéro des plages réservées à la fiction par l'ARCEP ("
            + ", ".join(f"{b} xx xx" for b in FICTION_PHONE_BLOCKS)
            + ")",
        ),
    )

    def walk(value: Any, position: Position) -> Iterator[tuple[Position, str]]:
        if isinstance(value, Mapping):
            for key, item in value.items():
                yield from walk(item, (*position, str(key)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*position, index))
        elif position:
            yield position, str(value)

    for position, text in walk(plain(source.data), ()):
        for key, is_fictitious, expected in checks:
            if position[-1] == key and not is_fictitious(text):
                yield error(
                    display,
                    source.line_of(position),
                    "training-real-identifier",
                    f"« {where(position)} » doit être invalide par construction : écrivez "
                    f"{expected}, pour qu'il ne puisse appartenir à personne.",
                )


def _consistency_problems(display: str, source: DataFile) -> Iterator[Problem]:
    data = source.data
    keys = [p.get("key") for p in data.get("people") or [] if isinstance(p, Mapping)]
    for section, field in (("incomes", "person"), ("residence_permit", "person")):
        items = data.get(section)
        entries = items if isinstance(items, list) else [items] if items else []
        for index, entry in enumerate(entries):
            if isinstance(entry, Mapping) and entry.get(field) not in keys:
                position: Position = (
                    (section, index, field) if isinstance(items, list) else (section, field)
                )
                yield error(
                    display,
                    source.line_of(position),
                    "training-unknown-person",
                    f"« {where(position)} » : « {entry.get(field)} » n'est pas la clé (key) "
                    f"d'une personne du foyer ({', '.join(map(str, keys))}).",
                )
    for index, paper in enumerate(data.get("papers") or []):
        for needed in PAPER_NEEDS.get(str(paper), ()):
            if not data.get(needed):
                yield error(
                    display,
                    source.line_of(("papers", index)),
                    "training-paper-without-data",
                    f"le papier « {paper} » s'imprime à partir de « {needed} », absent du "
                    "fichier : ajoutez cette section ou retirez le papier.",
                )


def check_household(
    display: str, slug: str, source: DataFile
) -> tuple[Household | None, list[Problem]]:
    """The household and every problem of its file; None when it cannot be used."""
    problems = list(schema_problems(display, source, SCHEMA, "training-invalid-household"))
    if not problems:
        problems += _consistency_problems(display, source)
    problems += _identifier_problems(display, source)
    household = None if any(p.is_error for p in problems) else Household(slug, plain(source.data))
    return household, problems
