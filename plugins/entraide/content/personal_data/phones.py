"""Phone numbers a person could own, as phonenumbers reads them.

Generic public formats, decided once (CONTRIBUTING.md says the same):

- short numbers (30 xx, 31 xx, 32 xx, 36 xx, 39 xx: 3230, 3646, 39 49) are
  never a person's; phonenumbers does not even match them as numbers;
- 08 numbers are service lines (free 08 00 to 08 05, shared cost and premium
  above): phonenumbers types them TOLL_FREE, SHARED_COST or PREMIUM_RATE;
- 09 69 numbers are non-premium customer-service lines sold to organisations
  (CAF-style « numéro non surtaxé »), never a home box's number; other 09
  numbers are home boxes as well as organisations, so only listed ones pass;
- every other number, geographic (01 to 05) or mobile (06, 07), passes only if
  listed in the public contacts (``taxonomy.yml`` or a network's contacts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from entraide.content.personal_data.contacts import DEFAULT_REGION, PublicContacts, is_mobile
from entraide.content.personal_data.finding import Kind, PersonalData

_ORGANISATION_LINES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)
_SERVICE_PREFIXES = ("969",)
_NINE_DIGITS = re.compile(r"\d(?:\D{0,3}\d){8}")
# "06/12/34/56/78", "06_12_34_56_78": separators phonenumbers does not read.
_UNREAD_SEPARATOR = re.compile(r"(?<=\d)[/_](?=\d)")


def is_public(number: phonenumbers.PhoneNumber, public: PublicContacts) -> bool:
    if public.has_number(number):
        return True
    if phonenumbers.number_type(number) in _ORGANISATION_LINES:
        return True
    national = str(number.national_number)
    return number.country_code == 33 and national.startswith(_SERVICE_PREFIXES)


def phone_finding(
    number: phonenumbers.PhoneNumber, start: int, end: int, public: PublicContacts
) -> PersonalData | None:
    """The finding for a number read at ``start:end``, or None if anyone may publish it."""
    if not phonenumbers.is_valid_number(number) or is_public(number, public):
        return None
    return PersonalData(start, end, Kind.PHONE, mobile=is_mobile(number))


def phones(text: str, public: PublicContacts) -> Iterator[PersonalData]:
    """Only lines with nine digits close together are given to the matcher.

    The matcher tries every group of digits it meets, which is most of the cost
    of the whole check; a phone number never has fewer than nine digits.
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        if _NINE_DIGITS.search(line):
            readable = _UNREAD_SEPARATOR.sub(" ", line)
            matcher = phonenumbers.PhoneNumberMatcher(
                readable, DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID
            )
            for match in matcher:
                start, end = offset + match.start, offset + match.end
                found = phone_finding(match.number, start, end, public)
                if found:
                    yield found
        offset += len(line)
