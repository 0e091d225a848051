"""The page model: what a guide, a ruse or an FAQ answer says about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from entraide.content.review import parse_period
from entraide.content.taxonomy import Taxonomy

_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def first_heading(body: str) -> str | None:
    match = _H1.search(body)
    return match.group(1).strip() if match else None


def content_type_for(docs_path: str, taxonomy: Taxonomy) -> str | None:
    """The page type expected at ``docs_path`` (relative to docs), None outside content.

    Section ``index.md`` pages introduce a folder; they are not content pages. A
    type's folder may be nested (``entrainement/foyers``): the deepest match wins.
    """
    parts = PurePosixPath(docs_path).parts
    if len(parts) < 2 or parts[-1] == "index.md":
        return None
    folders = taxonomy.content_folders
    for depth in range(len(parts) - 1, 0, -1):
        page_type = folders.get("/".join(parts[:depth]))
        if page_type is not None:
            return page_type
    return None


def string_list(value: Any) -> tuple[str, ...]:
    """A front-matter value as a tuple of non-blank strings: a list, one string, or nothing."""
    if isinstance(value, list | tuple):
        return tuple(str(item).strip() for item in value if str(item).strip())
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    return ()


@dataclass(frozen=True)
class Page:
    """A content page once its front matter is valid; ``path`` is relative to docs."""

    path: str
    title: str
    description: str
    type: str
    mediation: tuple[str, ...]
    themes: tuple[str, ...]
    organisations: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    owner: str = ""
    last_reviewed_on: date | None = None
    review_in: str = ""
    sources: tuple[str, ...] = ()
    body: str = ""
    body_line: int = 1
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def review_due(self) -> date | None:
        period = parse_period(self.review_in)
        if self.last_reviewed_on is None or period is None:
            return None
        return period.after(self.last_reviewed_on)

    def review_expired(self, as_of: date) -> bool:
        due = self.review_due
        return due is not None and due <= as_of

    def facet_values(self, key: str) -> tuple[str, ...]:
        """Slugs for a facet key (``type``, ``mediation``, ``themes``...)."""
        value = getattr(self, key)
        return (value,) if isinstance(value, str) else tuple(value)

    @classmethod
    def from_meta(cls, path: str, meta: dict[str, Any], body: str, body_line: int) -> Page:
        reviewed = meta.get("last_reviewed_on")
        if isinstance(reviewed, str):
            try:
                reviewed = date.fromisoformat(reviewed)
            except ValueError:
                reviewed = None
        return cls(
            path=path,
            title=str(meta.get("title") or first_heading(body) or PurePosixPath(path).stem),
            description=str(meta.get("description") or ""),
            type=str(meta.get("type") or ""),
            mediation=string_list(meta.get("mediation")),
            themes=string_list(meta.get("themes")),
            organisations=string_list(meta.get("organisations")),
            publics=string_list(meta.get("publics")),
            owner=str(meta.get("owner") or ""),
            last_reviewed_on=reviewed if isinstance(reviewed, date) else None,
            review_in=str(meta.get("review_in") or ""),
            sources=string_list(meta.get("sources")),
            body=body,
            body_line=body_line,
            meta=meta,
        )
