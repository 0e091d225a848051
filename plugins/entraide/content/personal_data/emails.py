"""E-mail addresses, written plainly or disguised (« [at] », « (at) », « arobase »)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from entraide.content.personal_data.contacts import PublicContacts
from entraide.content.personal_data.finding import Kind, PersonalData

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])")
_RESERVED_DOMAINS = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$", re.I
)
_AT = r"(?:\s*[\[({]\s*(?:at|arobase|@)\s*[\])}]\s*|\s+arobase\s+)"
_DOT = r"(?:\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*|\s+point\s+|\.)"
_DISGUISED = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w.+-]+){_AT}(?P<domain>[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,}})(?![\w-])",
    re.I,
)
_DOMAIN_DOT = re.compile(_DOT, re.I)
# What every disguise holds; most texts have none, and the full pattern is costly.
_DISGUISE = re.compile(r"[\[({]\s*(?:at|arobase|@)\s*[\])}]|\barobase\b", re.I)


def is_allowed_domain(domain: str, public: PublicContacts) -> bool:
    return bool(_RESERVED_DOMAINS.search(domain)) or public.has_domain(domain)


def emails(text: str, public: PublicContacts) -> Iterator[PersonalData]:
    if "@" not in text:
        return
    for match in EMAIL.finditer(text):
        if not is_allowed_domain(match.group().rsplit("@", 1)[1], public):
            yield PersonalData(match.start(), match.end(), Kind.EMAIL)


def disguised_emails(text: str, public: PublicContacts) -> Iterator[PersonalData]:
    """Warnings only: « écrivez "arobase" puis le domaine » is also how people teach e-mail."""
    if not _DISGUISE.search(text):
        return
    for match in _DISGUISED.finditer(text):
        domain = _DOMAIN_DOT.sub(".", match.group("domain"))
        if not is_allowed_domain(domain, public):
            yield PersonalData(match.start(), match.end(), Kind.DISGUISED_EMAIL, certain=False)
