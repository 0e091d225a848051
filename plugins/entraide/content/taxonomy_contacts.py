"""The ``public_contacts`` section of ``taxonomy.yml``, read with its line numbers.

Each entry names an organisation (a slug, usually one of ``organisations``)
and lists the numbers and e-mail domains it publishes for everyone, with the
official source that says so::

    public_contacts:
      defenseur-des-droits:
        label: Défenseur des droits
        numbers: ["09 69 39 00 00"]
        domains: [defenseurdesdroits.fr]
        sources: [F14750]

A wrong entry stops everything that reads the taxonomy, with the file and the
line: a public list that silently drops a number would report it on every page.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from entraide.content.personal_data import ContactError, PublicContacts
from entraide.content.personal_data.contacts import parse_public_domain, parse_public_number

SECTION = "public_contacts"
_KEYS = ("label", "numbers", "domains", "sources")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PublicContactsError(ValueError):
    """A broken entry; the message is French and names the file and line."""


def _section(text: str) -> yaml.MappingNode | None:
    root = yaml.compose(text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == SECTION:
            return value if isinstance(value, yaml.MappingNode) else None
    return None


def _strings(node: yaml.Node, where: str) -> list[tuple[str, int]]:
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        raise PublicContactsError(f"{where} : une liste de textes est attendue.")
    return [(str(item.value), item.start_mark.line + 1) for item in node.value]


def load_public_contacts(text: str, path: Path) -> PublicContacts:
    """Every number and domain of the section (none if it is absent)."""
    section = _section(text)
    if section is None:
        if f"\n{SECTION}:" in f"\n{text}":
            raise PublicContactsError(
                f"{path} : « {SECTION} » doit associer à chaque organisme ses numéros et domaines."
            )
        return PublicContacts()
    numbers: list[tuple[str, int]] = []
    domains: list[tuple[str, int]] = []
    for key, body in section.value:
        where = f"{path}:{key.start_mark.line + 1}"
        if not isinstance(body, yaml.MappingNode):
            raise PublicContactsError(
                f"{where} : « {key.value} » doit avoir un « label » et des « numbers » "
                "ou des « domains »."
            )
        fields = {str(k.value): v for k, v in body.value}
        unknown = sorted(set(fields) - set(_KEYS))
        if unknown or "label" not in fields:
            raise PublicContactsError(
                f"{where} : « {key.value} » doit avoir un « label » ; clés permises : "
                + ", ".join(_KEYS)
                + (f" (clé inconnue : {', '.join(unknown)})." if unknown else ".")
            )
        sources: list[tuple[str, int]] = []
        for name, found in (("numbers", numbers), ("domains", domains), ("sources", sources)):
            if name in fields:
                line = fields[name].start_mark.line + 1
                found.extend(_strings(fields[name], f"{path}:{line} ({name})"))
    keys: set[str] = set()
    names: set[str] = set()
    for written, line in numbers:
        try:
            keys.add(parse_public_number(written))
        except ContactError as exc:
            raise PublicContactsError(f"{path}:{line} : {exc}") from exc
    for written, line in domains:
        try:
            names.add(parse_public_domain(written))
        except ContactError as exc:
            raise PublicContactsError(f"{path}:{line} : {exc}") from exc
    return PublicContacts(frozenset(keys), frozenset(names))
