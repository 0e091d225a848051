"""Turning a Markdown file into what the index stores about it.

Works on any folder of Markdown pages: ours (front matter from taxonomy.yml)
and foreign ones such as the service-public snapshot, whose front matter has
``title``, ``description``, ``source_id`` and a ``subject`` that names one of
our themes by its label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter
from entraide.content.page import first_heading, string_list
from entraide.content.taxonomy import Taxonomy
from entraide.search.analyzer import fold

FACET_FIELDS = ("type", "mediation", "themes", "organisations", "publics")

_FENCE = re.compile(r"^[ \t]*(```|~~~|///|!!!|\?\?\?\+?).*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\.[ \t]+|>[ \t]?)", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__|`")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class IndexedPage:
    """A page as the index sees it; ``path`` is relative to the docs folder, POSIX."""

    path: str
    url: str
    title: str
    description: str
    body: str
    ids: tuple[str, ...]
    facets: Mapping[str, tuple[str, ...]]


def page_url(path: str) -> str:
    """The site URL of a page with MkDocs' ``use_directory_urls``."""
    pure = PurePosixPath(path)
    folder = pure.parent.as_posix()
    prefix = "" if folder == "." else f"{folder}/"
    if pure.stem in ("index", "README"):
        return prefix
    return f"{prefix}{pure.stem}/"


def plain_text(markdown: str) -> str:
    """Markdown without its markup, on one line: what snippets quote."""
    text = _FENCE.sub(" ", markdown)
    text = _REFERENCE.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _theme_by_label(taxonomy: Taxonomy) -> dict[str, str]:
    return {fold(term.label): slug for slug, term in taxonomy.themes.items()}


def _facets(meta: Mapping[str, Any], taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    facets = {key: string_list(meta.get(key)) for key in FACET_FIELDS}
    if not facets["themes"]:
        subject = meta.get("subject")
        slug = _theme_by_label(taxonomy).get(fold(str(subject))) if subject else None
        if slug:
            facets["themes"] = (slug,)
    return facets


def excluded_from_search(text: str) -> bool:
    """``search: {exclude: true}`` in front matter: Material's convention, honoured here too.

    The search page itself and other pages about the site carry it.
    """
    if "exclude" not in text:
        return False
    try:
        search = parse_front_matter(text).data.get("search")
    except FrontMatterSyntaxError:
        return False
    return isinstance(search, Mapping) and search.get("exclude") is True


def read_page(path: str, text: str, taxonomy: Taxonomy) -> IndexedPage:
    """Never fails on page content: broken front matter is indexed as plain text."""
    try:
        front = parse_front_matter(text)
        meta: dict[str, Any] = front.data
        body = front.body
    except FrontMatterSyntaxError:
        meta, body = {}, text
    title = str(meta.get("title") or first_heading(body) or PurePosixPath(path).stem)
    ids = {
        PurePosixPath(path).stem,
        *string_list(meta.get("source_id")),
        *string_list(meta.get("sources")),
    }
    return IndexedPage(
        path=path,
        url=page_url(path),
        title=title,
        description=str(meta.get("description") or ""),
        body=plain_text(body),
        ids=tuple(sorted(ident for ident in ids if "/" not in ident and " " not in ident)),
        facets=_facets(meta, taxonomy),
    )
