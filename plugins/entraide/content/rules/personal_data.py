"""Personal data that must never be published: identifiers, bank details, contacts.

A page is public the moment it is merged, and stays in Git history after it is
fixed. Detection lives in :mod:`entraide.content.personal_data`; this rule
runs it on a page (or any text file) with the taxonomy's public contacts and
turns what it finds into French messages.

Invented data says so where readers see it: « (numéro fictif) » right after
the number, or for a whole exercise page ``fictitious_data: true`` in its
header. Neither covers a number whose key is valid (it may be someone's), and
the page-wide declaration does not cover private mobiles.
"""

from __future__ import annotations

from collections.abc import Iterator

from entraide.content.personal_data import (
    FICTITIOUS_MARKER,
    Kind,
    PersonalData,
    find_personal_data,
)
from entraide.content.problems import Problem, error, warning
from entraide.content.rules.markdown_source import line_at
from entraide.content.rules.page_source import PageSource

FICTITIOUS_KEY = "fictitious_data"

_WHAT: dict[Kind, tuple[str, str]] = {
    Kind.NIR: (
        "un numéro de sécurité sociale (NIR)",
        "« 1 XX XX XX XXX XXX XX »",
    ),
    Kind.IBAN: ("un IBAN valide (coordonnées bancaires)", "« FR76 XXXX XXXX XXXX XXXX XXXX XXX »"),
    Kind.RIB: ("un RIB valide (coordonnées bancaires)", "« XXXXX XXXXX XXXXXXXXXXX XX »"),
    Kind.CARD: ("un numéro de carte bancaire", "« XXXX XXXX XXXX XXXX »"),
    Kind.TAX_NUMBER: ("un numéro fiscal", "« XX XX XXX XXX XXX »"),
    Kind.CAF_NUMBER: ("un numéro d'allocataire CAF", "« XXXXXXX »"),
    Kind.PHONE: (
        "un numéro de téléphone",
        "« 06 XX XX XX XX » ; pour un organisme, son numéro national comme 3230 ou 39 49",
    ),
    Kind.EMAIL: ("une adresse e-mail", "« prenom.nom@example.org »"),
}

_HOW_TO_FIX = (
    "Ne publiez jamais de données personnelles, même en exemple : supprimez cette donnée "
    "ou remplacez-la par un modèle ({model}). Si elle est inventée, écrivez "
    f"« {FICTITIOUS_MARKER} » juste après, ou, pour toute une page d'exercice, ajoutez "
    f"« {FICTITIOUS_KEY}: true » dans l'en-tête (voir CONTRIBUTING.md)."
)
_VALID_KEY = (
    "Ne publiez jamais de données personnelles, même en exemple : supprimez ce numéro ou "
    "remplacez-le par un modèle ({model}). Sa clé de contrôle est valide, donc il peut être "
    f"celui d'une vraie personne : ni « {FICTITIOUS_MARKER} » ni « {FICTITIOUS_KEY}: true » "
    "ne suffisent. Pour un exemple, changez sa clé (les derniers chiffres) pour qu'elle "
    "soit fausse."
)
_PUBLIC_NUMBER = (
    "Si c'est le numéro ou l'adresse publique d'un organisme, ajoutez-le à la section "
    "« public_contacts » de taxonomy.yml (voir CONTRIBUTING.md)."
)
_DISGUISED = (
    "la page semble contenir une adresse e-mail déguisée (« {shown} ») : « [at] », « (at) » "
    "ou « arobase » ne la protègent pas, les robots les lisent. Si c'est l'adresse publique "
    "d'un organisme, écrivez-la normalement et ajoutez son domaine à « public_contacts » dans "
    "taxonomy.yml ; si c'est celle d'une personne, retirez-la ; pour un exemple, utilisez "
    "« prenom.nom@example.org »."
)


def _shown(value: str) -> str:
    """Enough of the value to find it, not enough to copy it into a CI log."""
    visible = max(2, len(value) // 4)
    return value[:visible] + "…"


def _message(finding: PersonalData, value: str, fictitious_page: bool) -> str:
    what, model = _WHAT[finding.kind]
    message = f"la page contient {what} (« {_shown(value)} »). "
    if finding.valid_key:
        return message + _VALID_KEY.format(model=model)
    if finding.mobile and fictitious_page:
        return message + (
            "Sur une page d'exercice, un numéro de mobile doit être suivi de "
            f"« {FICTITIOUS_MARKER} », à chaque fois. " + _HOW_TO_FIX.format(model=model)
        )
    message += _HOW_TO_FIX.format(model=model)
    if finding.kind in (Kind.PHONE, Kind.EMAIL):
        message += " " + _PUBLIC_NUMBER
    return message


def check_personal_data(source: PageSource) -> Iterator[Problem]:
    text = source.text
    fictitious_page = source.meta(FICTITIOUS_KEY) is True
    public = source.context.taxonomy.public_contacts
    for finding in find_personal_data(text, public, fictitious_page=fictitious_page):
        value = text[finding.start : finding.end]
        line = line_at(text, finding.start)
        if not finding.certain:
            yield warning(
                source.display, line, finding.code, _DISGUISED.format(shown=_shown(value))
            )
            continue
        yield error(source.display, line, finding.code, _message(finding, value, fictitious_page))
