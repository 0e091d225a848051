"""Front matter builders for tests: a valid page, then one change at a time."""

from __future__ import annotations

VALID_FRONT_MATTER = """\
title: Refaire sa carte Vitale
description: Commander une nouvelle carte Vitale en ligne sur le compte ameli.
type: procedure
mediation: [urgence, autonomie]
themes: [social-sante]
organisations: [assurance-maladie]
publics: [seniors]
owner: Groupe de test
last_reviewed_on: 2026-10-01
review_in: 6 mois
sources: [F13275]
"""


# A procedure body with every section the taxonomy requires, so the whole check passes.
VALID_BODY = "# Titre\n\nTexte.\n" + "".join(
    f"\n## {section}\n\nTexte.\n"
    for section in (
        "Prérequis",
        "Étapes",
        "Pièges fréquents",
        "En cas de blocage",
        "Données personnelles et mandat",
        "Sources officielles",
    )
)


def page(front_matter: str = VALID_FRONT_MATTER, body: str = VALID_BODY) -> str:
    return f"---\n{front_matter}---\n\n{body}"


def replace(old: str, new: str) -> str:
    assert old in VALID_FRONT_MATTER, old
    return page(VALID_FRONT_MATTER.replace(old, new))
