"""Front-matter values the theme prints into every page, unescaped.

MkDocs' templates do not escape: Material writes ``description`` inside a
``<meta content="…">`` attribute, ``title`` and ``subtitle`` into menus shown
on every page, ``status`` into a class name, ``icon`` into a file path and
``template`` chooses the page's whole template. Any page under ``docs/`` may
set them, section index pages included, so they are judged on every page:
text without ``"``, ``<`` or ``>``, and known values for the others. The build
also publishes an escaped copy (:func:`escaped_meta`), so a non-strict build
stays safe while it says what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

TEXT_KEYS = ("title", "description", "subtitle", "author", "owner")
# Material's built-in page statuses (``extra.status`` may rename them).
STATUSES = frozenset({"new", "deprecated"})
# Page templates of the site (``overrides/``) a page may ask for.
TEMPLATES = frozenset({"recherche.html"})
_RAW_CHARACTERS = re.compile(r"[\"<>]")
_ICON = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)+")


@dataclass(frozen=True)
class TemplateFinding:
    """One front-matter value the theme cannot print as it is; ``message`` in French."""

    key: str
    code: str
    message: str


def template_value_findings(data: Mapping[str, Any]) -> Iterator[TemplateFinding]:
    """What in ``data`` (a page's front matter) the theme would print as markup."""
    for key in TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, str) and _RAW_CHARACTERS.search(value):
            yield TemplateFinding(
                key,
                "markup-in-header",
                f"« {key} » contient « \" », « < » ou « > » : le thème l'écrit tel quel dans "
                "chaque page (menus, balises <meta>) et pourrait exécuter du code ou rediriger "
                "le lecteur. Écrivez du texte simple, avec « » pour les guillemets.",
            )
    status = data.get("status")
    if status is not None and status not in STATUSES:
        yield TemplateFinding(
            "status",
            "invalid-status",
            f"« status » ne peut valoir que {', '.join(sorted(STATUSES))} : "
            "retirez-le ou choisissez l'une de ces valeurs.",
        )
    template = data.get("template")
    if template is not None and template not in TEMPLATES:
        yield TemplateFinding(
            "template",
            "invalid-template",
            f"« template » ne peut valoir que {', '.join(sorted(TEMPLATES))} : un autre "
            "gabarit changerait toute la page. Retirez cette clé.",
        )
    icon = data.get("icon")
    if icon is not None and not (isinstance(icon, str) and _ICON.fullmatch(icon)):
        yield TemplateFinding(
            "icon",
            "invalid-icon",
            "« icon » doit nommer une icône du thème, comme « material/home » : "
            "corrigez-la ou retirez la clé.",
        )


def escaped_meta(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` as the build may hand it to the theme: text escaped, unknown values dropped."""
    findings = {finding.key for finding in template_value_findings(data)}
    safe: dict[str, Any] = {}
    for key, value in data.items():
        if key in findings and key in TEXT_KEYS:
            safe[key] = escape(str(value))
        elif key not in findings:
            safe[key] = value
    return safe
