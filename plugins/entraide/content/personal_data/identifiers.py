"""Identifiers with a shape and often a key: NIR, IBAN, RIB, bank card, tax and CAF numbers.

People write them every way: ``fr76 3000-6000.0112…``, ``2 95 10 99 126 111 clé 93``,
``2951 0991 2611 193``, ``2_95_10…``, a RIB in four table cells. Between two
characters of a number the detectors accept a short run of separators (spaces,
``.``, ``-``, ``/``, ``_``), so how it is typed does not matter; what matters
is its key. A number is reported when its key is valid (python-stdnum), and
only two keyless shapes are reported: 13 digits shaped like a NIR (sex,
month, département, commune, order all plausible) and numbers announced as
tax or CAF numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban, luhn
from stdnum.fr import nif, nir

from entraide.content.personal_data.finding import Kind, PersonalData

_SPACE = r"[ \t\u00a0\u202f]"
# Between two characters of one number: a short run of separators, or nothing.
S = rf"(?:{_SPACE}{{0,2}}[./_\-]?{_SPACE}{{0,2}})"
_SEPARATORS = re.compile(r"[\s./_\-|\u00a0\u202f]")
# A number starts where no word or number goes on before it, and ends likewise.
_START = rf"(?<![\w,.])(?<!\d{_SPACE})(?<!\d[./_\-])(?<!\d{_SPACE}{{2}})(?<!\d[./_\-]{_SPACE})"
_END = rf"(?!\w)(?![.,]\d)(?!{_SPACE}?[./_\-]?{_SPACE}?\d)"


def _digits(count: int) -> str:
    return rf"\d(?:{S}\d){{{count - 1}}}"


def compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


_NIR_BODY = (
    rf"[1-478]{S}{_digits(2)}{S}{_digits(2)}{S}(?:{_digits(2)}|2{S}[AaBb])"
    rf"{S}{_digits(3)}{S}{_digits(3)}"
)
# « 2 95 10 99 126 111 clé 93 », « … (clé : 93) »
_ANNOUNCED_KEY = rf"[\s,;:(]{{0,3}}cl[ée]{_SPACE}*:?{_SPACE}*(?P<announced>\d{{2}})\)?"
_NIR = re.compile(
    _START + rf"(?P<body>{_NIR_BODY})" + rf"(?:{S}(?P<key>{_digits(2)})|{_ANNOUNCED_KEY})?" + _END,
    re.I,
)
# Months a NIR may carry: 01-12, and 20, 30-42 or 50-99 for an incomplete civil status.
_NIR_MONTH = re.compile(r"^(?:0[1-9]|1[0-2]|20|3\d|4[0-2]|[5-9]\d)$")
_IBAN = re.compile(rf"(?<![\w])[A-Za-z]{{2}}\d{S}\d(?:{S}[A-Za-z0-9]){{10,30}}")
_RIB_SEP = rf"(?:{_SPACE}*[|./_\-]?{_SPACE}*)"
_RIB = re.compile(
    _START
    + rf"(?P<bank>\d{{5}}){_RIB_SEP}(?P<branch>\d{{5}}){_RIB_SEP}"
    + rf"(?P<account>[A-Za-z0-9]{{11}}){_RIB_SEP}(?P<key>\d{{2}})"
    + _END
)
_CARD = re.compile(_START + rf"[2-6]{S}{_digits(15)}" + _END)
_TAX = re.compile(_START + rf"[0-3]{S}{_digits(12)}" + _END)
_TAX_CONTEXT = re.compile(
    r"(?:(?:num[ée]ro|n°|identifiant)\s*(?:fiscal|d['’]identification\s+fiscale)|\bSPI\b)"
    r"[^\d\n]{0,25}$",
    re.I,
)
_CAF = re.compile(
    r"(?:allocataire|\bn°\s*caf|num[ée]ro\s+caf)[^\d\n]{0,25}?"
    + rf"(?P<number>\d(?:{S}\d){{5,7}})"
    + _END,
    re.I,
)
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def rib_key_is_valid(bank: str, branch: str, account: str, key: str) -> bool:
    """The French RIB key: 97 - (89 × bank + 15 × branch + 3 × account) mod 97.

    python-stdnum checks IBANs but has no RIB module; letters in the account
    number stand for digits (A and J for 1, B, K and S for 2...).
    """
    digits = account.upper().translate(_RIB_LETTERS)
    total = 89 * int(bank) + 15 * int(branch) + 3 * int(digits)
    return 97 - total % 97 == int(key)


def nirs(text: str) -> Iterator[PersonalData]:
    """NIRs with a valid key, after the number or announced (« clé 93 »)."""
    for match in _NIR.finditer(text):
        key = match.group("key") or match.group("announced")
        if key is not None and nir.is_valid(compact(match.group("body")) + compact(key)):
            yield PersonalData(match.start(), match.end(), Kind.NIR, valid_key=True)


def keyless_nirs(text: str) -> Iterator[PersonalData]:
    """13 characters written as a NIR is (in one block or 1 2 2 2 3 3) and shaped like one."""
    for match in _NIR.finditer(text):
        if match.group("key") or match.group("announced"):
            continue
        written = match.group("body")
        groups = [len(group) for group in _SEPARATORS.split(written) if group]
        if groups in ([13], [1, 2, 2, 2, 3, 3]) and _looks_like_a_nir(compact(written)):
            yield PersonalData(match.start(), match.end(), Kind.NIR)


def _looks_like_a_nir(body: str) -> bool:
    """As INSEE builds it: sex 1 or 2, year, month, département, commune, order."""
    return (
        body[0] in "12"
        and bool(_NIR_MONTH.match(body[3:5]))
        and body[5:7] not in ("00", "96")
        and body[7:10] != "000"
        and body[10:13] != "000"
    )


def ibans(text: str) -> Iterator[PersonalData]:
    """IBANs in any case, with any separators; the longest valid prefix is the IBAN."""
    for match in _IBAN.finditer(text):
        positions = [match.start() + i for i, char in enumerate(match.group()) if char.isalnum()]
        value = "".join(text[p] for p in positions).upper()
        for length in range(len(value), 14, -1):
            if iban.is_valid(value[:length]):
                end = positions[length - 1] + 1
                if not text[end : end + 1].isalnum():
                    yield PersonalData(match.start(), end, Kind.IBAN, valid_key=True)
                break


def ribs(text: str) -> Iterator[PersonalData]:
    """French RIBs: bank, branch, account and key, in a line or in table cells."""
    for match in _RIB.finditer(text):
        if rib_key_is_valid(*match.group("bank", "branch", "account", "key")):
            yield PersonalData(match.start(), match.end(), Kind.RIB, valid_key=True)


def cards(text: str) -> Iterator[PersonalData]:
    """16-digit bank card numbers with a valid Luhn key."""
    for match in _CARD.finditer(text):
        if luhn.is_valid(compact(match.group())):
            yield PersonalData(match.start(), match.end(), Kind.CARD, valid_key=True)


def tax_numbers(text: str) -> Iterator[PersonalData]:
    for match in _TAX.finditer(text):
        valid = nif.is_valid(compact(match.group()))
        announced = _TAX_CONTEXT.search(text, max(0, match.start() - 40), match.start())
        if valid or announced:
            yield PersonalData(match.start(), match.end(), Kind.TAX_NUMBER, valid_key=valid)


def caf_numbers(text: str) -> Iterator[PersonalData]:
    lowered = text.lower()
    if "allocataire" not in lowered and "caf" not in lowered:
        return
    for match in _CAF.finditer(text):
        yield PersonalData(match.start("number"), match.end("number"), Kind.CAF_NUMBER)
