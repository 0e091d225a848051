"""Handouts (``/// a-remettre``): complete, pointing at an official service, easy to read.

A handout leaves the desk on paper: nothing on it can be fixed later. So its
required parts must be there, its QR code must open an official https://
address (a look-alike paid site is the classic trap of these procedures), it
carries no mediator-only block, and a draft gets the FALC warnings a
proofreader would give. Personal data is the page-wide rule's job: the
handout is part of the page's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from entraide.content.folding import fold_accents
from entraide.content.problems import Problem, error, warning
from entraide.content.rules.page_source import PageSource
from entraide.handouts.model import BLOCK_NAME, Handout, find_handouts
from entraide.handouts.readability import is_long_word, reading_ease, sentences, words
from entraide.handouts.rules import PROOFREAD, HandoutRules

FALC_KEY = "falc"


def check_handouts(source: PageSource) -> Iterator[Problem]:
    handouts = find_handouts(source.body, source.body_line)
    falc = source.meta(FALC_KEY)
    if not handouts:
        if falc is not None:
            yield warning(
                source.display,
                source.meta_line(FALC_KEY),
                "falc-without-handout",
                f"« {FALC_KEY} » ne sert qu'aux pages qui ont une fiche « /// {BLOCK_NAME} » : "
                "ajoutez la fiche ou retirez la clé.",
            )
        return
    rules = source.context.taxonomy.handouts
    for extra in handouts[1:]:
        yield error(
            source.display,
            extra.line,
            "handout-several",
            f"une page n'a qu'une fiche « /// {BLOCK_NAME} » : regroupez-les en une seule.",
        )
    handout = handouts[0]
    yield from _structure(source, handout, rules)
    yield from _qr(source, handout, rules)
    if not isinstance(falc, dict):
        yield error(
            source.display,
            handout.line,
            "handout-falc-missing",
            f"la page a une fiche à remettre mais pas de clé « {FALC_KEY} » dans l'en-tête : "
            f"ajoutez « {FALC_KEY}: {{status: brouillon}} » tant que le texte n'a pas été relu "
            "par des personnes du public.",
        )
    elif falc.get("status") != PROOFREAD:
        yield from _draft_warnings(source, handout, rules)


def _structure(source: PageSource, handout: Handout, rules: HandoutRules) -> Iterator[Problem]:
    if handout.end_line is None:
        yield error(
            source.display,
            handout.line,
            "handout-unclosed",
            f"la fiche « /// {BLOCK_NAME} » n'est pas fermée : ajoutez une ligne « /// » après "
            "sa dernière partie.",
        )
    for nested in handout.nested_blocks:
        yield error(
            source.display,
            nested.line,
            "handout-mediator-content",
            f"le bloc « /// {nested.text} » est pour les médiateurs : il n'a pas sa place dans "
            "la fiche remise à la personne. Sortez-le de la fiche.",
        )
    known = {fold_accents(name): name for name in rules.parts}
    expected = ", ".join(f"« ### {name} »" for name in rules.parts)
    seen: list[str] = []
    for part in handout.parts:
        name = known.get(fold_accents(part.title).rstrip(" :"))
        if name is None:
            yield warning(
                source.display,
                part.line,
                "handout-unknown-part",
                f"« {part.title} » n'est pas une partie de fiche connue ; parties possibles, "
                f"dans l'ordre : {expected}.",
            )
            continue
        if name != part.title:
            yield error(
                source.display,
                part.line,
                "handout-part-heading",
                f"écrivez le titre exactement « ### {name} » pour qu'il soit reconnu.",
            )
        if not part.markdown:
            yield error(
                source.display,
                part.line,
                "handout-empty-part",
                f"la partie « {name} » est vide : complétez-la ou retirez-la.",
            )
        seen.append(name)
    order = [name for name in rules.parts if name in seen]
    if seen != order:
        yield warning(
            source.display,
            handout.line,
            "handout-part-order",
            f"gardez l'ordre des parties : {expected}.",
        )
    for name in rules.required_parts:
        if name not in seen:
            yield error(
                source.display,
                handout.end_line or handout.line,
                "handout-missing-part",
                f"il manque la partie « ### {name} » dans la fiche à remettre (parties "
                f"obligatoires : {', '.join(rules.required_parts)}).",
            )


def _qr(source: PageSource, handout: Handout, rules: HandoutRules) -> Iterator[Problem]:
    example = "    qr: https://www.service-public.fr/particuliers/vosdroits/R…"
    target = handout.qr
    if not target:
        yield error(
            source.display,
            handout.line,
            "handout-qr-missing",
            "la fiche n'a pas d'adresse pour son code QR : ajoutez sous « /// a-remettre » une "
            f"ligne en retrait de quatre espaces, par exemple « {example} ».",
        )
        return
    scheme = urlsplit(target).scheme
    if scheme != "https":
        yield error(
            source.display,
            handout.qr_line,
            "handout-qr-not-https",
            f"l'adresse du code QR « {target} » doit commencer par https:// (une adresse "
            "http:// peut être détournée) : mettez l'adresse sécurisée du service officiel.",
        )
    elif not rules.is_official(target):
        yield error(
            source.display,
            handout.qr_line,
            "handout-qr-not-official",
            f"l'adresse du code QR « {target} » n'est pas sur un domaine officiel connu "
            f"({', '.join(rules.official_domains)}). Mettez l'adresse du service officiel ; "
            "si ce service officiel manque à la liste, proposez son domaine dans "
            "« official_domains » de taxonomy.yml.",
        )


def _draft_warnings(source: PageSource, handout: Handout, rules: HandoutRules) -> Iterator[Problem]:
    """What a FALC proofreader would say first, for texts not yet proofread."""
    for sentence in sentences(handout.text):
        count = len(words(sentence.text))
        if count > rules.max_sentence_words:
            yield warning(
                source.display,
                sentence.line,
                "falc-long-sentence",
                f"phrase de {count} mots (« {sentence.text[:40]}… ») : en facile à lire, "
                f"visez {rules.max_sentence_words} mots au plus, une idée par ligne.",
            )
    reported: set[str] = set()
    for line in handout.text:
        lowered = line.text.lower()
        for word, plain in rules.plain_words.items():
            if word in reported or not _contains_word(lowered, word):
                continue
            reported.add(word)
            yield warning(
                source.display,
                line.line,
                "falc-rare-word",
                f"« {word} » est un mot administratif : écrivez plutôt « {plain} ».",
            )
        for word in words(line.text):
            key = word.lower()
            if key not in reported and is_long_word(word):
                reported.add(key)
                yield warning(
                    source.display,
                    line.line,
                    "falc-long-word",
                    f"« {word} » est un mot long, peut-être difficile : remplacez-le par un mot "
                    "courant ou expliquez-le la première fois.",
                )
    score = reading_ease(handout.text)
    if score.words and score.reading_ease < rules.min_reading_ease:
        yield warning(
            source.display,
            handout.line,
            "falc-reading-ease",
            f"lisibilité {score.reading_ease:.0f} sur 100 (Flesch adapté au français, "
            f"{score.words} mots en {score.sentences} phrases) : visez {rules.min_reading_ease:.0f}"
            " ou plus avec des phrases plus courtes et des mots plus simples.",
        )


def _contains_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else " "
        after_index = start + len(word)
        after = text[after_index] if after_index < len(text) else " "
        if not before.isalpha() and not after.isalpha():
            return True
        start = text.find(word, start + 1)
    return False
