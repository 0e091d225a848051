"""Every piece of personal data in a text, once, with what the text says about it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from entraide.content.personal_data import emails, identifiers, links, phones
from entraide.content.personal_data.contacts import NO_PUBLIC_CONTACTS, PublicContacts
from entraide.content.personal_data.decoding import decode
from entraide.content.personal_data.finding import PersonalData

FICTITIOUS_MARKER = "(numéro fictif)"
# The marker right after the number it vouches for (spaces and closing emphasis allowed).
_MARKER_AFTER = re.compile(r"[\s*_`»\"'\u00a0\u202f]*" + re.escape(FICTITIOUS_MARKER))
_NINE_DIGITS = re.compile(r"\d(?:\D{0,3}\d){8}")

Detector = Callable[[str], Iterator[PersonalData]]


# A run of 13 digits with short separators (or a Corsican NIR's 2A/2B): every NIR,
# RIB, card or tax number has one.
_LONG_NUMBER = re.compile(r"\d(?:[ \t\u00a0\u202f./_\-|]{0,5}[\dABab]){12}")


def _on_long_number_lines(detector: Detector) -> Detector:
    """Run ``detector`` only on the lines that hold a long number: few lines do, and the
    detectors' patterns, which accept any separator between digits, are costly."""

    def detect(text: str) -> Iterator[PersonalData]:
        offset = 0
        for line in text.splitlines(keepends=True):
            if _LONG_NUMBER.search(line):
                for found in detector(line):
                    yield replace(found, start=found.start + offset, end=found.end + offset)
            offset += len(line)

    return detect


# Identifiers with a shape, most specific first: a NIR also looks like a phone number.
_IDENTIFIERS: tuple[Detector, ...] = (
    _on_long_number_lines(identifiers.nirs),
    identifiers.ibans,
    _on_long_number_lines(identifiers.ribs),
    _on_long_number_lines(identifiers.cards),
    _on_long_number_lines(identifiers.tax_numbers),
    _on_long_number_lines(identifiers.keyless_nirs),
)


def _detectors(public: PublicContacts, digits: bool) -> tuple[Detector, ...]:
    """Every detector but the e-mail and CAF ones needs nine digits close together;
    most pages have none, and looking for them is far cheaper than the detectors."""
    numbers: tuple[Detector, ...] = (identifiers.caf_numbers,)
    if digits:
        numbers = (*_IDENTIFIERS, identifiers.caf_numbers, partial(phones.phones, public=public))
    return (
        partial(emails.emails, public=public),
        *numbers,
        partial(emails.disguised_emails, public=public),
    )


def _vouched_for(text: str, finding: PersonalData, fictitious_page: bool) -> bool:
    """Whether the text declares this datum invented, in a way we accept.

    A number with a valid key is never accepted as invented: it may be a real
    person's, and an invented one can always be given a wrong key. Otherwise the
    exact marker « (numéro fictif) » right after it suffices, and a page
    declared fictitious covers everything but private mobiles, which need the
    marker each time (they are the numbers most often pasted from a real file).
    """
    if finding.valid_key:
        return False
    if _MARKER_AFTER.match(text, finding.end):
        return True
    return fictitious_page and not finding.mobile


def find_personal_data(
    text: str,
    public: PublicContacts = NO_PUBLIC_CONTACTS,
    *,
    fictitious_page: bool = False,
) -> list[PersonalData]:
    """The personal data a reader of ``text`` would see, sorted, offsets into ``text``.

    ``public``: numbers and e-mail domains anyone may publish (the taxonomy's
    public contacts, plus a network's own contacts on its contacts page).
    ``fictitious_page``: the whole text is declared invented (an exercise), which
    does not cover numbers with a valid key nor private mobiles.
    """
    decoded = decode(text)
    view = decoded.text
    web_links = list(links.WEB_LINK.finditer(view))
    readable = links.without_web_links(view, web_links)
    findings: list[PersonalData] = []
    taken: list[tuple[int, int]] = []
    sources: list[Iterator[PersonalData]] = [links.web_link_findings(web_links, public)]
    sources.extend(
        detector(readable) for detector in _detectors(public, bool(_NINE_DIGITS.search(readable)))
    )
    for source in sources:
        for finding in source:
            if any(finding.start < end and start < finding.end for start, end in taken):
                continue
            taken.append((finding.start, finding.end))
            start, end = decoded.source_span(finding.start, finding.end)
            located = replace(finding, start=start, end=end)
            if not _vouched_for(text, located, fictitious_page):
                findings.append(located)
    return sorted(findings, key=lambda f: f.start)
