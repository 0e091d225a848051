"""Identifiers that look real and can never belong to anyone: invalid by construction.

A practice household needs a NIR, an IBAN, a phone number, a tax number so that
people learn where to find them on a paper and how to type them. Each one here
breaks the rule that makes a real one valid (a NIR key that does not check, an
IBAN that fails its checksum, a tax number whose key is wrong), and phone numbers
come from the blocks ARCEP keeps for fiction, which are never assigned. The
personal-data rules of ``entraide check`` then pass them for that reason alone.
"""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.fr import nif, nir, siret

# ARCEP's blocks for audiovisual fiction: 10,000 numbers each, never assigned.
FICTION_PHONE_BLOCKS = ("0199 00", "0261 91", "0353 01", "0465 71", "0536 49", "0639 98")
_PREFIXES = tuple(block.replace(" ", "") for block in FICTION_PHONE_BLOCKS)
_SEPARATORS = re.compile(r"[ \u00a0\u202f.-]")


def compact(value: str) -> str:
    """The identifier without spaces, dots or dashes, upper case."""
    return _SEPARATORS.sub("", value).upper()


def is_fiction_phone(value: str) -> bool:
    """A French number (``06 39 98 12 34`` or ``+33 6 39 98 12 34``) in a fiction block."""
    digits = compact(value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    return len(digits) == 10 and digits.isdigit() and digits.startswith(_PREFIXES)


def is_invalid_nir(value: str) -> bool:
    """15 characters shaped like a NIR whose key does not check."""
    number = compact(value)
    return len(number) == 15 and not nir.is_valid(number)


def is_invalid_iban(value: str) -> bool:
    """Shaped like an IBAN (country, two digits, the rest) but failing its checksum."""
    number = compact(value)
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", number)) and not iban.is_valid(number)


def is_invalid_tax_number(value: str) -> bool:
    """13 digits (numéro fiscal) whose last three are not the key of the first ten."""
    number = compact(value)
    return len(number) == 13 and number.isdigit() and not nif.is_valid(number)


def is_invalid_siret(value: str) -> bool:
    """14 digits (an employer's SIRET) failing the Luhn key: no real company has it."""
    number = compact(value)
    return len(number) == 14 and number.isdigit() and not siret.is_valid(number)
