"""Front-matter validation: every rule about a page's header, with French messages.

The rules' structure is the JSON schema of :mod:`entraide.content.schema`; this
module turns the schema's findings into messages a contributor can act on and
adds the few rules a schema cannot express (readable review periods, dates in
the past, a page in the folder of its type).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from entraide.content.frontmatter import (
    FrontMatter,
    FrontMatterSyntaxError,
    Position,
    parse_front_matter,
)
from entraide.content.page import Page, content_type_for
from entraide.content.problems import Problem, error, warning
from entraide.content.review import PERIOD_HINT, parse_period
from entraide.content.schema import front_matter_schema
from entraide.content.taxonomy import Taxonomy
from entraide.safety.template_values import template_value_findings

KEY_LABELS = {
    "title": "le titre (title)",
    "description": "la description (description)",
    "type": "le type de page (type)",
    "mediation": "la posture de médiation (mediation)",
    "themes": "les thèmes (themes)",
    "organisations": "les organismes (organisations)",
    "publics": "les publics (publics)",
    "owner": "le ou la responsable de la page (owner)",
    "last_reviewed_on": "la date de dernière vérification (last_reviewed_on)",
    "review_in": "le délai avant la prochaine vérification (review_in)",
    "sources": "les sources officielles (sources)",
    "falc": "la relecture facile à lire de la fiche à remettre (falc)",
}
KEY_HINTS = {
    "mediation": "par exemple « mediation: [urgence, autonomie] »",
    "themes": "par exemple « themes: [logement] »",
    "last_reviewed_on": "au format AAAA-MM-JJ, par exemple « last_reviewed_on: 2026-11-02 »",
    "review_in": PERIOD_HINT,
    "sources": "par exemple « sources: [F1427] » (identifiant service-public) ou une adresse https://",
    "owner": "par exemple « owner: Réseau France Services de la Drôme »",
    "falc": "par exemple « falc: {status: brouillon} », ou, une fois le texte relu par des "
    "personnes du public, « falc: {status: relu, by: Atelier FALC de l'EPN de Die, "
    "date: 2026-11-02} »",
}


@dataclass
class ValidationResult:
    page: Page | None
    problems: list[Problem] = field(default_factory=list)
    front_matter: FrontMatter | None = None

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


@lru_cache(maxsize=8)
def _validator(taxonomy: Taxonomy) -> Draft202012Validator:
    return Draft202012Validator(front_matter_schema(taxonomy), format_checker=FormatChecker())


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """YAML reads ``2026-11-02`` as a date; JSON Schema only knows strings."""
    return {
        k: v.isoformat() if isinstance(v, date) else _normalised(v) if isinstance(v, dict) else v
        for k, v in data.items()
    }


def _closest(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Vouliez-vous dire « {match[0]} » ?" if match else ""


def _key_label(key: str | int) -> str:
    return KEY_LABELS.get(str(key), f"« {key} »")


def _hint(key: str | int) -> str:
    hint = KEY_HINTS.get(str(key))
    return f" ({hint})" if hint else ""


def _schema_problems(
    display: str, fm: FrontMatter, taxonomy: Taxonomy, data: dict[str, Any]
) -> Iterator[Problem]:
    errors = sorted(_validator(taxonomy).iter_errors(data), key=lambda e: list(map(str, e.path)))
    # jsonschema reports each missing key once per "required" list it belongs to,
    # and each such report names the whole list: say each thing once.
    yield from dict.fromkeys(p for err in errors for p in _translate(display, fm, taxonomy, err))


def _translate(
    display: str, fm: FrontMatter, taxonomy: Taxonomy, err: ValidationError
) -> Iterator[Problem]:
    position: Position = tuple(err.absolute_path)
    line = fm.line_of(position)
    key = position[0] if position else ""
    kind = err.validator
    if key == "falc":
        what = {
            "required": "« relu » demande qui a relu (by) et quand (date)",
            "format": f"« {err.instance} » n'est pas une date AAAA-MM-JJ",
            "enum": f"« {err.instance} » n'est pas un statut connu "
            f"({', '.join(sorted(taxonomy.handouts.falc_statuses))})",
            "additionalProperties": "seules les clés status, by et date sont permises"
            + (
                " (YAML lit « on: » comme « vrai: »)"
                if isinstance(err.instance, dict) and True in err.instance
                else ""
            ),
        }.get(str(kind), "valeur incorrecte")
        yield error(display, line, "invalid-falc", f"{_key_label(key)} : {what}{_hint(key)}.")
        return
    if kind == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        for name in missing:
            yield error(
                display,
                fm.line_of(()),
                "missing-key",
                f"{_key_label(name)} manque dans l'en-tête : ajoutez la clé « {name} »"
                f"{_hint(name)}.",
            )
    elif kind == "additionalProperties":
        known = front_matter_schema(taxonomy)["properties"]
        for name in sorted(set(err.instance) - set(known)):
            yield warning(
                display,
                fm.line_of((name,)),
                "unknown-key",
                f"la clé « {name} » n'est pas connue d'Entraide et sera ignorée."
                + _closest(name, known),
            )
    elif kind == "enum":
        facet = str(position[0])
        choices = taxonomy.facet(facet)
        yield error(
            display,
            line,
            "unknown-value",
            f"« {err.instance} » n'existe pas pour {_key_label(facet)}."
            + _closest(str(err.instance), choices)
            + f" Valeurs possibles : {', '.join(sorted(choices))}. Pour en ajouter une, "
            "proposez-la dans taxonomy.yml.",
        )
    elif kind == "type" and err.validator_value == "array":
        yield error(
            display,
            line,
            "not-a-list",
            f"{_key_label(key)} doit être une liste entre crochets{_hint(key)}.",
        )
    elif kind == "format":
        yield error(
            display,
            line,
            "invalid-date",
            f"« {err.instance} » n'est pas une date valide pour {_key_label(key)}{_hint(key)}.",
        )
    elif kind == "pattern" and key in ("title", "description"):
        yield error(
            display,
            line,
            "markup-in-header",
            f"{_key_label(key)} contient « < » ou « > » : le site l'afficherait tel quel dans "
            "ses menus et pourrait exécuter du code. Écrivez du texte simple, sans balise.",
        )
    elif kind == "pattern" and key == "sources":
        yield error(
            display,
            line,
            "invalid-source",
            f"la source « {err.instance} » n'est ni un identifiant service-public "
            f"(F…, N…, R…) ni une adresse web{_hint(key)}.",
        )
    elif kind == "minItems":
        yield error(
            display,
            line,
            "empty-list",
            f"{_key_label(key)} ne peut pas être vide{_hint(key)}.",
        )
    elif kind == "uniqueItems":
        yield warning(display, line, "duplicate-value", f"{_key_label(key)} répète une valeur.")
    elif kind == "minLength":
        yield error(
            display, line, "too-short", f"{_key_label(key)} est vide ou trop court : complétez-le."
        )
    else:
        yield error(
            display,
            line,
            "invalid-value",
            f"valeur incorrecte pour {_key_label(key)}{_hint(key)}.",
        )


def _semantic_problems(
    display: str, docs_path: str, fm: FrontMatter, taxonomy: Taxonomy, today: date
) -> Iterator[Problem]:
    data = fm.data
    review_in = data.get("review_in")
    if isinstance(review_in, str) and review_in.strip() and parse_period(review_in) is None:
        yield error(
            display,
            fm.line_of(("review_in",)),
            "invalid-period",
            f"« {review_in} » n'est pas un délai lisible pour review_in : {PERIOD_HINT}.",
        )
    reviewed = data.get("last_reviewed_on")
    if isinstance(reviewed, date) and reviewed > today:
        yield error(
            display,
            fm.line_of(("last_reviewed_on",)),
            "future-review",
            f"la date de vérification {reviewed.isoformat()} est dans le futur : indiquez le "
            "jour où une personne a réellement relu la page.",
        )
    expected = content_type_for(docs_path, taxonomy)
    declared = data.get("type")
    if expected and isinstance(declared, str) and declared in taxonomy.types:
        folder = taxonomy.types[declared].folder
        if declared != expected:
            yield warning(
                display,
                fm.line_of(("type",)),
                "type-folder-mismatch",
                f"une page de type « {declared} » devrait être rangée dans docs/{folder}/.",
            )


def validate_text(
    display: str, docs_path: str, text: str, taxonomy: Taxonomy, today: date | None = None
) -> ValidationResult:
    """Validate one page's front matter.

    ``display`` is the path shown in messages (relative to the repository root),
    ``docs_path`` the path relative to the docs folder, which decides whether the
    page is content (and so must carry our front matter) or a free page.
    """
    today = today or date.today()
    try:
        fm = parse_front_matter(text)
    except FrontMatterSyntaxError as exc:
        return ValidationResult(None, [error(display, exc.line, "yaml-syntax", exc.message)])
    is_content = content_type_for(docs_path, taxonomy) is not None
    if not fm.present:
        if not is_content:
            return ValidationResult(None, [], fm)
        return ValidationResult(
            None,
            [
                error(
                    display,
                    1,
                    "missing-front-matter",
                    "cette page n'a pas d'en-tête YAML : copiez celui du modèle "
                    "(commande « entraide new ») entre deux lignes « --- » en haut du fichier.",
                )
            ],
            fm,
        )
    # Every page with a header, index pages included: the theme prints these values raw.
    theme = [
        error(display, fm.line_of((finding.key,)), finding.code, finding.message)
        for finding in template_value_findings(fm.data)
    ]
    if not is_content and "type" not in fm.data:
        return ValidationResult(None, theme, fm)
    problems = list(_schema_problems(display, fm, taxonomy, _normalised(fm.data)))
    problems += _semantic_problems(display, docs_path, fm, taxonomy, today)
    # The schema already refuses "<" and ">" in title and description: say it once.
    said = {(p.line, p.code) for p in problems}
    problems += [p for p in theme if (p.line, p.code) not in said]
    page = Page.from_meta(docs_path, _normalised(fm.data), fm.body, fm.body_line)
    return ValidationResult(page, sorted(problems, key=lambda p: p.line), fm)
