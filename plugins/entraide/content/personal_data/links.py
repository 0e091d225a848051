"""Contacts hidden in links: ``https://wa.me/33612345678``, ``?phone=…``, an address in a query.

Web links are otherwise left alone (a Légifrance identifier or a tracking
number in a path is not a phone number), so the other detectors read the text
with every web link blanked out; ``tel:``, ``sms:`` and ``mailto:`` links are
not blanked, and their numbers and addresses are read like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from entraide.content.personal_data.contacts import DEFAULT_REGION, PublicContacts
from entraide.content.personal_data.emails import EMAIL, is_allowed_domain
from entraide.content.personal_data.finding import Kind, PersonalData
from entraide.content.personal_data.phones import phone_finding

WEB_LINK = re.compile(r"\b(?:https?://|www\.)[^\s)\]>\"']+", re.I)
_MESSAGING = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:wa\.me/|api\.whatsapp\.com/send/?\?(?:.*&)?phone=|"
    r"t\.me/|signal\.me/#p/)(?P<number>\+?[\d\s.-]{8,20})",
    re.I,
)
_PHONE_PARAMETER = re.compile(
    r"[?&#](?:phone|tel|telephone|mobile|numero|number|to)=(?P<number>\+?[\d\s.-]{8,20})", re.I
)


def _link_phone(link: str, start: int, public: PublicContacts) -> Iterator[PersonalData]:
    for pattern in (_MESSAGING, _PHONE_PARAMETER):
        for match in pattern.finditer(link):
            written = match.group("number").strip()
            # wa.me and most messaging links write the country code without "+".
            candidate = written if written.startswith(("+", "0")) else "+" + written
            try:
                number = phonenumbers.parse(candidate, DEFAULT_REGION)
            except phonenumbers.NumberParseException:
                continue
            found = phone_finding(
                number, start + match.start("number"), start + match.end("number"), public
            )
            if found:
                yield found


def web_link_findings(links: list[re.Match[str]], public: PublicContacts) -> Iterator[PersonalData]:
    """Phones of messaging links and phone parameters, and e-mail addresses in web links."""
    for link in links:
        yield from _link_phone(link.group(), link.start(), public)
        if "@" in link.group():
            for address in EMAIL.finditer(link.group()):
                if not is_allowed_domain(address.group().rsplit("@", 1)[1], public):
                    yield PersonalData(
                        link.start() + address.start(), link.start() + address.end(), Kind.EMAIL
                    )


def without_web_links(text: str, links: list[re.Match[str]]) -> str:
    """The text with ``links`` (found by :data:`WEB_LINK`) blanked, offsets unchanged."""
    if not links:
        return text
    parts = []
    position = 0
    for link in links:
        parts += [text[position : link.start()], " " * (link.end() - link.start())]
        position = link.end()
    parts.append(text[position:])
    return "".join(parts)
