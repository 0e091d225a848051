"""Unsafe HTML: what the site's HTML allow-list removes from a page, said on the source line.

A mediator's browser at a France Services desk often has a person's session
open in another tab, so nothing a contributor writes may run there. The
judgement is made on the rendered page, as readers get it
(:mod:`entraide.safety.html_policy`), not on the Markdown source: a list of
forbidden things read from the source always misses one. The build publishes
the sanitized page; ``entraide check`` and ``build --strict`` say what was
removed and how to write it instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from entraide.content.problems import Problem, error
from entraide.content.rules.page_source import PageSource
from entraide.safety.html_changes import Change, html_changes

_WHY = "le site n'accepte que le HTML que produit le Markdown, rien qui exécute du code"
_EMBEDS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "portal"})
_PAGE_LEVEL = frozenset({"base", "meta", "link", "style", "title", "head", "body", "html"})
_FORMS = frozenset({"form", "button", "select", "textarea", "option", "fieldset", "output"})


def _element_message(tag: str) -> str:
    if tag in _EMBEDS:
        return (
            f"la balise <{tag}> est interdite : {_WHY}. Pour montrer une vidéo ou un "
            "simulateur, mettez un lien vers le site officiel."
        )
    if tag in _PAGE_LEVEL:
        return (
            f"la balise <{tag}> est interdite dans une page : elle changerait tout le site "
            "(adresse de base, redirection, styles d'un autre site). Supprimez-la : "
            "la mise en forme vient du thème."
        )
    if tag in _FORMS:
        return (
            f"la balise <{tag}> est interdite : un formulaire dans une page pourrait envoyer "
            "ce que tape la personne ailleurs. Mettez un lien vers le formulaire officiel."
        )
    if tag == "#text":
        return (
            f"ce HTML est mal formé et a été corrigé à la publication : {_WHY}. "
            "Écrivez ce passage en Markdown."
        )
    return (
        f"la balise <{tag}> n'est pas permise dans une page : {_WHY}. Supprimez-la ou "
        "écrivez ce passage en Markdown (une image SVG va dans docs/assets, sans script)."
    )


def _attribute_message(change: Change) -> tuple[str, str]:
    """(code, message) for one removed attribute."""
    name, value = change.attribute, change.value
    if name in ("href", "src", "cite", "action", "formaction", "xlink:href"):
        shown = value if len(value) <= 40 else value[:39] + "…"
        if change.tag == "img" and name == "src":
            return "unsafe-link", (
                f"l'image « {shown} » vient d'un autre site : elle dirait à ce site qui lit "
                "quelle page. Enregistrez l'image dans docs/assets et mettez un lien relatif."
            )
        return "unsafe-link", (
            f"l'adresse « {shown} » est retirée : {_WHY}. Seules les adresses https://, "
            "mailto:, tel: et les liens vers les pages d'Entraide sont permis."
        )
    if name.startswith("on"):
        return "unsafe-html", f"l'attribut « {name} » exécute du code : {_WHY}. Supprimez-le."
    if name == "style":
        return "unsafe-html", (
            "l'attribut « style » est interdit (il peut charger un contenu d'un autre site) : "
            "supprimez-le, la mise en forme vient du thème."
        )
    if name == "class":
        return "unsafe-html", (
            f"la classe « {value} » n'est pas prévue par le site : supprimez-la "
            "(les classes permises sont celles des extensions, comme md-button)."
        )
    if name in ("id", "for", "name"):
        return "unsafe-html", (
            f"l'identifiant « {value} » est réservé au thème du site : choisissez-en un autre "
            "(sans « __ » au début)."
        )
    return "unsafe-html", (
        f"l'attribut « {name} » n'est pas permis sur <{change.tag}> : {_WHY}. Supprimez-le."
    )


def _needles(change: Change) -> list[re.Pattern[str]]:
    """What to look for in the Markdown source, most precise first."""
    if change.is_element:
        return [re.compile(rf"<\s*{re.escape(change.tag)}\b", re.I)]
    needles = []
    if change.value and change.attribute != "class":
        needles.append(re.compile(re.escape(change.value[:30]), re.I))
    if change.attribute == "class":
        needles.extend(re.compile(rf"\.?{re.escape(c)}\b") for c in change.value.split()[:1])
    needles.append(re.compile(rf"\b{re.escape(change.attribute)}\b", re.I))
    return needles


class _Locator:
    """Source lines of successive changes: a repeated needle moves on to its next occurrence."""

    def __init__(self, body: str, body_line: int) -> None:
        self.body, self.body_line = body, body_line
        self.after: dict[str, int] = {}

    def line(self, change: Change) -> int:
        for needle in _needles(change):
            start = self.after.get(needle.pattern, 0)
            found = needle.search(self.body, start) or needle.search(self.body)
            if found:
                self.after[needle.pattern] = found.end()
                return self.body_line + self.body.count("\n", 0, found.start())
        return self.body_line


def rendered_html_problems(
    display: str, body: str, body_line: int, html: str
) -> tuple[str, list[Problem]]:
    """The page's HTML as published, and one problem per removal, on the source line.

    ``body`` is the page's Markdown after its header (starting at ``body_line``),
    ``html`` what the site rendered from it.
    """
    clean, changes = html_changes(html)
    locator = _Locator(body, body_line)
    problems = []
    for change in changes:
        if change.is_element:
            code, message = "unsafe-html", _element_message(change.tag)
        else:
            code, message = _attribute_message(change)
        problems.append(error(display, locator.line(change), code, message))
    return clean, problems


def check_unsafe_html(source: PageSource) -> Iterator[Problem]:
    html = source.context.renderer.render(source.body)
    _, problems = rendered_html_problems(source.display, source.body, source.body_line, html)
    yield from problems
