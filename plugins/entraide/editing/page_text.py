"""A page's text to form values and back, without losing anything on the way.

The browser editor reads a page into its form and writes the submitted form
back into the page. Whatever the form does not show (Material's keys, a
network's ``replaces``, comments) must come back unchanged, and a reviewer must
see only the lines the person changed: keys whose value did not change keep
their text as written, the others are written by ``yaml.safe_dump``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from entraide.content.frontmatter import (
    FrontMatterSyntaxError,
    parse_front_matter,
    split_front_matter,
)

_FENCE = "---\n"


class _PageDumper(yaml.SafeDumper):
    """Block style for the page's keys, flow style for short lists (``[urgence, autonomie]``)."""


class _Keys(dict[str, Any]):
    """The top-level mapping, which pages always write one key a line."""


def _represent_keys(dumper: yaml.SafeDumper, data: _Keys) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


_PageDumper.add_representer(_Keys, _represent_keys)


def _dump(values: Mapping[str, Any]) -> str:
    if not values:
        return ""
    dumped: str = yaml.dump(
        _Keys(values),
        Dumper=_PageDumper,
        default_flow_style=None,
        allow_unicode=True,
        sort_keys=False,
        width=float("inf"),
    )
    return dumped


def values_of(text: str) -> tuple[dict[str, Any], str]:
    """(front-matter values, body) of a page's text.

    Raises :class:`~entraide.content.frontmatter.FrontMatterSyntaxError` (French
    message, line) when the header is broken: the editor then shows the message
    instead of a form that would write a page from nothing.
    """
    parsed = parse_front_matter(text)
    return parsed.data, parsed.body


def _is_filler(line: str) -> bool:
    """A blank or comment line at column 0: it belongs to no key."""
    return not line.strip() or line.startswith("#")


@dataclass(frozen=True)
class _Written:
    """A header as written: its fences, what precedes the first key, each key's lines."""

    opening: str
    preamble: str
    keys: dict[str, tuple[str, str]]  # key -> (its lines, the comment lines after it)
    closing: str

    @property
    def newline(self) -> str:
        return "\r\n" if self.opening.endswith("\r\n") else "\n"


def _written(original: str) -> _Written | None:
    """How ``original``'s header is written, None when it is not one key a line (a flow
    mapping, repeated or merge keys) or unreadable: then the whole header is written again."""
    try:
        yaml_text, body, _ = split_front_matter(original)
        if not yaml_text:
            return None
        loader = yaml.SafeLoader(yaml_text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (FrontMatterSyntaxError, yaml.YAMLError):
        return None
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not isinstance(data, dict):
        return None
    starts = [key.start_mark.line for key, _ in node.value]
    if len(starts) != len(data) or starts != sorted(set(starts)):
        return None
    opening = original[: original.index("\n") + 1]
    closing = original[len(opening) + len(yaml_text) : len(original) - len(body)]
    lines = yaml_text.splitlines(keepends=True)
    bounds = [*starts, len(lines)]
    keys: dict[str, tuple[str, str]] = {}
    for index, key in enumerate(data):
        span = lines[bounds[index] : bounds[index + 1]]
        own = len(span)
        while own > 1 and _is_filler(span[own - 1]):
            own -= 1
        keys[key] = ("".join(span[:own]), "".join(span[own:]))
    return _Written(opening, "".join(lines[: starts[0]]), keys, closing)


def page_text(values: Mapping[str, Any], body: str, *, original: str | None = None) -> str:
    """The page's text with ``values`` as its front matter and ``body`` after it.

    Keys are written in ``values``' order. With ``original`` (the page's text
    before the edit), each key whose value is unchanged keeps its exact text,
    comments included, comments between keys stay, and so do the fences and line
    endings; only changed keys are written again. Without it, or when the original
    header cannot be kept line by line (or kept lines would not read back as
    ``values``, as with a YAML alias to a changed key), the whole header is written
    by ``yaml.safe_dump``.
    """
    if not values:
        return body
    whole = f"{_FENCE}{_dump(values)}{_FENCE}{body}"
    written = _written(original) if original is not None else None
    if written is None or original is None:
        return whole
    before, _ = values_of(original)
    parts = [written.opening, written.preamble]
    for key, value in values.items():
        text, comments = written.keys.get(key, ("", ""))
        if not (key in before and _dump({key: before[key]}) == _dump({key: value})):
            text = _dump({key: value}).replace("\n", written.newline)
        parts.append(text + comments)
    text = "".join([*parts, written.closing, body])
    try:
        same = values_of(text) == (dict(values), body)
    except FrontMatterSyntaxError:
        same = False
    return text if same else whole
