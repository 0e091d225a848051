"""Personal data: what must be reported, and the look-alikes that must not be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stdnum import iban
from stdnum.fr import nif, nir

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from tests.pages import VALID_FRONT_MATTER

VALID_NIR = "2 95 10 99 126 111 93"
VALID_IBAN = "FR76 3000 6000 0112 3456 7890 189"
VALID_TAX_NUMBER = "3023217600053"
BODY_LINE = 15  # first line after the front matter, the "---" and a blank line


def personal(taxonomy: Taxonomy, tmp_path: Path, body: str, front: str = VALID_FRONT_MATTER):
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    text = f"---\n{front}---\n\n{body}"
    result = check_page("docs/faq/page.md", "faq/page.md", text, context)
    return [p for p in result.problems if p.code.startswith("personal-data")]


def test_the_sample_values_are_valid_for_their_libraries() -> None:
    assert nir.is_valid(VALID_NIR.replace(" ", ""))
    assert iban.is_valid(VALID_IBAN)
    assert nif.is_valid(VALID_TAX_NUMBER)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (f"Son numéro de sécurité sociale est le {VALID_NIR}.", "personal-data-nir"),
        (f"NIR : {VALID_NIR.replace(' ', '')}", "personal-data-nir"),
        ("Corse : 2 53 07 2B 073 004 70.", "personal-data-nir"),
        (f"Virement sur {VALID_IBAN} demain.", "personal-data-iban"),
        (f"IBAN {VALID_IBAN.replace(' ', '')}", "personal-data-iban"),
        ("Appelez Mme X au 06 12 34 56 78.", "personal-data-phone"),
        ("Mobile : 0612345678", "personal-data-phone"),
        ("Tél. 06-12-34-56-78", "personal-data-phone"),
        ("Depuis l'étranger : 0033 6 12 34 56 79", "personal-data-phone"),
        ("[appeler](tel:+33612345678)", "personal-data-phone"),
        ("En Belgique : +32 470 12 34 56.", "personal-data-phone"),
        ("Depuis l'étranger : +33 6 12 34 56 78.", "personal-data-phone"),
        ("Fixe : 01.40.20.30.40", "personal-data-phone"),
        ("Box : 09 69 32 01 23", "personal-data-phone"),
        ("Écrire à jean.dupont@gmail.com pour l'aide.", "personal-data-email"),
        ("[contact](mailto:marie.martin@orange.fr)", "personal-data-email"),
        (f"Numéro fiscal : {VALID_TAX_NUMBER}", "personal-data-tax-number"),
        ("Son numéro fiscal : 30 23 217 600 053", "personal-data-tax-number"),
        ("Numéro fiscal : 1234567890123", "personal-data-tax-number"),
        ("N° fiscal : 1 23 45 678 901 23", "personal-data-tax-number"),
        ("Numéro d'identification fiscale (SPI) : 0123456789012", "personal-data-tax-number"),
        ("Son numéro d'allocataire est le 1234567.", "personal-data-caf-number"),
        ("N° CAF : 0123456", "personal-data-caf-number"),
    ],
)
def test_personal_data_is_reported_on_its_line(
    taxonomy: Taxonomy, tmp_path: Path, line: str, code: str
) -> None:
    problems = personal(taxonomy, tmp_path, f"# Titre\n\nTexte.\n\n{line}\n")
    assert [(p.code, p.line, p.severity) for p in problems] == [(code, BODY_LINE + 4, "error")]
    message = problems[0].message
    assert "Ne publiez jamais de données personnelles" in message
    assert "fictitious_data: true" in message


@pytest.mark.parametrize(
    "line",
    [
        "Le 15/10/2026, le 2026-10-15, le 15.10.2026 ou le 1er janvier 2026.",
        "Entre 2024 et 2026, 12 000 personnes ; de 9h à 17h30.",
        "Le formulaire cerfa 12345*01 ou le cerfa n° 15186*03.",
        "Voir page 12, p. 134, pages 201 à 215 du guide.",
        "Un montant de 1 234,56 € ou de 12 345 euros au 1er avril 2026.",
        "CAF de Paris, 75015 ; Marseille 13001 ; Ajaccio 20000.",
        "Fiches F1427, N31477, R12345 de service-public.",
        "La CAF au 3230, ameli au 3646, France Travail au 39 49, retraite au 3960.",
        "Impôts : 0 809 401 401 ; numéro vert 0 800 130 000.",
        "SIRET 123 456 789 00012 de l'association, SIREN 123 456 789.",
        "Dossier n° 2026-123456789, référence 1234 5678 9012, le 06/12/2026 à 14h.",
        f"Un NIR à la clé fausse : {VALID_NIR[:-2]}94.",
        f"Un IBAN à la clé fausse : {VALID_IBAN[:-1]}8.",
        "Un nombre de 13 chiffres sans clé : 1234567890123.",
        "Le numéro d'allocataire compte 7 chiffres.",
        "Écrire à prenom.nom@example.org, ou prenom.nom@… sans domaine.",
        "Article L. 262-2 du code de l'action sociale, décret n° 2016-1685.",
        "[Légifrance](https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000047289003)",
        "<https://www.example.org/suivi/0612345678>",
    ],
)
def test_look_alikes_are_not_personal_data(taxonomy: Taxonomy, tmp_path: Path, line: str) -> None:
    assert personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n") == []


def test_personal_data_in_code_blocks_is_still_published(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    body = "# Titre\n\n```\nmail: jean.dupont@gmail.com\n```\n"
    [problem] = personal(taxonomy, tmp_path, body)
    assert problem.line == BODY_LINE + 3


def test_personal_data_in_the_front_matter(taxonomy: Taxonomy, tmp_path: Path) -> None:
    front = VALID_FRONT_MATTER.replace(
        "owner: Groupe de test", "owner: Jeanne Martin (jeanne.martin@laposte.net)"
    )
    [problem] = personal(taxonomy, tmp_path, "# Titre\n", front)
    assert (problem.code, problem.line) == ("personal-data-email", 9)


def test_message_does_not_repeat_the_whole_value(taxonomy: Taxonomy, tmp_path: Path) -> None:
    [problem] = personal(taxonomy, tmp_path, f"# Titre\n\n{VALID_IBAN}\n")
    assert VALID_IBAN not in problem.message
    assert "FR76" in problem.message


def test_fictitious_training_data_is_allowed_when_declared(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    body = f"# Titre\n\nExercice : NIR {VALID_NIR}, IBAN {VALID_IBAN}, 06 12 34 56 78.\n"
    assert len(personal(taxonomy, tmp_path, body)) == 3
    declared = VALID_FRONT_MATTER + "fictitious_data: true\n"
    assert personal(taxonomy, tmp_path, body, declared) == []


@pytest.mark.parametrize(
    "line",
    [
        f"Un NIR ressemble à {VALID_NIR} (numéro fictif).",
        f"(Données fictives) IBAN {VALID_IBAN}",
        "Appelez le 06 12 34 56 78 (fictif) pour vous entraîner.",
    ],
)
def test_a_fictitious_note_on_the_line_allows_that_line(
    taxonomy: Taxonomy, tmp_path: Path, line: str
) -> None:
    assert personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n") == []


@pytest.mark.parametrize(
    "body",
    [
        f"# Titre\n\n{VALID_NIR} (numéro fictif)\n\nEt le vrai : 06 12 34 56 78.\n",
        "# Titre\n\nLe caractère fictif de l'exemple : 06 12 34 56 78.\n",
        "# Titre\n\nAppelez le 06 12 34 56 78 (fiction).\n",
    ],
)
def test_the_note_covers_its_own_line_only(taxonomy: Taxonomy, tmp_path: Path, body: str) -> None:
    assert [p.code for p in personal(taxonomy, tmp_path, body)] == ["personal-data-phone"]


def test_a_broken_header_does_not_hide_personal_data(taxonomy: Taxonomy, tmp_path: Path) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    text = "---\ntitle: [\n---\n# Titre\n\nTél. 06 12 34 56 78\n"
    result = check_page("docs/faq/page.md", "faq/page.md", text, context)
    assert [(p.code, p.line) for p in result.problems] == [
        ("yaml-syntax", 2),
        ("personal-data-phone", 6),
    ]
