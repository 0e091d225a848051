"""``entraide check`` on the practice kit's data: identifiers must be invalid by construction."""

from __future__ import annotations

import json
from pathlib import Path

from stdnum.fr import nir

from tests.test_cli import entraide

PERSONA = Path("docs/entrainement/foyers/kevin-lefort.yml")
SIMULATOR = Path("docs/entrainement/simulateurs/premiere-declaration-revenus.yml")


def _problems(project: Path, *paths: str) -> list[dict[str, object]]:
    result = entraide("check", "--format", "json", *paths, cwd=project)
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_repository_kit_passes_check_because_numbers_are_invalid(project: Path) -> None:
    assert _problems(project, "docs/entrainement") == []


def test_persona_with_a_valid_nir_fails_with_file_and_line(project: Path) -> None:
    path = project / PERSONA
    text = path.read_text(encoding="utf-8")
    wrong = "1 03 03 45 234 117 36"
    first13 = wrong.replace(" ", "")[:13]
    valid = f"{first13}{97 - int(first13) % 97:02d}"
    assert nir.is_valid(valid)
    line = text.splitlines().index(f'    nir: "{wrong}"') + 1
    path.write_text(text.replace(wrong, valid), encoding="utf-8")

    result = entraide("check", str(PERSONA), cwd=project)
    assert result.returncode == 1
    assert f"{PERSONA.as_posix()}:{line}: erreur [training-real-identifier]" in result.stdout
    # The personal-data rule every page gets says it too, with no exemption for the kit.
    assert f"{PERSONA.as_posix()}:{line}: erreur [personal-data-nir]" in result.stdout


def test_phone_outside_fiction_ranges_and_valid_iban_are_refused(project: Path) -> None:
    path = project / PERSONA
    text = path.read_text(encoding="utf-8")
    text = text.replace('"06 39 98 31 05"', '"06 12 34 56 78"')
    text = text.replace(
        '"FR86 1657 9720 1242 5972 9255 307"', '"FR76 3000 6000 0112 3456 7890 189"'
    )
    path.write_text(text, encoding="utf-8")
    codes = {(p["code"], p["line"]) for p in _problems(project, str(PERSONA))}
    lines = text.splitlines()
    phone = next(i for i, ln in enumerate(lines, 1) if "06 12 34 56 78" in ln)
    bank = next(i for i, ln in enumerate(lines, 1) if "FR76 3000" in ln)
    assert ("training-real-identifier", phone) in codes
    assert ("training-real-identifier", bank) in codes
    assert ("personal-data-iban", bank) in codes


def test_broken_simulator_is_reported_in_french_at_its_line(project: Path) -> None:
    path = project / SIMULATOR
    text = path.read_text(encoding="utf-8")
    text = text.replace("personas: [kevin-lefort, elodie-et-julien-perrin]", "personas: [inconnu]")
    text = text.replace("        kind: email\n", "        kind: courriel\n", 1)
    path.write_text(text, encoding="utf-8")
    problems = _problems(project, str(SIMULATOR))
    messages = " ".join(str(p["message"]) for p in problems)
    assert "n'est pas permis" in messages and "courriel" in messages
    lines = text.splitlines()
    kind_line = next(i for i, ln in enumerate(lines, 1) if "kind: courriel" in ln)
    assert any(p["line"] == kind_line for p in problems)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: courriel", "kind: email"))
    problems = _problems(project, str(SIMULATOR))
    assert [p["code"] for p in problems] == ["training-missing-persona"]
