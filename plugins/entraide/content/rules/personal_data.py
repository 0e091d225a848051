"""Personal data that must never be published: identifiers, bank details, contacts.

A page is public the moment it is merged, and stays in Git history after it is
fixed. Numbers are only reported when they are what they look like: a NIR or
an IBAN must carry a valid key (checked by python-stdnum), a phone number
must be one a person could own (checked by phonenumbers, so the national
numbers of organisations such as 3230 or 0 809 401 401 stay allowed), so that
dates, amounts, Cerfa numbers, postcodes and fiche identifiers are left alone.

Invented data says so where readers see it: on its own line, between
parentheses ("(numéro fictif)"), or for a whole exercise page in its header
with ``fictitious_data: true``; reviewers then check that nothing in it is real.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban
from stdnum.fr import nif, nir

from entraide.content.problems import Problem, error
from entraide.content.rules.markdown_source import line_at
from entraide.content.rules.page_source import PageSource

FICTITIOUS_KEY = "fictitious_data"

_SEP = "[ \u00a0\u202f.-]"
_START = r"(?<![\w,.*/])(?<!\d[ \u00a0\u202f.-])"
_END = r"(?![\w*]|[,.]\d)"
_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]>\"']+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])")
_RESERVED_DOMAINS = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$", re.I
)
_IBAN = re.compile(
    r"(?<![\w])[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?(?!\w)"
)
_NIR = re.compile(
    _START
    + rf"[1-478](?:{_SEP}?\d\d){{2}}{_SEP}?(?:\d\d|2[AaBb])(?:{_SEP}?\d{{3}}){{2}}{_SEP}?\d\d"
    + _END
)
_TAX = re.compile(_START + rf"[0-3](?:{_SEP}?\d){{12}}" + _END)
_TAX_CONTEXT = re.compile(
    r"(?:(?:num[ée]ro|n°|identifiant)\s*(?:fiscal|d['’]identification\s+fiscale)|\bSPI\b)"
    r"[^\d\n]{0,25}$",
    re.I,
)
_CAF = re.compile(
    r"(?:allocataire|\bn°\s*caf|num[ée]ro\s+caf)[^\d\n]{0,25}?"
    + rf"(?P<number>\d(?:{_SEP}?\d){{5,7}})"
    + _END,
    re.I,
)
_NINE_DIGITS = re.compile(r"\d(?:\D{0,3}\d){8}")
# Numbers organisations publish for everyone (free or shared-cost lines) are not personal.
_ORGANISATION_LINES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UAN,
}

_HOW_TO_FIX = (
    "Ne publiez jamais de données personnelles, même en exemple : supprimez cette donnée "
    "ou remplacez-la par un modèle ({model}). Si elle est inventée, dites-le aux lecteurs "
    "sur la même ligne, entre parenthèses (« (numéro fictif) »), ou, pour toute une page "
    f"d'exercice, ajoutez « {FICTITIOUS_KEY}: true » dans l'en-tête (voir CONTRIBUTING.md)."
)
# "(numéro fictif)", "(données fictives)": the reader is told, on the line itself.
_FICTITIOUS_NOTE = re.compile(r"\([^()\n]*\bficti(?:f|ve)s?\b[^()\n]*\)", re.I)


@dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    code: str
    what: str
    model: str


def _compact(value: str) -> str:
    return re.sub(_SEP, "", value).upper()


def _emails(text: str) -> Iterator[_Finding]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        domain = match.group().rsplit("@", 1)[1]
        if not _RESERVED_DOMAINS.search(domain):
            yield _Finding(
                match.start(),
                match.end(),
                "personal-data-email",
                "une adresse e-mail",
                "« prenom.nom@example.org »",
            )


def _ibans(text: str) -> Iterator[_Finding]:
    for match in _IBAN.finditer(text):
        value = match.group()
        candidates = [value, value.rsplit(None, 1)[0]] if " " in value else [value]
        if any(iban.is_valid(candidate) for candidate in candidates):
            yield _Finding(
                match.start(),
                match.end(),
                "personal-data-iban",
                "un IBAN valide (coordonnées bancaires)",
                "« FR76 XXXX XXXX XXXX XXXX XXXX XXX »",
            )


def _nirs(text: str) -> Iterator[_Finding]:
    for match in _NIR.finditer(text):
        if nir.is_valid(_compact(match.group())):
            yield _Finding(
                match.start(),
                match.end(),
                "personal-data-nir",
                "un numéro de sécurité sociale (NIR) avec une clé valide",
                "« 1 XX XX XX XXX XXX XX »",
            )


def _tax_numbers(text: str) -> Iterator[_Finding]:
    for match in _TAX.finditer(text):
        announced = _TAX_CONTEXT.search(text, max(0, match.start() - 40), match.start())
        if announced or nif.is_valid(_compact(match.group())):
            yield _Finding(
                match.start(),
                match.end(),
                "personal-data-tax-number",
                "un numéro fiscal",
                "« XX XX XXX XXX XXX »",
            )


def _caf_numbers(text: str) -> Iterator[_Finding]:
    lowered = text.lower()
    if "allocataire" not in lowered and "caf" not in lowered:
        return
    for match in _CAF.finditer(text):
        yield _Finding(
            match.start("number"),
            match.end("number"),
            "personal-data-caf-number",
            "un numéro d'allocataire CAF",
            "« XXXXXXX »",
        )


def _phones(text: str) -> Iterator[_Finding]:
    """Numbers a person could own, looked for only on lines holding nine digits or more.

    The matcher tries every group of digits it meets, which is most of the cost
    of the whole check; a phone number never has fewer than nine digits.
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        if _NINE_DIGITS.search(line):
            yield from _phones_in(line, offset)
        offset += len(line)


def _phones_in(line: str, offset: int) -> Iterator[_Finding]:
    matcher = phonenumbers.PhoneNumberMatcher(line, "FR", leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        if phonenumbers.number_type(match.number) in _ORGANISATION_LINES:
            continue
        yield _Finding(
            offset + match.start,
            offset + match.end,
            "personal-data-phone",
            "un numéro de téléphone",
            "« 06 XX XX XX XX » ; pour un organisme, son numéro national comme 3230 ou 39 49",
        )


# Most specific first: a NIR also looks like a phone number to a lenient eye.
_DETECTORS: tuple[Callable[[str], Iterator[_Finding]], ...] = (
    _emails,
    _ibans,
    _nirs,
    _tax_numbers,
    _caf_numbers,
    _phones,
)


def _without_urls(text: str) -> str:
    return _URL.sub(lambda m: " " * len(m.group()), text)


def _shown(value: str) -> str:
    """Enough of the value to find it, not enough to copy it into a CI log."""
    visible = max(2, len(value) // 4)
    return value[:visible] + "…"


def check_personal_data(source: PageSource) -> Iterator[Problem]:
    if source.meta(FICTITIOUS_KEY) is True:
        return
    text = _without_urls(source.text)
    # Every detector but the e-mail and CAF ones needs nine digits close together;
    # most pages have none, and the search is far cheaper than the detectors.
    detectors = _DETECTORS if _NINE_DIGITS.search(text) else (_emails, _caf_numbers)
    taken: list[tuple[int, int]] = []
    findings: list[_Finding] = []
    for detector in detectors:
        for finding in detector(text):
            if any(finding.start < end and start < finding.end for start, end in taken):
                continue
            taken.append((finding.start, finding.end))
            findings.append(finding)
    for finding in sorted(findings, key=lambda f: f.start):
        line_start = text.rfind("\n", 0, finding.start) + 1
        line_end = text.find("\n", finding.end)
        if _FICTITIOUS_NOTE.search(text, line_start, line_end if line_end >= 0 else len(text)):
            continue
        value = text[finding.start : finding.end]
        yield error(
            source.display,
            line_at(text, finding.start),
            finding.code,
            f"la page contient {finding.what} (« {_shown(value)} »). "
            + _HOW_TO_FIX.format(model=finding.model),
        )
