"""The front-matter schema, generated from the taxonomy and checked by jsonschema.

Allowed values come from ``taxonomy.yml``; the structure (which keys, which
types) is declared here once, and every adapter validates through it.
"""

from __future__ import annotations

from typing import Any

from entraide.content.taxonomy import LIST_FACETS, Taxonomy
from entraide.handouts.rules import PROOFREAD

NO_MARKUP = r"^[^<>]*$"
SOURCE_PATTERN = r"^([FNR]\d{1,6}|https?://\S+)$"

# Keys our pages may carry besides the taxonomy facets. Material's own keys
# (``hide``, ``icon``, ``template``...) are accepted so its features keep working.
MATERIAL_KEYS = ("hide", "icon", "status", "template", "search", "subtitle", "tags", "comments")
BASE_REQUIRED = (
    "title",
    "description",
    "type",
    "mediation",
    "themes",
    "owner",
    "last_reviewed_on",
    "review_in",
)


def _slug_list(slugs: list[str], min_items: int) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": slugs},
        "minItems": min_items,
        "uniqueItems": True,
    }


def _falc_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """``falc: {status, by, date}``: whether a handout's easy-to-read text was proofread by its
    public, by whom and when; "relu" (the label « Facile à lire ») needs both. Not ``on``:
    YAML 1.1 reads that key as the boolean true."""
    return {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": sorted(taxonomy.handouts.falc_statuses)},
            "by": {"type": "string", "minLength": 2, "pattern": NO_MARKUP},
            "date": {"type": "string", "format": "date"},
        },
        "required": ["status"],
        "additionalProperties": False,
        "if": {"properties": {"status": {"const": PROOFREAD}}},
        "then": {"required": ["status", "by", "date"]},
    }


def front_matter_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a content page under ``taxonomy``."""
    properties: dict[str, Any] = {
        # Themes print titles and descriptions unescaped in headers, menus and meta
        # tags: markup there would run in readers' browsers.
        "title": {"type": "string", "minLength": 3, "pattern": NO_MARKUP},
        "description": {"type": "string", "minLength": 10, "pattern": NO_MARKUP},
        "type": {"type": "string", "enum": sorted(taxonomy.types)},
        "owner": {"type": "string", "minLength": 2},
        "last_reviewed_on": {"type": "string", "format": "date"},
        "review_in": {"type": "string", "minLength": 1},
        "sources": {
            "type": "array",
            "items": {"type": "string", "pattern": SOURCE_PATTERN},
            "uniqueItems": True,
        },
        "aliases": {"type": "array", "items": {"type": "string"}},
        # A network's local page standing in for a shared one, and the base commit it
        # was written against: the build warns when the shared page changed since.
        "replaces": {
            "type": "object",
            "properties": {
                "path": {"type": "string", "minLength": 4},
                "base_commit": {"type": "string", "pattern": "^[0-9a-f]{7,40}$"},
            },
            "required": ["path", "base_commit"],
            "additionalProperties": False,
        },
        "fictitious_data": {"type": "boolean"},
        "falc": _falc_schema(taxonomy),
    }
    for key, section in LIST_FACETS.items():
        min_items = 1 if key in ("mediation", "themes") else 0
        properties[key] = _slug_list(sorted(getattr(taxonomy, section)), min_items)
    for key in MATERIAL_KEYS:
        properties.setdefault(key, {})
    conditionals = [
        {
            "if": {"properties": {"type": {"const": slug}}, "required": ["type"]},
            "then": {"required": list(page_type.required_keys)},
        }
        for slug, page_type in sorted(taxonomy.types.items())
        if page_type.required_keys
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": list(BASE_REQUIRED),
        "additionalProperties": False,
        "allOf": conditionals,
    }
