"""Word families the French Snowball stemmer does not join.

Snowball strips suffixes; it cannot know that "perdue" and "perte", or "volée"
and "vol", are the same thing to someone who lost their papers. These are
grammar, not vocabulary of the field (that is taxonomy.yml's ``synonyms``), so
they live with the analyzer, and are indexed as concepts like synonyms.
"""

from __future__ import annotations

WORD_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("perte", "perdu", "perdue", "perdus", "perdues", "égaré", "égarée", "égarés", "égarées"),
    ("vol", "volé", "volée", "volés", "volées"),
    ("décès", "décédé", "décédée", "décédés"),
    ("mariage", "marier", "marié", "mariée", "mariés"),
    ("inscription", "inscrire", "inscrit", "inscrite", "inscrits"),
    ("naissance", "naître", "née"),
)
