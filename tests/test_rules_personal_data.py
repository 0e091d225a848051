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
        # A home box's number (09 5x is a box range); 09 69 is an organisations' range.
        ("Box : 09 51 23 45 67", "personal-data-phone"),
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


INVALID_NIR = VALID_NIR[:-2] + "94"
INVALID_IBAN = VALID_IBAN[:-1] + "8"
FICTITIOUS_PAGE = VALID_FRONT_MATTER + "fictitious_data: true\n"


def test_a_fictitious_page_allows_invented_numbers_with_a_wrong_key(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    body = (
        f"# Titre\n\nExercice : NIR {INVALID_NIR}, NIR sans clé 1 84 12 75 108 321,\n"
        "fixe 01 40 20 30 40, allocataire 1234567, e-mail jeanne.essai@laposte.net.\n"
    )
    assert len(personal(taxonomy, tmp_path, body)) == 4
    assert personal(taxonomy, tmp_path, body, FICTITIOUS_PAGE) == []


def test_a_fictitious_page_still_reports_valid_keys_and_unmarked_mobiles(
    taxonomy: Taxonomy, tmp_path: Path
) -> None:
    body = f"# Titre\n\nNIR {VALID_NIR}\n\nIBAN {VALID_IBAN}\n\nMobile 06 12 34 56 78.\n"
    problems = personal(taxonomy, tmp_path, body, FICTITIOUS_PAGE)
    first = BODY_LINE + 1  # the header has one more line
    assert [(p.code, p.line) for p in problems] == [
        ("personal-data-nir", first + 2),
        ("personal-data-iban", first + 4),
        ("personal-data-phone", first + 6),
    ]
    assert "Sa clé de contrôle est valide" in problems[0].message
    assert "(numéro fictif)" in problems[2].message
    marked = "# Titre\n\nMobile 06 12 34 56 78 (numéro fictif).\n"
    assert personal(taxonomy, tmp_path, marked, FICTITIOUS_PAGE) == []


@pytest.mark.parametrize(
    "line",
    [
        "Appelez le 06 12 34 56 78 (numéro fictif) pour vous entraîner.",
        "Mobile : **07 12 34 56 78** (numéro fictif)",
        f"Un NIR ressemble à {INVALID_NIR} (numéro fictif).",
        "Numéro fiscal : 1234567890123 (numéro fictif)",
    ],
)
def test_the_exact_marker_right_after_the_number_allows_it(
    taxonomy: Taxonomy, tmp_path: Path, line: str
) -> None:
    assert personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n") == []


@pytest.mark.parametrize(
    "line",
    [
        f"Un NIR ressemble à {VALID_NIR} (numéro fictif).",
        f"IBAN {VALID_IBAN} (numéro fictif)",
        "Appelez le 06 12 34 56 78 (fictif) pour vous entraîner.",
        "(Données fictives) Appelez le 06 12 34 56 78.",
        "Appelez le 06 12 34 56 78 (Numéro fictif).",
        "Appelez le 06 12 34 56 78 ou le 07 12 34 56 78 (numéro fictif).",
        "(numéro fictif) 06 12 34 56 78",
    ],
)
def test_fuzzy_or_misplaced_markers_and_valid_keys_are_still_reported(
    taxonomy: Taxonomy, tmp_path: Path, line: str
) -> None:
    assert len(personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n")) == 1


@pytest.mark.parametrize(
    "body",
    [
        f"# Titre\n\n{INVALID_NIR} (numéro fictif)\n\nEt le vrai : 06 12 34 56 78.\n",
        "# Titre\n\nLe caractère fictif de l'exemple : 06 12 34 56 78.\n",
        "# Titre\n\nAppelez le 06 12 34 56 78 (fiction).\n",
    ],
)
def test_the_note_covers_its_own_number_only(taxonomy: Taxonomy, tmp_path: Path, body: str) -> None:
    assert [p.code for p in personal(taxonomy, tmp_path, body)] == ["personal-data-phone"]


def test_a_broken_header_does_not_hide_personal_data(taxonomy: Taxonomy, tmp_path: Path) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    text = "---\ntitle: [\n---\n# Titre\n\nTél. 06 12 34 56 78\n"
    result = check_page("docs/faq/page.md", "faq/page.md", text, context)
    assert [(p.code, p.line) for p in result.problems] == [
        ("yaml-syntax", 2),
        ("personal-data-phone", 6),
    ]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("IBAN fr76 3000 6000 0112 3456 7890 189", "personal-data-iban"),
        ("IBAN Fr76 3000 6000 0112 3456 7890 189.", "personal-data-iban"),
        ("IBAN FR76-3000-6000-0112-3456-7890-189", "personal-data-iban"),
        ("IBAN FR76.3000.6000.0112.3456.7890.189", "personal-data-iban"),
        ("IBAN FR76  3000  6000  0112  3456  7890  189", "personal-data-iban"),
        ("RIB : 30006 00001 12345678901 89", "personal-data-rib"),
        ("| 30006 | 00001 | 12345678901 | 89 |", "personal-data-rib"),
        ("NIR 2  95  10  99  126  111  93", "personal-data-nir"),
        ("NIR 2/95/10/99/126/111/93", "personal-data-nir"),
        ("NIR 2_95_10_99_126_111_93", "personal-data-nir"),
        ("NIR 2951 0991 2611 193", "personal-data-nir"),
        ("NIR 2 95 10 99 126 111 clé 93", "personal-data-nir"),
        ("NIR 2 95 10 99 126 111 (clé 93)", "personal-data-nir"),
        ("Sécu : 2 95 10 99 126 111", "personal-data-nir"),
        ("Sécu : 2951099126111", "personal-data-nir"),
        ("Tél. 06/12/34/56/78", "personal-data-phone"),
        ("Tél. 06_12_34_56_78", "personal-data-phone"),
        ("[WhatsApp](https://wa.me/33612345678)", "personal-data-phone"),
        ("<https://api.whatsapp.com/send?phone=33612345678>", "personal-data-phone"),
        ("[appeler](tel:%2B33612345678)", "personal-data-phone"),
        ("[écrire](mailto:jean.dupont%40gmail.com)", "personal-data-email"),
        ("<https://rdv.example.org/?email=jean.dupont%40gmail.com>", "personal-data-email"),
        ("Écrire à jean.dupont&#64;gmail.com.", "personal-data-email"),
        ("Écrire à jean.dupont&commat;gmail.com.", "personal-data-email"),
        ("Écrire à jean.dupont&#x40;gmail&#46;com.", "personal-data-email"),
        ("Carte 4970 1012 3456 7893", "personal-data-card"),
    ],
)
def test_evasions_are_reported(taxonomy: Taxonomy, tmp_path: Path, line: str, code: str) -> None:
    problems = personal(taxonomy, tmp_path, f"# Titre\n\nTexte.\n\n{line}\n")
    assert [(p.code, p.line, p.severity) for p in problems] == [(code, BODY_LINE + 4, "error")]


@pytest.mark.parametrize(
    "line",
    [
        "Écrire à jean.dupont [at] gmail.com.",
        "Écrire à jean.dupont(at)gmail.com.",
        "Écrire à jean.dupont arobase gmail point com.",
    ],
)
def test_disguised_addresses_get_a_warning(taxonomy: Taxonomy, tmp_path: Path, line: str) -> None:
    [problem] = personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n")
    assert (problem.code, problem.severity) == ("personal-data-disguised-email", "warning")
    assert "robots" in problem.message


@pytest.mark.parametrize(
    "line",
    [
        "Défenseur des droits : 09 69 39 00 00.",
        "ameli depuis l'étranger : +33 9 74 75 36 46 ou +33 1 84 90 36 46.",
        "France Travail depuis l'étranger : +33 1 77 86 39 49.",
        "Préfecture de police, taxis parisiens : 01 55 76 20 05.",
        "Un numéro non surtaxé : 09 69 32 01 23.",
        "Écrire à la Cnil : [dpo@cnil.fr](mailto:dpo@cnil.fr) ou à contact@defenseurdesdroits.fr.",
        "Adresse d'un service : ddets@seine-saint-denis.interieur.gouv.fr.",
        "Numéros courts : 3230, 36 46, 39 49, 3960 ; services : 08 06 00 01 02.",
        "La touche arobase (@) est à droite du 0 ; « point » se dit pour le « . ».",
        "NIR de quelqu'un né en 1995 : 2 95 10 99 126 111 94 (clé fausse).",
        "Un IBAN d'exemple : fr76 3000 6000 0112 3456 7890 188.",
        "Une carte : 4970 1012 3456 7890.",
        "Le 06/12/2026 ou le 01/02/2026 au 03/04/2026.",
        "[Ma démarche](https://www.example.org/suivi/0612345678?etape=2)",
    ],
)
def test_public_contacts_and_look_alikes_pass(
    taxonomy: Taxonomy, tmp_path: Path, line: str
) -> None:
    assert personal(taxonomy, tmp_path, f"# Titre\n\n{line}\n") == []


def test_a_mobile_is_never_public(taxonomy: Taxonomy, tmp_path: Path) -> None:
    [problem] = personal(taxonomy, tmp_path, "# Titre\n\nLa CAF : 06 12 34 56 78.\n")
    assert problem.code == "personal-data-phone"
    assert "public_contacts" in problem.message
