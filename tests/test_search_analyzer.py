"""The French analyzer, case by case, as pages and queries both go through it."""

from __future__ import annotations

import pickle

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.analyzer import analyze, fold, folding_analyzer, french_analyzer


@pytest.fixture(scope="module")
def french(taxonomy: Taxonomy):  # type: ignore[no-untyped-def]
    return french_analyzer(taxonomy.acronyms)


def terms(analyzer, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return analyze(analyzer, text)


def test_accents_are_folded_before_the_stemmer(french) -> None:
    assert terms(french, "sécurité") == terms(french, "securite") == terms(french, "SÉCURITÉ")
    assert terms(french, "déclaration impôts") == terms(french, "declaration impots")
    assert terms(french, "sœur") == terms(french, "soeur")


def test_plural_and_singular_meet(french) -> None:
    assert terms(french, "allocations familiales") == terms(french, "allocation familiale")


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_elisions_fall_out_with_both_apostrophes(french, apostrophe: str) -> None:
    text = f"l{apostrophe}allocation d{apostrophe}aide qu{apostrophe}elle j{apostrophe}envoie"
    assert terms(french, text) == terms(french, "allocation aide envoie")
    assert not {"l", "d", "qu", "j"} & set(terms(french, text))


def test_stop_words_are_dropped(french) -> None:
    assert terms(french, "où en est ma demande de passeport") == terms(french, "demande passeport")


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("fiche F1427", "f1427"),
        ("service R1234 en ligne", "r1234"),
        ("dossier N31477", "n31477"),
        ("formulaire cerfa 12345*01", "12345*01"),
        ("bulletin n°3 du casier", "n°3"),
        ("bulletin N° 3 du casier", "n°3"),
    ],
)
def test_identifiers_stay_whole(french, text: str, identifier: str) -> None:
    assert identifier in terms(french, text)


def test_acronyms_are_protected_from_the_stemmer(french) -> None:
    assert terms(french, "ANTS") == ["ants"]
    assert terms(french, "als") == ["als"]
    assert terms(french, "ASS") == ["ass"]
    # Ordinary words are still stemmed.
    assert terms(french, "allocations") == terms(french, "allocation")


def test_folding_analyzer_keeps_every_word_unstemmed() -> None:
    assert terms(folding_analyzer(), "Où en est l’Allocation ?") == [
        "ou",
        "en",
        "est",
        "l",
        "allocation",
    ]
    assert fold("Île-de-France") == "ile-de-france"


def test_analyzer_survives_the_pickle_of_the_schema(french) -> None:
    again = pickle.loads(pickle.dumps(french))
    assert terms(again, "ANTS sécurité F1427") == terms(french, "ANTS sécurité F1427")
