"""The practice kit's blocks in a page: a household's data, papers and rights; a simulator.

HTML only, from the training domain's models; links arrive already relative
(``href`` callables), so no site generator is imported here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from html import escape
from pathlib import PurePosixPath
from typing import Any

from entraide.resources.manifest import Resource
from entraide.training.french import euros, long_date, month_name
from entraide.training.household import Household
from entraide.training.papers import SPECIMEN, TITLES
from entraide.training.simulator import Simulator

NOTHING_SENT = "Simulation d'entraînement : rien n'est envoyé"
RIGHT_LABELS = {
    "rsa": "Revenu de solidarité active (RSA)",
    "prime_activite": "Prime d'activité",
    "aide_logement": "Aides au logement (APL, ALS, ALF)",
    "af": "Allocations familiales",
    "aah": "Allocation aux adultes handicapés (AAH)",
    "asf": "Allocation de soutien familial (ASF)",
}
_ROLES = {"demandeur": "Personne de référence", "conjoint": "Conjoint(e)", "enfant": "Enfant"}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _people_table(household: Household) -> str:
    rows = "".join(
        f"<tr><td>{e(p['first_name'])} {e(p['last_name'])}</td><td>{e(_ROLES[p['role']])}</td>"
        f"<td>{e(long_date(p['born_on']))}</td><td>{e(p.get('nir', '—'))}</td>"
        f"<td>{e(p.get('phone', '—'))}</td></tr>"
        for p in household.people
    )
    return (
        '<table class="entraide-foyer"><caption>Les personnes du foyer (données fictives)'
        '</caption><thead><tr><th scope="col">Nom</th><th scope="col">Place dans le foyer</th>'
        '<th scope="col">Né(e) le</th><th scope="col">N° de sécurité sociale (clé fausse)</th>'
        f'<th scope="col">Téléphone (plage fiction)</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _incomes(household: Household) -> str:
    labels = {
        "salaire": "salaire net",
        "pension": "pension de retraite",
        "chomage": "allocation chômage",
        "bourse": "bourse d'études",
        "aah": "AAH",
        "autre": "autre revenu",
    }
    items = "".join(
        f"<li>{e(household.person(i['person'])['first_name'])} : {e(labels[i['kind']])}, "
        f"{e(euros(float(i['monthly_net'])))} par mois</li>"
        for i in household.incomes()
    )
    return f"<ul>{items}</ul>" if items else "<p>Aucun revenu d'activité ni pension.</p>"


def _rights(household: Household) -> str:
    rights = household.data.get("rights")
    if not isinstance(rights, Mapping) or not rights.get("amounts"):
        return (
            "<p>Pas encore estimé : lancez <code>entraide training rights</code> "
            "(voir la page du kit d'entraînement).</p>"
        )
    rows = "".join(
        f"<tr><td>{e(RIGHT_LABELS.get(key, key))}</td><td>{e(euros(float(amount)))}</td></tr>"
        for key, amount in rights["amounts"].items()
    )
    return (
        f'<p class="entraide-estimation"><strong>Estimations pour l\'entraînement</strong>, '
        f"calculées le {e(long_date(str(rights['computed_on'])))} pour le mois de "
        f"{e(month_name(str(rights['period']) + '-01'))} "
        f"avec le modèle {e(rights['model'])}. Ce ne sont pas des droits "
        "réels : seul l'organisme décide, avec la situation exacte de la personne.</p>"
        '<table class="entraide-droits"><caption>Montants mensuels estimés</caption><thead><tr>'
        '<th scope="col">Prestation</th><th scope="col">Montant estimé par mois</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def persona_html(
    household: Household,
    papers: Sequence[tuple[str, str]],
    simulators: Sequence[tuple[str, str]],
) -> str:
    """The data part of a persona page; ``papers`` and ``simulators`` are (href, title)."""
    address = household.data["address"]
    paper_items = "".join(f'<li><a href="{e(href)}">{e(title)}</a></li>' for href, title in papers)
    simulator_items = "".join(
        f'<li><a href="{e(href)}">{e(title)}</a></li>' for href, title in simulators
    )
    return (
        '<section class="entraide-persona">'
        '<h2 id="entraide-foyer-titre">Le foyer en données</h2>'
        f"<p>{e(household.data['situation'])}. Adresse (inventée) : {e(address['street'])}, "
        f"{e(address['postcode'])} {e(address['town'])}.</p>"
        + _people_table(household)
        + "<h3>Revenus</h3>"
        + _incomes(household)
        + '<h2 id="entraide-papiers">Ses papiers</h2>'
        f"<p>Chaque papier porte la mention « {e(SPECIMEN)} » sur chaque feuille imprimée. "
        "Ouvrez-le, puis imprimez-le (Ctrl+P) pour l'atelier.</p>"
        f"<ul>{paper_items}</ul>"
        '<h2 id="entraide-droits">Ce à quoi ce foyer aurait droit</h2>'
        + _rights(household)
        + (
            f'<h2 id="entraide-simulateurs">Où s\'en servir</h2><ul>{simulator_items}</ul>'
            if simulator_items
            else ""
        )
        + "</section>"
    )


def paper_links(household: Household, href: Callable[[str], str]) -> list[tuple[str, str]]:
    """(href, title) of each paper, ``href`` given the paper's slug."""
    return [(href(paper), TITLES[paper]) for paper in household.data["papers"]]


def simulator_html(
    simulator: Simulator,
    procedure: tuple[str, str],
    personas: Sequence[tuple[str, str]],
) -> str:
    """The container the shared script fills: plain elements, no script, no form.

    The screens arrive in a script file of their own (:func:`simulator_script`),
    so the page holds nothing an HTML allow-list or a Content-Security-Policy
    ``script-src 'self'`` would remove. The procedure link and the personas'
    links, written here relative to the page, are the ones the script uses.
    """
    persona_items = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for h, t in personas)
    return (
        f'<section class="entraide-simulateur" id="entraide-simulateur-{e(simulator.slug)}" '
        'aria-label="Simulateur de formulaire">'
        f'<p class="entraide-simulateur__bandeau"><strong>{NOTHING_SENT}</strong>'
        " : ce formulaire reste dans cet onglet et s'efface quand vous le fermez.</p>"
        '<div class="entraide-simulateur__zone"><p>Ce simulateur a besoin de JavaScript, '
        "activé dans le navigateur.</p></div>"
        '<h2 id="entraide-foyers-du-simulateur">Foyers fictifs dont les papiers conviennent</h2>'
        f'<ul class="entraide-simulateur__foyers">{persona_items}</ul>'
        f'<p class="entraide-simulateur__procedure">La vraie démarche, pas à pas : '
        f'<a href="{e(procedure[0])}">{e(procedure[1])}</a></p>'
        "</section>"
    )


def simulator_script(slug: str, spec: Mapping[str, Any]) -> str:
    """The script file that hands a simulator's screens to ``simulateur.js``.

    A script file rather than JSON fetched at run time: ``fetch`` does not work
    from ``file://``, where the offline bundle is read.
    """
    payload = json.dumps(spec, ensure_ascii=False, indent=1)
    return (
        "/* Generated by Entraide from the simulator's YAML file: do not edit. */\n"
        "window.entraideSimulateurs = window.entraideSimulateurs || {};\n"
        f"window.entraideSimulateurs[{json.dumps(slug)}] = {payload};\n"
    )


def resources_html(resources: Sequence[tuple[str, Resource]]) -> str:
    """The table of a folder's downloadable files; ``resources`` are (href, resource)."""
    rows = "".join(
        f'<tr><td><a href="{e(href)}" download>{e(r.title)}</a></td><td>{e(r.description)}</td>'
        f"<td>{e(PurePosixPath(r.file).suffix[1:].upper())}, {e(r.size)}</td>"
        f"<td>{e(r.licence)}</td></tr>"
        for href, r in resources
    )
    return (
        '<table class="entraide-ressources"><caption>Fichiers à télécharger</caption><thead><tr>'
        '<th scope="col">Fichier</th><th scope="col">Description</th>'
        '<th scope="col">Format et poids</th><th scope="col">Licence</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
