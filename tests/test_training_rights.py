"""``entraide training rights``: OpenFisca-France estimates written into a household file."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

from entraide.training.household import Household
from entraide.training.rights import Rights, situation, with_rights
from tests.test_cli import entraide

SOLO = """\
# Un foyer d'une personne, sans revenu, locataire.
as_of: 2026-10-15
situation: Personne seule sans revenu
address: {street: 1 rue Fictive, postcode: "45999", town: Villefictive}
housing: {status: locataire, rent: 400, charges: 30, zone: 2}
people:
  - {key: alex, first_name: Alex, last_name: Fictif, sex: M, born_on: 1980-01-01, role: demandeur,
     activity: sans-activite}
incomes: []
papers: []
"""


def _household() -> Household:
    return Household("solo", yaml.safe_load(SOLO))


def test_situation_describes_the_household_for_openfisca() -> None:
    found = situation(_household(), "2026-10")
    assert found["familles"]["famille"]["parents"] == ["alex"]
    assert found["menages"]["menage"]["loyer"] == {"2026-10": 400.0}
    assert found["menages"]["menage"]["zone_apl"] == {"2026-10": "zone_2"}
    assert found["familles"]["famille"]["rsa"] == {"2026-10": None}


def test_rights_block_is_replaced_and_the_rest_kept() -> None:
    rights = Rights(
        "2026-10",
        {"rsa": 500.123},
        "openfisca-france 1.0",
        __import__("datetime").date(2026, 12, 2),
    )
    once = with_rights(SOLO, rights)
    twice = with_rights(once, rights)
    assert once == twice
    assert once.startswith("# Un foyer d'une personne")
    assert yaml.safe_load(once)["rights"]["amounts"] == {"rsa": 500.12}


@pytest.mark.skipif(
    importlib.util.find_spec("openfisca_france") is None,
    reason="OpenFisca-France absent : pip install -e '.[droits]' (ce que fait .ci/run)",
)
def test_training_rights_writes_openfisca_amounts(repo_root: Path, tmp_path: Path) -> None:
    shutil.copy2(repo_root / "taxonomy.yml", tmp_path / "taxonomy.yml")
    folder = tmp_path / "docs" / "entrainement" / "foyers"
    folder.mkdir(parents=True)
    (folder / "solo.yml").write_text(SOLO, encoding="utf-8")

    result = entraide("training", "rights", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((folder / "solo.yml").read_text(encoding="utf-8"))
    rights = data["rights"]
    assert rights["model"].startswith("openfisca-france ")
    assert rights["period"] == "2026-10"
    # No income: RSA and a housing benefit, no prime d'activité (it needs earnings).
    assert rights["amounts"]["rsa"] > 0
    assert rights["amounts"]["aide_logement"] > 0
    assert rights["amounts"]["prime_activite"] == 0
