"""The editor's form fields, generated from the schema that ``entraide check`` validates.

A form that listed its own keys and choices would drift from the checker: a
theme added to ``taxonomy.yml`` would be refused by the form or accepted by the
form and refused by ``check``. So every field here is read from
:func:`entraide.content.schema.front_matter_schema` (which keys, which type,
which slugs, what is required for which page type) and only what people read
(labels, help) is written in this module, in French.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from entraide.content.schema import MATERIAL_KEYS, front_matter_schema
from entraide.content.taxonomy import LIST_FACETS, Posture, Taxonomy


class FieldKind(StrEnum):
    """How a value is entered; the editor picks its widget from it."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTIPLE = "multiple"
    DATE = "date"
    STRINGS = "strings"
    PERIOD = "period"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class FieldText:
    """What a person reads for one key: a label and one sentence of help."""

    label: str
    help: str


# The words of the form. Keys absent here are not shown (see NOT_EDITED); a key
# the schema gains must get its words here, which a test enforces.
FIELD_TEXTS: dict[str, FieldText] = {
    "title": FieldText("Titre", "Ce que la page aide à faire, en quelques mots, sans balise."),
    "description": FieldText(
        "Description",
        "Une ou deux phrases qui disent à qui et à quoi sert la page ; "
        "elles s'affichent dans les résultats de recherche.",
    ),
    "type": FieldText("Type de page", "Le genre de page : il décide du dossier et des sections."),
    "mediation": FieldText(
        "Postures de médiation",
        "Faire pour la personne (urgence), faire avec elle (autonomie), ou les deux.",
    ),
    "themes": FieldText("Thèmes", "Au moins un thème, pour ranger et retrouver la page."),
    "organisations": FieldText("Organismes", "Les organismes dont la démarche dépend."),
    "publics": FieldText("Publics", "Les personnes pour qui la page est surtout utile."),
    "sources": FieldText(
        "Sources officielles",
        "Une par ligne : un identifiant service-public (F1427, N31477, R…) "
        "ou une adresse https://.",
    ),
    "owner": FieldText(
        "Responsable de la page",
        "Le groupe ou le réseau qui veille sur la page, par exemple « Réseau France "
        "Services de la Drôme ».",
    ),
    "last_reviewed_on": FieldText(
        "Vérifiée le",
        "Le jour où une personne a relu la page en entier et vérifié ses sources.",
    ),
    "review_in": FieldText(
        "À vérifier de nouveau dans",
        "Le délai avant la prochaine vérification, par exemple « 6 mois », « 1 an » "
        "ou « 90 jours ».",
    ),
    "aliases": FieldText(
        "Autres noms de la démarche",
        "Un par ligne : les mots que les gens tapent pour la chercher.",
    ),
    "fictitious_data": FieldText(
        "Données fictives",
        "Cochez si la page ne contient que des données inventées pour s'entraîner.",
    ),
    "falc.status": FieldText(
        "Facile à lire : état",
        "« relu » seulement quand des personnes du public ont relu la fiche à remettre.",
    ),
    "falc.by": FieldText("Facile à lire : relu par", "Qui a relu la fiche à remettre."),
    "falc.date": FieldText("Facile à lire : relu le", "Le jour de cette relecture."),
}

# Declared by the schema but not for contributors: Material's page settings and
# a network's override record. They stay in the page unchanged when it is edited.
NOT_EDITED = frozenset({*MATERIAL_KEYS, "replaces"})
# The schema knows these only as strings; people write them as a text or a period.
_LONG_TEXT_KEYS = frozenset({"description"})
_PERIOD_KEYS = frozenset({"review_in"})
# What the page templates write for a new page, offered first.
DEFAULT_PERIOD = "6 mois"
PERIOD_SUGGESTIONS = (DEFAULT_PERIOD, "3 mois", "1 an", "2 ans")
_YES = frozenset({"on", "oui", "true", "1", "yes"})


@dataclass(frozen=True)
class FormField:
    """One field of the page form.

    ``key`` is the front-matter key, dotted for a nested one (``falc.status``);
    ``choices`` are (slug, label) in the taxonomy's order; ``required_for`` the
    page types whose pages must carry it (every type when ``required_always``).
    """

    key: str
    label: str
    kind: FieldKind
    help: str
    choices: tuple[tuple[str, str], ...] = ()
    required_always: bool = False
    required_for: frozenset[str] = frozenset()
    pattern: str | None = None
    min_length: int = 0
    min_items: int = 0
    suggestions: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    def required(self, page_type: str | None) -> bool:
        """Whether ``check`` refuses a page of ``page_type`` without this field."""
        return self.required_always or page_type in self.required_for

    def parse(self, raw: Sequence[str]) -> Any:
        """The front-matter value for what was typed; None when nothing was.

        Values are kept as typed when they cannot be read (a malformed date stays
        a string), so ``check`` reports them next to the field instead of the
        form silently dropping them.
        """
        items = [line.strip() for text in raw for line in text.splitlines() if line.strip()]
        if self.kind in (FieldKind.MULTIPLE, FieldKind.STRINGS):
            return list(dict.fromkeys(items)) or None
        if self.kind is FieldKind.YES_NO:
            return True if any(item.lower() in _YES for item in items) else None
        # One line in the page: a textarea's line breaks (CRLF as posted) become spaces.
        text = " ".join(items)
        if not text:
            return None
        if self.kind is FieldKind.DATE:
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text
        return text

    def shown(self, value: Any) -> list[str]:
        """What the form shows for a front-matter value: one string per item."""
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        if isinstance(value, bool):
            return ["oui"] if value else []
        if isinstance(value, date):
            return [value.isoformat()]
        return [str(value)]


@dataclass(frozen=True)
class _Requirements:
    always: frozenset[str]
    by_type: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def types_requiring(self, key: str) -> frozenset[str]:
        return frozenset(t for t, keys in self.by_type.items() if key in keys)


def _requirements(schema: Mapping[str, Any]) -> _Requirements:
    """Required keys, and per page type the keys its ``if type == …`` conditional adds."""
    by_type: dict[str, frozenset[str]] = {}
    for conditional in schema.get("allOf", ()):
        page_type = conditional["if"]["properties"]["type"]["const"]
        by_type[page_type] = frozenset(conditional["then"]["required"])
    return _Requirements(frozenset(schema.get("required", ())), by_type)


def _labels(taxonomy: Taxonomy, key: str) -> dict[str, str]:
    """Slug -> label, in the taxonomy's order, for a key whose values are taxonomy terms."""
    if key == "falc.status":
        return dict(taxonomy.handouts.falc_statuses)
    if key != "type" and key not in LIST_FACETS:
        return {}
    labels = {}
    for slug, term in taxonomy.facet(key).items():
        short = term.short if isinstance(term, Posture) else ""
        labels[slug] = f"{term.label} ({short.lower()})" if short else term.label
    return labels


def _kind(key: str, schema: Mapping[str, Any]) -> FieldKind:
    kind = schema.get("type")
    if kind == "array":
        return FieldKind.MULTIPLE if "enum" in schema.get("items", {}) else FieldKind.STRINGS
    if kind == "boolean":
        return FieldKind.YES_NO
    if "enum" in schema:
        return FieldKind.CHOICE
    if schema.get("format") == "date":
        return FieldKind.DATE
    if key in _PERIOD_KEYS:
        return FieldKind.PERIOD
    return FieldKind.LONG_TEXT if key in _LONG_TEXT_KEYS else FieldKind.TEXT


def _field(
    taxonomy: Taxonomy,
    key: str,
    schema: Mapping[str, Any],
    always: bool,
    required_for: frozenset[str],
) -> FormField:
    kind = _kind(key, schema)
    slugs = schema.get("items", {}).get("enum") or schema.get("enum") or ()
    labels = _labels(taxonomy, key)
    # The schema says which slugs are allowed, the taxonomy in which order people read them.
    ordered = [slug for slug in labels if slug in slugs] + [s for s in slugs if s not in labels]
    text = FIELD_TEXTS.get(key, FieldText(key, ""))
    return FormField(
        key=key,
        label=text.label,
        kind=kind,
        help=text.help,
        choices=tuple((str(slug), labels.get(slug, str(slug))) for slug in ordered),
        required_always=always,
        required_for=required_for,
        pattern=schema.get("pattern") or schema.get("items", {}).get("pattern"),
        min_length=int(schema.get("minLength", 0)),
        min_items=int(schema.get("minItems", 0)),
        suggestions=PERIOD_SUGGESTIONS if kind is FieldKind.PERIOD else (),
    )


def _nested(taxonomy: Taxonomy, key: str, schema: Mapping[str, Any]) -> list[FormField]:
    """One field per property of an object value (``falc``).

    None is required by the page: what the object requires once it is set
    (``falc.status``, then ``by`` and ``date`` when proofread) is said by
    ``check`` next to the field, as the object is optional as a whole.
    """
    return [
        _field(taxonomy, f"{key}.{name}", sub, False, frozenset())
        for name, sub in schema.get("properties", {}).items()
    ]


def form_fields(taxonomy: Taxonomy) -> tuple[FormField, ...]:
    """Every field a contributor may set, in the order the form shows them.

    The order is the schema's (title first, the facets, the review keys...), which
    is also the order pages write their keys in.
    """
    schema = front_matter_schema(taxonomy)
    requirements = _requirements(schema)
    order = [k for k in FIELD_TEXTS if "." not in k]
    keys = sorted(
        (k for k in schema["properties"] if k not in NOT_EDITED),
        key=lambda k: order.index(k) if k in order else len(order),
    )
    fields: list[FormField] = []
    for key in keys:
        prop = schema["properties"][key]
        if prop.get("type") == "object":
            fields += _nested(taxonomy, key, prop)
        else:
            always = key in requirements.always
            fields.append(_field(taxonomy, key, prop, always, requirements.types_requiring(key)))
    return tuple(fields)


def field_value(values: Mapping[str, Any], form_field: FormField) -> Any:
    """The value of ``form_field`` in a page's front matter, None when absent."""
    current: Any = values
    for part in form_field.path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def apply_form(
    values: Mapping[str, Any],
    fields: Sequence[FormField],
    form: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """The page's front matter once the posted ``form`` is applied to ``values``.

    The form posts every field of ``fields`` (a browser leaves unticked boxes out
    of a post, so a missing field means empty). Only those fields change: every
    other key stays as it was, so editing never loses what the form does not
    show. A field left empty is removed unless the page requires it (then it is
    kept empty, and ``check`` says so next to it). A list whose items were only
    reordered keeps the page's order, and a value the person did not change keeps
    its written form, so the diff a reviewer reads shows only what was changed.
    """
    result: dict[str, Any] = {
        k: dict(v) if isinstance(v, Mapping) else v for k, v in values.items()
    }
    page_type = " ".join(form.get("type", ())).strip()
    order = [f.path[0] for f in fields]
    for form_field in fields:
        before = field_value(values, form_field)
        value = form_field.parse(form.get(form_field.key, ()))
        reordered = isinstance(value, list) and isinstance(before, list)
        if reordered and sorted(map(str, before)) == sorted(value):
            value = before
        if value is None and form_field.required(page_type):
            value = [] if form_field.kind in (FieldKind.MULTIPLE, FieldKind.STRINGS) else ""
        if value is None and _is_empty(before) and before is not None:
            value = before
        if form_field.shown(value) == form_field.shown(before):
            value = before
        _store(result, form_field.path, value)
    return _ordered(result, list(values), order)


def _ordered(values: dict[str, Any], kept: Sequence[str], order: Sequence[str]) -> dict[str, Any]:
    """``values`` with each key the form added placed after the form's field before it.

    Keys already in the page (``kept``) keep their place: a reviewer's diff shows
    the added line only, where a person writing by hand would have put it.
    """
    keys = [k for k in values if k in kept]
    for key in (k for k in values if k not in kept):
        if key not in order:
            keys.append(key)
            continue
        anchors = [keys.index(k) for k in order[: order.index(key)] if k in keys]
        keys.insert(max(anchors) + 1 if anchors else 0, key)
    return {k: values[k] for k in keys}


def _store(values: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set (or, for None, remove) ``path``; an object left with no key is removed too."""
    head, *rest = path
    if not rest:
        if value is None:
            values.pop(head, None)
        else:
            values[head] = value
        return
    inner = values.get(head)
    inner = dict(inner) if isinstance(inner, Mapping) else {}
    _store(inner, tuple(rest), value)
    if inner:
        values[head] = inner
    else:
        values.pop(head, None)
