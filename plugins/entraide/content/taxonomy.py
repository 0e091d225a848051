"""The taxonomy: every value a page may use, read from ``taxonomy.yml``.

Values live in one YAML file at the repository root rather than in Python so
that a coordinator can add an organisation or a theme without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from entraide.content.personal_data import NO_PUBLIC_CONTACTS, PublicContacts
from entraide.content.taxonomy_contacts import PublicContactsError, load_public_contacts
from entraide.handouts.rules import HandoutRules, HandoutRulesError, handout_rules

TAXONOMY_FILENAME = "taxonomy.yml"

# Front-matter keys whose values are slugs of the taxonomy, with the taxonomy
# section that lists them. ``type`` is a single slug, the others are lists.
LIST_FACETS: dict[str, str] = {
    "mediation": "mediation",
    "themes": "themes",
    "organisations": "organisations",
    "publics": "publics",
}


class TaxonomyError(Exception):
    """The taxonomy file itself is unusable; the message is French and names the file."""


@dataclass(frozen=True)
class Term:
    """One value of the taxonomy: a slug with what people read for it.

    ``extra`` keeps the value's other keys as written (an organisation's ``url``,
    a theme's ``family``); no code depends on them yet.
    """

    slug: str
    label: str
    explanation: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PageType(Term):
    plural: str = ""
    folder: str = ""
    required_keys: tuple[str, ...] = ()
    required_sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Posture(Term):
    short: str = ""
    badge: str = ""
    icon: str = ""
    track: str = ""


@dataclass(frozen=True)
class ReferenceRule:
    """A rule of practice written once, in its reference page (``docs/cadre/…``).

    ``phrases`` are wordings that show a page restating the rule instead of
    linking to it; ``page`` is the reference page's path relative to docs.
    """

    slug: str
    label: str
    page: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """Compared by identity, so validators built from it can be cached per taxonomy."""

    path: Path
    types: Mapping[str, PageType]
    mediation: Mapping[str, Posture]
    themes: Mapping[str, Term]
    organisations: Mapping[str, Term]
    publics: Mapping[str, Term]
    acronyms: Mapping[str, str]
    synonyms: tuple[tuple[str, ...], ...]
    reference_rules: tuple[ReferenceRule, ...] = ()
    glossary: Mapping[str, str] = field(default_factory=dict)
    handouts: HandoutRules = field(default_factory=HandoutRules)
    # Numbers and e-mail domains organisations publish: never personal data.
    public_contacts: PublicContacts = NO_PUBLIC_CONTACTS

    def facet(self, key: str) -> Mapping[str, Term]:
        """The terms allowed for a front-matter key (``type``, ``mediation``...)."""
        section = "types" if key == "type" else LIST_FACETS[key]
        terms: Mapping[str, Term] = getattr(self, section)
        return terms

    @property
    def content_folders(self) -> dict[str, str]:
        """Folder under ``docs/`` -> page type whose pages live there."""
        return {t.folder: slug for slug, t in self.types.items() if t.folder}

    def label(self, key: str, slug: str) -> str:
        term = self.facet(key).get(slug)
        return term.label if term else slug

    def heading(self, key: str, slug: str) -> str:
        """The title of a group of pages under one value: plural for page types."""
        term = self.facet(key)[slug]
        return term.plural if isinstance(term, PageType) else term.label


# Labels are written into listing pages' Markdown and HTML: plain text only, never
# tags (``<…>``) nor attribute lists (``{: …}``).
_TEXT_FIELDS = ("label", "explanation", "plural", "short", "badge", "track")
_MARKUP = re.compile(r"[<>{}]")


def _terms(raw: Mapping[str, Any], section: str, path: Path) -> dict[str, dict[str, Any]]:
    value = raw.get(section) or {}
    if not isinstance(value, Mapping):
        raise TaxonomyError(f"{path} : la section « {section} » doit être une liste de clés.")
    terms: dict[str, dict[str, Any]] = {}
    for slug, body in value.items():
        body = body or {}
        if not isinstance(body, Mapping) or "label" not in body:
            raise TaxonomyError(
                f"{path} : la valeur « {slug} » de « {section} » doit avoir un « label »."
            )
        for key in _TEXT_FIELDS:
            text = body.get(key)
            if isinstance(text, str) and _MARKUP.search(text):
                raise TaxonomyError(
                    f"{path} : « {key} » de la valeur « {slug} » de « {section} » contient "
                    "« < », « > », « { » ou « } » : le site l'afficherait comme du code sur les "
                    "pages de listes. Écrivez du texte simple."
                )
        terms[str(slug)] = dict(body)
    return terms


def _split(body: dict[str, Any], known: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    own = {k: body.pop(k) for k in known if k in body}
    return own, body


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check the taxonomy file; raise :class:`TaxonomyError` in French."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text) or {}
        public_contacts = load_public_contacts(text, path)
    except PublicContactsError as exc:
        raise TaxonomyError(str(exc)) from exc
    except OSError as exc:
        raise TaxonomyError(f"{path} : lecture impossible ({exc.strerror}).") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", ligne {mark.line + 1}" if mark else ""
        raise TaxonomyError(f"{path}{line} : YAML invalide ({exc}).") from exc
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{path} : le fichier doit contenir des sections nommées.")

    def plain(section: str) -> dict[str, Term]:
        result = {}
        for slug, body in _terms(raw, section, path).items():
            label, explanation = body.pop("label"), body.pop("explanation", "")
            result[slug] = Term(slug, str(label), str(explanation), body)
        return result

    types = {}
    for slug, body in _terms(raw, "types", path).items():
        own, rest = _split(
            body, ("label", "explanation", "plural", "folder", "required_keys", "required_sections")
        )
        types[slug] = PageType(
            slug=slug,
            label=str(own["label"]),
            explanation=str(own.get("explanation", "")),
            extra=rest,
            plural=str(own.get("plural", own["label"])),
            folder=str(own.get("folder", "")),
            required_keys=tuple(own.get("required_keys") or ()),
            required_sections=tuple(own.get("required_sections") or ()),
        )
    mediation = {}
    for slug, body in _terms(raw, "mediation", path).items():
        own, rest = _split(body, ("label", "explanation", "short", "badge", "icon", "track"))
        mediation[slug] = Posture(
            slug=slug,
            label=str(own["label"]),
            explanation=str(own.get("explanation", "")),
            extra=rest,
            short=str(own.get("short", "")),
            badge=str(own.get("badge", own["label"])),
            icon=str(own.get("icon", "")),
            track=str(own.get("track", own["label"])),
        )
    if not types or not mediation:
        raise TaxonomyError(f"{path} : les sections « types » et « mediation » sont obligatoires.")
    acronyms = raw.get("acronyms") or {}
    synonyms = raw.get("synonyms") or []
    if not isinstance(acronyms, Mapping) or not isinstance(synonyms, list):
        raise TaxonomyError(
            f"{path} : « acronyms » doit associer un sigle à sa forme longue et "
            "« synonyms » doit être une liste de groupes."
        )
    try:
        handouts = handout_rules(raw)
    except HandoutRulesError as exc:
        raise TaxonomyError(f"{path} : {exc}") from exc
    glossary = raw.get("glossary") or {}
    if not isinstance(glossary, Mapping):
        raise TaxonomyError(f"{path} : « glossary » doit associer un mot à sa définition.")
    return Taxonomy(
        reference_rules=_reference_rules(raw, path),
        glossary={str(k): " ".join(str(v).split()) for k, v in glossary.items()},
        path=path,
        types=types,
        mediation=mediation,
        themes=plain("themes"),
        organisations=plain("organisations"),
        publics=plain("publics"),
        acronyms={str(k): str(v) for k, v in acronyms.items()},
        synonyms=tuple(tuple(str(word) for word in group) for group in synonyms),
        handouts=handouts,
        public_contacts=public_contacts,
    )


def _reference_rules(raw: Mapping[str, Any], path: Path) -> tuple[ReferenceRule, ...]:
    rules = []
    for slug, body in _terms(raw, "reference_rules", path).items():
        page, phrases = body.get("page"), body.get("phrases")
        if not isinstance(page, str) or not isinstance(phrases, list) or not phrases:
            raise TaxonomyError(
                f"{path} : la règle « {slug} » de « reference_rules » doit avoir une « page » "
                "(chemin sous docs/) et une liste « phrases » non vide."
            )
        rules.append(ReferenceRule(slug, str(body["label"]), page, tuple(map(str, phrases))))
    return tuple(rules)


def find_taxonomy(start: Path) -> Path:
    """The taxonomy that governs ``start``: the nearest ``taxonomy.yml`` above it.

    Falls back to the one of the repository this package was installed from, so
    ``entraide index --docs`` works on a folder outside the project.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / TAXONOMY_FILENAME
        if candidate.is_file():
            return candidate
    bundled = Path(__file__).resolve().parents[3] / TAXONOMY_FILENAME
    if bundled.is_file():
        return bundled
    raise TaxonomyError(f"Aucun fichier {TAXONOMY_FILENAME} trouvé au-dessus de {start}.")
