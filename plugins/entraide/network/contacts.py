"""The local directory, « qui appeler » : professional contacts a network publishes on purpose.

Contacts are structured data, not prose in pages, so the site can list them
by organisation and by theme, show them on the shared procedures of their
organisation, and say when each one is due for a new check. Because they are
published on purpose, their professional numbers and addresses are allowed
here, while the personal-data rules still refuse them in a page's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from entraide.content.frontmatter import FrontMatter
from entraide.content.personal_data import ContactError, PublicContacts
from entraide.content.personal_data.contacts import parse_public_domain, parse_public_number
from entraide.content.problems import Problem, error, warning
from entraide.content.review import PERIOD_HINT, parse_period
from entraide.content.taxonomy import Taxonomy
from entraide.network.config import NetworkConfigError, read_yaml
from entraide.network.layout import CONTACTS_FILE

DEFAULT_REVIEW = "1 an"
# How messages name the file: it belongs to the network's side of the site.
CONTACTS_SHOWN = f"local : {CONTACTS_FILE}"
ROLES: dict[str, str] = {
    "referent-partenaire": "Référent partenaire",
    "conseiller": "Conseiller ou conseillère",
    "permanence": "Permanence",
}
_TEXT_KEYS = ("structure", "service", "phone", "email", "address", "hours", "how_to_reach")
_KNOWN = {
    *_TEXT_KEYS,
    "role",
    "organisations",
    "themes",
    "public",
    "verified_on",
    "review_in",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


@dataclass(frozen=True)
class Contact:
    """One professional line: who, for which organisation, how to reach them."""

    structure: str
    service: str
    role: str
    organisations: tuple[str, ...]
    themes: tuple[str, ...]
    phone: str
    email: str
    address: str
    hours: str
    how_to_reach: str
    public: str
    verified_on: date | None
    review_in: str
    line: int

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def name(self) -> str:
        return f"{self.structure} — {self.service}" if self.service else self.structure

    def due_on(self) -> date | None:
        period = parse_period(self.review_in)
        return period.after(self.verified_on) if period and self.verified_on else None

    def is_due(self, today: date, within_days: int = 0) -> bool:
        due = self.due_on()
        return due is None or (due - today).days <= within_days


@dataclass(frozen=True)
class Directory:
    contacts: tuple[Contact, ...]
    problems: tuple[Problem, ...]

    @property
    def public_contacts(self) -> PublicContacts:
        """The professional lines and service domains the network publishes on purpose.

        Added to the taxonomy's public contacts, so that a page may quote the CAF
        referent's line while any other mobile number or address is still refused.
        """
        return PublicContacts.of(
            (c.phone for c in self.contacts if c.phone),
            (c.email.rpartition("@")[2] for c in self.contacts if c.email),
            allow_mobile=True,
        )

    def for_organisations(self, organisations: Iterable[str]) -> list[Contact]:
        wanted = set(organisations)
        return [c for c in self.contacts if wanted & set(c.organisations)]


def contact_text(contact: Contact) -> str:
    """One line for people: who, where in the file, since when, until when."""
    due = contact.due_on()
    verified = contact.verified_on.isoformat() if contact.verified_on else "jamais"
    until = f", à revoir le {due.isoformat()}" if due else ""
    return f"{contact.name} ({CONTACTS_SHOWN}:{contact.line}) : vérifié le {verified}{until}"


def contact_json(contact: Contact) -> dict[str, object]:
    due = contact.due_on()
    return {
        "path": CONTACTS_FILE,
        "line": contact.line,
        "name": contact.name,
        "organisations": list(contact.organisations),
        "verified_on": contact.verified_on.isoformat() if contact.verified_on else None,
        "due": due.isoformat() if due else None,
    }


def _list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return ()


def _contact(
    raw: Mapping[str, Any], index: int, parsed: FrontMatter, taxonomy: Taxonomy
) -> tuple[Contact | None, list[Problem]]:
    problems: list[Problem] = []

    def line(*key: str) -> int:
        return parsed.line_of(("contacts", index, *key))

    for key in raw:
        if key not in _KNOWN:
            problems.append(
                error(
                    CONTACTS_SHOWN,
                    line(str(key)),
                    "contact-key",
                    f"clé « {key} » inconnue ; clés possibles : {', '.join(sorted(_KNOWN))}.",
                )
            )
    text = {key: str(raw.get(key) or "").strip() for key in _TEXT_KEYS}
    if not text["structure"]:
        problems.append(
            error(
                CONTACTS_SHOWN,
                line(),
                "contact-structure",
                "chaque contact nomme sa structure "
                "(structure: « CAF du Gard », « CCAS de Nîmes »).",
            )
        )
    if not (text["phone"] or text["email"] or text["address"]):
        problems.append(
            error(
                CONTACTS_SHOWN,
                line(),
                "contact-reach",
                "donnez au moins un moyen de joindre ce contact : phone, email ou address.",
            )
        )
    if text["email"]:
        try:
            if not _EMAIL.match(text["email"]):
                raise ContactError(f"« {text['email']} » n'est pas une adresse e-mail.")
            parse_public_domain(text["email"].rpartition("@")[2])
        except ContactError as exc:
            problems.append(
                error(
                    CONTACTS_SHOWN,
                    line("email"),
                    "contact-email",
                    f"{exc} Donnez l'adresse de service de la structure (accueil@…, "
                    "partenaires@…), jamais une adresse personnelle.",
                )
            )
    if text["phone"]:
        try:
            parse_public_number(text["phone"], allow_mobile=True)
        except ContactError as exc:
            problems.append(
                error(
                    CONTACTS_SHOWN,
                    line("phone"),
                    "contact-phone",
                    f"{exc} Écrivez-le comme sur une carte de visite (04 66 00 00 00).",
                )
            )
    role = str(raw.get("role") or "").strip()
    if role not in ROLES:
        problems.append(
            error(
                CONTACTS_SHOWN,
                line("role"),
                "contact-role",
                f"rôle « {role} » inconnu ; rôles possibles : {', '.join(ROLES)}.",
            )
        )
    organisations = _list(raw.get("organisations"))
    themes = _list(raw.get("themes"))
    for key, values in (("organisations", organisations), ("themes", themes)):
        for slug in values:
            if slug not in taxonomy.facet(key):
                problems.append(
                    error(
                        CONTACTS_SHOWN,
                        line(key),
                        "contact-taxonomy",
                        f"« {slug} » n'est pas une valeur de « {key} » de la taxonomie (partagée "
                        f"ou locale) ; ajoutez-la dans taxonomie-locale.yml ou corrigez-la.",
                    )
                )
    if not organisations:
        problems.append(
            error(
                CONTACTS_SHOWN,
                line(),
                "contact-organisation",
                "donnez l'organisme de ce contact (organisations: [caf]) : c'est ce qui le "
                "fait apparaître sur les procédures de cet organisme.",
            )
        )
    verified = raw.get("verified_on")
    if not isinstance(verified, date):
        problems.append(
            error(
                CONTACTS_SHOWN,
                line("verified_on"),
                "contact-verified",
                "donnez la date de la dernière vérification de ce contact, au format AAAA-MM-JJ "
                "(verified_on: 2026-11-30).",
            )
        )
        verified = None
    review_in = str(raw.get("review_in") or DEFAULT_REVIEW)
    if parse_period(review_in) is None:
        problems.append(
            error(
                CONTACTS_SHOWN,
                line("review_in"),
                "contact-review",
                f"durée « {review_in} » illisible : {PERIOD_HINT}.",
            )
        )
    if any(p.is_error for p in problems):
        return None, problems
    return (
        Contact(
            structure=text["structure"],
            service=text["service"],
            role=role,
            organisations=organisations,
            themes=themes,
            phone=text["phone"],
            email=text["email"],
            address=text["address"],
            hours=text["hours"],
            how_to_reach=text["how_to_reach"],
            public=str(raw.get("public") or "").strip(),
            verified_on=verified,
            review_in=review_in,
            line=line(),
        ),
        problems,
    )


def load_contacts(root: Path, taxonomy: Taxonomy, today: date | None = None) -> Directory:
    """Every valid contact, and a French problem (file and line) for each invalid one."""
    path = root / CONTACTS_FILE
    if not path.is_file():
        return Directory((), ())
    try:
        parsed = read_yaml(path, CONTACTS_FILE)
    except NetworkConfigError as exc:
        shown, _, message = str(exc).partition(": ")
        _, _, number = shown.partition(":")
        line = int(number) if number.strip().isdigit() else 1
        return Directory((), (error(CONTACTS_SHOWN, line, "contacts-yaml", message),))
    listed = parsed.data.get("contacts")
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        problem = error(
            CONTACTS_SHOWN,
            parsed.line_of(("contacts",)),
            "contacts-list",
            "« contacts » doit être une liste : chaque contact commence par « - structure: ».",
        )
        return Directory((), (problem,))
    contacts: list[Contact] = []
    problems: list[Problem] = []
    for index, raw in enumerate(listed):
        if not isinstance(raw, Mapping):
            problems.append(
                error(
                    CONTACTS_SHOWN,
                    parsed.line_of(("contacts", index)),
                    "contacts-list",
                    "chaque contact est une suite de lignes « clé: valeur » sous « - ».",
                )
            )
            continue
        contact, found = _contact(raw, index, parsed, taxonomy)
        problems.extend(found)
        if contact is not None:
            contacts.append(contact)
            if today is not None and contact.is_due(today):
                problems.append(
                    warning(
                        CONTACTS_SHOWN,
                        contact.line,
                        "contact-review-due",
                        f"le contact « {contact.name} » est à revérifier (vérifié le "
                        f"{contact.verified_on}, à revoir tous les {contact.review_in}) : "
                        "appelez-le, puis mettez verified_on à la date du jour.",
                    )
                )
    return Directory(tuple(contacts), tuple(problems))
