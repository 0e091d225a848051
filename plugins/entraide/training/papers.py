"""The papers of a fictional household, rendered from its data as printable HTML.

Each paper is a standalone page (A4 print styles, no script) marked
« SPÉCIMEN — document fictif d'entraînement » on every printed sheet, with the
structure and wording of the real document but no official logo or emblem:
people learn where to look on a real avis d'imposition without anyone being
able to pass this one off as real.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

from entraide.training.french import euros, long_date, month_name, short_date
from entraide.training.household import Household

SPECIMEN = "SPÉCIMEN — document fictif d'entraînement"
TITLES = {
    "avis-imposition": "Avis d'impôt sur les revenus",
    "bulletin-salaire": "Bulletin de salaire",
    "bail": "Contrat de location (extrait)",
    "quittance-loyer": "Quittance de loyer",
    "attestation-caf": "Attestation de paiement CAF",
    "courrier-france-travail": "Courrier France Travail",
    "releve-carriere": "Relevé de carrière",
    "titre-sejour": "Titre de séjour",
}
_INCOME_LABELS = {
    "salaire": "Salaires",
    "pension": "Pensions de retraite",
    "chomage": "Allocations chômage",
    "bourse": "Bourse d'études (non imposable)",
    "aah": "Allocation aux adultes handicapés (non imposable)",
    "autre": "Autres revenus",
}
_TAXABLE = {"salaire", "pension", "chomage", "autre"}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _full_name(person: dict[str, Any]) -> str:
    return f"{person['first_name']} {person['last_name'].upper()}"


def _address_lines(household: Household) -> str:
    address = household.data["address"]
    return f"{e(address['street'])}<br>{e(address['postcode'])} {e(address['town'])}"


def _recipient(household: Household, people: list[dict[str, Any]] | None = None) -> str:
    names = " et ".join(e(_full_name(p)) for p in people or [household.applicant])
    return f'<div class="destinataire">{names}<br>{_address_lines(household)}</div>'


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]], caption: str) -> str:
    header = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{e(caption)}</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _facts(pairs: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in pairs)
    return f'<dl class="faits">{items}</dl>'


def _as_of(household: Household) -> date:
    return date.fromisoformat(household.data["as_of"])


def _previous_month(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def _avis(household: Household) -> str:
    tax = household.section("tax")
    year = int(tax["income_year"])
    declarants = [p for p in household.people if p["role"] != "enfant"]
    rows = []
    for person in declarants:
        for income in household.incomes():
            if income["person"] == person["key"]:
                amount = round(float(income["monthly_net"]) * 12)
                rows.append(
                    (e(person["first_name"]), e(_INCOME_LABELS[income["kind"]]), e(euros(amount)))
                )
    due = float(tax.get("tax_due") or 0)
    verdict = (
        f"Montant de votre impôt sur le revenu : <strong>{e(euros(due))}</strong>"
        if due
        else "<strong>Vous n'êtes pas imposable</strong> sur les revenus de cette année."
    )
    return (
        f"<h1>Avis d'impôt {year + 1} sur les revenus de l'année {year}</h1>"
        '<p class="emetteur">Direction générale des Finances publiques — centre des finances '
        "publiques (fictif)</p>"
        + _recipient(household, declarants)
        + _facts(
            [
                ("Numéro fiscal", e(tax["fiscal_number"])),
                ("Référence de l'avis", e(tax.get("avis_reference", "—"))),
                ("Date d'établissement", e(long_date(date(year + 1, 7, 31)))),
                ("Nombre de parts", e(f"{float(tax['parts']):g}".replace(".", ","))),
                (
                    "Revenu fiscal de référence",
                    f"<strong>{e(euros(float(tax['reference_income'])))}</strong>",
                ),
            ]
        )
        + f"<p>{verdict}</p>"
        + _table(("Déclarant", "Nature des revenus", "Montant annuel"), rows, "Revenus déclarés")
        + '<p class="note">Le revenu fiscal de référence est demandé par de nombreux '
        "organismes (CAF, logement social, cantine, transports) : il se lit en haut à droite "
        "de la première page d'un vrai avis.</p>"
    )


def _payslips(household: Household) -> str:
    period = _previous_month(_as_of(household))
    slips = []
    for income in household.incomes("salaire"):
        person = household.person(income["person"])
        net = float(income["monthly_net"])
        gross = float(income.get("monthly_gross") or round(net / 0.78, 2))
        hours = float(income.get("hours") or 151.67)
        employer = income.get("employer") or {"name": "Employeur fictif"}
        slips.append(
            f'<section class="feuille"><h1>Bulletin de salaire — {e(month_name(period))}</h1>'
            + _facts(
                [
                    ("Employeur", e(employer["name"])),
                    ("Adresse de l'employeur", e(employer.get("address", "—"))),
                    ("SIRET", e(employer.get("siret", "—"))),
                    ("Salarié(e)", e(_full_name(person))),
                    ("N° de sécurité sociale", e(person.get("nir", "—"))),
                    ("Emploi", e(income.get("job", "—"))),
                    (
                        "Date d'entrée",
                        e(short_date(income["since"])) if income.get("since") else "—",
                    ),
                    ("Période", f"du 1er au {period.day} {e(month_name(period))}"),
                ]
            )
            + _table(
                ("Rubrique", "Base", "Montant"),
                [
                    ("Salaire de base", e(f"{hours:g} h".replace(".", ",")), e(euros(gross))),
                    ("Cotisations et contributions salariales", "", e("− " + euros(gross - net))),
                    (
                        "<strong>Net à payer avant impôt sur le revenu</strong>",
                        "",
                        f"<strong>{e(euros(net))}</strong>",
                    ),
                    ("Impôt sur le revenu prélevé à la source", "taux 0 %", e(euros(0))),
                    ("<strong>Net payé</strong>", "", f"<strong>{e(euros(net))}</strong>"),
                ],
                "Éléments de paie",
            )
            + f"<p>Net social (à déclarer à la CAF pour le RSA et la prime d'activité) : "
            f"<strong>{e(euros(net))}</strong></p></section>"
        )
    return "".join(slips)


def _landlord(household: Household) -> dict[str, Any]:
    return dict(household.section("housing").get("landlord") or {"name": "Bailleur fictif"})


def _lease(household: Household) -> str:
    housing = household.section("housing")
    landlord = _landlord(household)
    tenants = [p for p in household.people if p["role"] != "enfant"]
    rent = float(housing.get("rent") or 0)
    return (
        "<h1>Contrat de location d'un logement vide (extrait)</h1>"
        + _facts(
            [
                (
                    "Bailleur",
                    e(landlord["name"])
                    + (f"<br>{e(landlord['address'])}" if landlord.get("address") else ""),
                ),
                ("Locataire(s)", " et ".join(e(_full_name(p)) for p in tenants)),
                ("Logement loué", _address_lines(household)),
                (
                    "Prise d'effet",
                    e(long_date(housing["lease_start"])) if housing.get("lease_start") else "—",
                ),
                ("Durée", "3 ans, renouvelable"),
                ("Loyer mensuel hors charges", e(euros(rent))),
                ("Provision mensuelle pour charges", e(euros(float(housing.get("charges") or 0)))),
                ("Dépôt de garantie", e(euros(rent))),
            ]
        )
        + "<p>Le loyer est payable mensuellement et d'avance, le 5 de chaque mois.</p>"
        '<p class="signatures">Fait en deux exemplaires. Signatures du bailleur et du ou des '
        "locataires, précédées de la mention « lu et approuvé ».</p>"
    )


def _receipt(household: Household) -> str:
    housing = household.section("housing")
    period = _previous_month(_as_of(household))
    rent = float(housing.get("rent") or 0)
    charges = float(housing.get("charges") or 0)
    landlord = _landlord(household)
    return (
        f"<h1>Quittance de loyer — {e(month_name(period))}</h1>"
        f'<p class="emetteur">{e(landlord["name"])}</p>'
        + _recipient(household)
        + _table(
            ("Objet", "Montant"),
            [
                ("Loyer", e(euros(rent))),
                ("Provision pour charges", e(euros(charges))),
                ("<strong>Total payé</strong>", f"<strong>{e(euros(rent + charges))}</strong>"),
            ],
            f"Période du 1er au {period.day} {month_name(period)}",
        )
        + f"<p>Je soussigné(e), {e(landlord['name'])}, bailleur du logement désigné ci-dessus, "
        f"déclare avoir reçu de {e(_full_name(household.applicant))} la somme de "
        f"{e(euros(rent + charges))} au titre du loyer et des charges de "
        f"{e(month_name(period))}, et lui en donne quittance, sous réserve de tous mes droits.</p>"
        f"<p>Fait le {e(long_date(_as_of(household).replace(day=1)))}.</p>"
    )


def _caf(household: Household) -> str:
    caf = household.section("caf")
    as_of = caf.get("as_of") or household.data["as_of"]
    rows = [
        (e(b["name"]), e(euros(household.benefit_amount(b)))) for b in caf.get("benefits") or []
    ]
    return (
        "<h1>Attestation de paiement</h1>"
        "<p class=\"emetteur\">Caisse d'allocations familiales (caisse fictive d'entraînement)</p>"
        + _recipient(household)
        + _facts(
            [
                ("Numéro allocataire", e(caf["file_number"])),
                ("Allocataire", e(_full_name(household.applicant))),
                ("Date de l'attestation", e(long_date(as_of))),
            ]
        )
        + _table(("Prestation", "Montant mensuel"), rows, f"Droits payés pour {month_name(as_of)}")
        + "<p>Cette attestation est établie pour servir et valoir ce que de droit. Vous pouvez "
        "la télécharger à tout moment dans votre espace Mon Compte.</p>"
    )


def _france_travail(household: Household) -> str:
    ft = household.section("france_travail")
    when = ft.get("letter_date") or household.data["as_of"]
    allowance = ft.get("daily_allowance")
    amount = (
        f"<p>Montant brut de votre allocation journalière : <strong>{e(euros(float(allowance)))}"
        "</strong>.</p>"
        if allowance
        else ""
    )
    return (
        "<h1>Courrier de France Travail</h1>"
        '<p class="emetteur">France Travail — agence fictive d\'entraînement</p>'
        + _recipient(household)
        + _facts(
            [
                ("Identifiant France Travail", e(ft["identifier"])),
                ("Inscrit(e) depuis le", e(long_date(ft["registered_on"]))),
                ("Date du courrier", e(long_date(when))),
                ("Votre conseiller(ère)", e(ft.get("adviser", "—"))),
            ]
        )
        + f"<p>Madame, Monsieur,</p><p>{e(ft.get('letter', ''))}</p>"
        + amount
        + "<p>Pensez à vous actualiser chaque mois, entre le 28 et le 15 du mois suivant, "
        "même si votre situation ne change pas.</p>"
    )


def _career(household: Household) -> str:
    lines = household.data.get("career") or []
    rows = [
        (
            e(line["years"]),
            e(line["employer"]),
            e(line.get("regime", "Régime général")),
            e(line["quarters"]),
        )
        for line in lines
    ]
    total = sum(int(line["quarters"]) for line in lines)
    return (
        "<h1>Relevé de situation individuelle (relevé de carrière)</h1>"
        '<p class="emetteur">Assurance retraite (caisse fictive d\'entraînement)</p>'
        + _recipient(household)
        + _facts([("N° de sécurité sociale", e(household.applicant.get("nir", "—")))])
        + _table(
            ("Années", "Employeur ou situation", "Régime", "Trimestres"), rows, "Votre carrière"
        )
        + f"<p>Total des trimestres retenus : <strong>{total}</strong>. Signalez toute période "
        "manquante (service militaire, chômage, enfants, emplois à l'étranger) pour la faire "
        "régulariser.</p>"
    )


def _permit(household: Household) -> str:
    permit = household.section("residence_permit")
    person = household.person(permit["person"])
    return (
        '<h1>Titre de séjour</h1><div class="carte">'
        + _facts(
            [
                ("Type de titre", e(permit["kind"])),
                ("Mention", e(permit.get("mention", "—"))),
                ("Nom", e(person["last_name"].upper())),
                ("Prénom(s)", e(person["first_name"])),
                ("Sexe", e(person["sex"])),
                ("Nationalité", e(person.get("nationality", "—"))),
                ("Né(e) le", e(short_date(person["born_on"]))),
                ("Lieu de naissance", e(person.get("birth_place", "—"))),
                (
                    "Valable du",
                    e(short_date(permit["valid_from"])) if permit.get("valid_from") else "—",
                ),
                ("Jusqu'au", f"<strong>{e(short_date(permit['valid_until']))}</strong>"),
                ("N° du titre", e(permit["number"])),
            ]
        )
        + '</div><p class="note">Le renouvellement se demande en ligne (ANEF) dans les '
        "quatre mois qui précèdent la date d'expiration.</p>"
    )


RENDERERS: dict[str, Callable[[Household], str]] = {
    "avis-imposition": _avis,
    "bulletin-salaire": _payslips,
    "bail": _lease,
    "quittance-loyer": _receipt,
    "attestation-caf": _caf,
    "courrier-france-travail": _france_travail,
    "releve-carriere": _career,
    "titre-sejour": _permit,
}


def render_paper(
    household: Household, paper: str, title: str, css_href: str, back_href: str
) -> str:
    """A whole HTML page for one paper: ``title`` names the persona, hrefs are relative."""
    body = RENDERERS[paper](household)
    return (
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{e(SPECIMEN)} — {e(TITLES[paper])} — {e(title)}</title>"
        f'<link rel="stylesheet" href="{e(css_href)}"></head><body>'
        f'<p class="specimen" role="note">{e(SPECIMEN)}</p>'
        '<div class="filigrane" aria-hidden="true">SPÉCIMEN</div>'
        f'<nav class="ecran"><a href="{e(back_href)}">Retour au foyer fictif : {e(title)}</a> · '
        "Pour imprimer : Ctrl+P (ou Cmd+P). Chaque feuille porte la mention SPÉCIMEN.</nav>"
        f'<main class="papier">{body}</main>'
        f'<p class="specimen-pied">{e(SPECIMEN)} — aucun numéro de ce document ne peut '
        "appartenir à une personne réelle.</p></body></html>\n"
    )
