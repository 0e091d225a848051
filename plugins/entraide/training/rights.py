"""What a fictional household would be entitled to, estimated with OpenFisca-France.

Benefits are computed by the rules-as-code model the French administration
maintains, never by rules written here. OpenFisca is heavy (about 180 MB with
numpy, several seconds to load), so it is an optional extra (``entraide[droits]``)
used only by ``entraide training rights``; the amounts, the model version and
the date are written into each household file, and the site only reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Any

import yaml

from entraide.training.household import Household

MODEL = "openfisca-france"
# Our name for each benefit -> OpenFisca-France variable (all on the « famille » entity).
BENEFITS = {
    "rsa": "rsa",
    "prime_activite": "ppa",
    "aide_logement": "aide_logement",
    "af": "af",
}
_ACTIVITY = {
    "salarie": "actif",
    "retraite": "retraite",
    "demandeur-emploi": "chomeur",
    "etudiant": "etudiant",
    "sans-activite": "inactif",
    "enfant": "inactif",
}
# Net amounts, and the taxable ones the housing benefits' resources are read from
# (the files give net incomes; taken as taxable too, an approximation for training).
_INCOME_VARIABLES = {
    "salaire": ("salaire_net", "salaire_imposable"),
    "pension": ("retraite_nette", "retraite_imposable"),
    "chomage": ("chomage_net", "chomage_imposable"),
    "aah": ("aah",),
}
_RIGHTS_BLOCK = re.compile(r"^rights:.*\Z", re.MULTILINE | re.DOTALL)


class RightsUnavailableError(Exception):
    """OpenFisca-France is not installed; the message says how to install it, in French."""


@dataclass(frozen=True)
class Rights:
    """Monthly amounts for ``period`` (``AAAA-MM``), with the model that computed them."""

    period: str
    amounts: Mapping[str, float]
    model: str
    computed_on: date

    def as_data(self) -> dict[str, Any]:
        return {
            "computed_on": self.computed_on,
            "model": self.model,
            "period": self.period,
            "amounts": {k: round(float(v), 2) for k, v in self.amounts.items()},
        }


def _months_before(period: str, count: int) -> list[str]:
    year, month = map(int, period.split("-"))
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months


def situation(household: Household, period: str) -> dict[str, Any]:
    """The household as an OpenFisca-France situation, incomes over the 12 months before.

    Incomes are assumed stable over the year: the household files describe a
    situation at one date, and benefits look back three (RSA, prime d'activité)
    to twelve months (aides au logement).
    """
    months = _months_before(period, 13)
    people = household.people
    adults = [p["key"] for p in people if p["role"] != "enfant"]
    children = [p["key"] for p in people if p["role"] == "enfant"]
    individuals: dict[str, dict[str, Any]] = {}
    for person in people:
        individual: dict[str, Any] = {
            "date_naissance": {"ETERNITY": person["born_on"]},
            "activite": {period: _ACTIVITY[person.get("activity", "sans-activite")]},
        }
        for income in household.incomes():
            if income["person"] == person["key"]:
                for variable in _INCOME_VARIABLES.get(income["kind"], ()):
                    individual[variable] = {m: float(income["monthly_net"]) for m in months}
        individuals[person["key"]] = individual
    housing = household.section("housing")
    household_entity: dict[str, Any] = {
        "personne_de_reference": adults[:1],
        "conjoint": adults[1:2],
        "enfants": children,
    }
    if housing.get("status") == "locataire":
        household_entity["loyer"] = {period: float(housing.get("rent") or 0)}
        household_entity["statut_occupation_logement"] = {period: "locataire_vide"}
        household_entity["zone_apl"] = {period: f"zone_{housing['zone']}"}
    return {
        "individus": individuals,
        "familles": {
            "famille": {
                "parents": adults,
                "enfants": children,
                **{variable: {period: None} for variable in BENEFITS.values()},
            }
        },
        "foyers_fiscaux": {"foyer": {"declarants": adults, "personnes_a_charge": children}},
        "menages": {"menage": household_entity},
    }


class RightsCalculator:
    """OpenFisca-France loaded once (the costly part), then one household at a time."""

    def __init__(self) -> None:
        try:
            from openfisca_france import CountryTaxBenefitSystem
        except ImportError as exc:
            raise RightsUnavailableError(
                "OpenFisca-France n'est pas installé. Installez l'option « droits » : "
                "pip install -e '.[droits]' (environ 180 Mo)."
            ) from exc
        self.system = CountryTaxBenefitSystem()
        self.model = f"{MODEL} {metadata.version(MODEL)}"

    def compute(self, household: Household, period: str, today: date) -> Rights:
        from openfisca_core.simulation_builder import SimulationBuilder

        simulation = SimulationBuilder().build_from_entities(
            self.system, situation(household, period)
        )
        amounts = {
            name: float(simulation.calculate(variable, period)[0])
            for name, variable in BENEFITS.items()
        }
        return Rights(period, amounts, self.model, today)


def with_rights(text: str, rights: Rights) -> str:
    """The household file's text with its ``rights:`` block (always last) replaced.

    Everything above it, comments included, is kept as written.
    """
    block = yaml.safe_dump(
        {"rights": rights.as_data()}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    note = "# Écrit par « entraide training rights » : ne pas modifier à la main.\n"
    if _RIGHTS_BLOCK.search(text):
        body = _RIGHTS_BLOCK.sub("", text).rstrip("\n")
        body = body.removesuffix(note.rstrip("\n")).rstrip("\n")
    else:
        body = text.rstrip("\n")
    return f"{body}\n{note}{block}"
