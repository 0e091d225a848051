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


def page(front_matter: str = VALID_FRONT_MATTER, body: str = "# Titre\n\nTexte.\n") -> str:
    return f"---\n{front_matter}---\n\n{body}"


def replace(old: str, new: str) -> str:
    assert old in VALID_FRONT_MATTER, old
    return page(VALID_FRONT_MATTER.replace(old, new))
