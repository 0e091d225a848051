"""Contacts organisations publish for everyone: not personal data, whatever their shape.

A page telling people to call the Défenseur des droits on 09 69 39 00 00, or
ameli from abroad on +33 1 84 90 36 46, must not be refused: refusing it
teaches contributors to add « (numéro fictif) » next to a real number. The
shared list lives in ``taxonomy.yml`` (``public_contacts``); a network's
contacts file can add its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "FR"
_SHORT_NUMBER = re.compile(r"^\d{4}$")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


class ContactError(ValueError):
    """A number or domain that cannot be listed as public; the message is French."""


def phone_key(number: phonenumbers.PhoneNumber) -> str:
    """One spelling per number (E.164), however it was written."""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    return (
        phonenumbers.number_type(number)
        in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        and number.country_code == 33
    )


def parse_public_number(written: str, *, allow_mobile: bool = False) -> str:
    """The key of a public number as written in a contacts list; raise :class:`ContactError`.

    Short numbers (3646, 39 49) are kept as their digits: they are never
    reported anyway, but listing them documents the organisation.
    """
    digits = re.sub(r"[\s.\-\u00a0\u202f]", "", written)
    if _SHORT_NUMBER.match(digits):
        return digits
    try:
        number = phonenumbers.parse(written, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ContactError(f"« {written} » n'est pas un numéro de téléphone.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ContactError(f"« {written} » n'est pas un numéro de téléphone valide.")
    if is_mobile(number) and not allow_mobile:
        raise ContactError(
            f"« {written} » est un numéro de mobile : un organisme publie un numéro fixe, "
            "court ou de service, pas un mobile. Un mobile professionnel a sa place dans "
            "le fichier de contacts d'un réseau, pas dans la liste des contacts publics."
        )
    return phone_key(number)


# Addresses at these domains belong to people, never to an organisation.
PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.fr",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "icloud.com",
        "me.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "bbox.fr",
        "laposte.net",
        "aol.com",
        "gmx.fr",
        "gmx.com",
        "protonmail.com",
        "proton.me",
    }
)


def parse_public_domain(written: str) -> str:
    """The domain, lower-cased; raise :class:`ContactError` for webmail or malformed ones."""
    domain = written.strip().lower().removeprefix("@")
    if not _DOMAIN.match(domain):
        raise ContactError(f"« {written} » n'est pas un nom de domaine (exemple : caf.fr).")
    if domain in PERSONAL_MAIL_DOMAINS:
        raise ContactError(
            f"« {written} » est une messagerie de particuliers : ses adresses appartiennent "
            "à des personnes, pas à un organisme."
        )
    return domain


@dataclass(frozen=True)
class PublicContacts:
    """Numbers (E.164 keys or short digits) and e-mail domains anyone may publish."""

    numbers: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, numbers: Iterable[str] = (), domains: Iterable[str] = (), *, allow_mobile: bool = False
    ) -> PublicContacts:
        """From numbers and domains as people write them; raise :class:`ContactError`.

        ``allow_mobile``: a network's contacts page lists professional mobiles of
        named referents, which the shared list refuses.
        """
        return cls(
            frozenset(parse_public_number(n, allow_mobile=allow_mobile) for n in numbers),
            frozenset(parse_public_domain(d) for d in domains),
        )

    def __or__(self, other: PublicContacts) -> PublicContacts:
        return PublicContacts(self.numbers | other.numbers, self.domains | other.domains)

    def has_number(self, number: phonenumbers.PhoneNumber) -> bool:
        return phone_key(number) in self.numbers

    def has_domain(self, domain: str) -> bool:
        """The domain or one of its parents is listed (``caf.fr`` covers ``mail.caf.fr``)."""
        labels = domain.lower().split(".")
        return any(".".join(labels[i:]) in self.domains for i in range(len(labels) - 1))


NO_PUBLIC_CONTACTS = PublicContacts()
