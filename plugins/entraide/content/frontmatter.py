"""Reading YAML front matter while remembering on which line each value sits.

Contributors fix what a message points at; a message that says "line 7" is only
possible if the parser keeps the YAML node marks, which plain ``yaml.safe_load``
throws away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Position = tuple[str | int, ...]

# libyaml's parser is several times faster and keeps the same node marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_OPENING = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class FrontMatterSyntaxError(Exception):
    """Broken YAML or an unterminated block, with the line in the page file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    """The parsed block: ``data`` as YAML gives it, ``lines`` per key path (1-based)."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Position, int] = field(default_factory=dict)
    present: bool = False
    body: str = ""
    body_line: int = 1

    def line_of(self, position: Position) -> int:
        """The line of the deepest known node on ``position``, else the block's first line."""
        for depth in range(len(position), 0, -1):
            line = self.lines.get(position[:depth])
            if line is not None:
                return line
        return 1


def _record(node: yaml.Node, position: Position, offset: int, lines: dict[Position, int]) -> None:
    lines.setdefault(position, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*position, str(key_node.value))
            lines[key] = key_node.start_mark.line + offset
            _record(value_node, key, offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*position, index), offset, lines)


def _error_line(exc: yaml.MarkedYAMLError, yaml_text: str) -> int:
    """0-based YAML line to blame: where the problem is, unless it is the end of the block.

    An unclosed ``[`` is only noticed at the end of the stream; the line that
    opened it (the context mark) is the one a contributor must fix.
    """
    last_line = max(yaml_text.count("\n") - 1, 0)
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is not None and mark.index < len(yaml_text.rstrip()):
            return min(int(mark.line), last_line)
    return last_line


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(YAML text or None, body, line number where the body starts)."""
    opening = _OPENING.match(text)
    if not opening:
        return None, text, 1
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        raise FrontMatterSyntaxError(
            1,
            "l'en-tête YAML commence par « --- » mais n'est jamais refermé : "
            "ajoutez une ligne « --- » après la dernière clé.",
        )
    yaml_text = text[opening.end() : closing.start()]
    after = closing.end()
    if text.startswith("\n", after):
        after += 1
    elif text.startswith("\r\n", after):
        after += 2
    body_line = text.count("\n", 0, after) + 1
    return yaml_text, text[after:], body_line


def parse_front_matter(text: str) -> FrontMatter:
    """Parse a Markdown document; raise :class:`FrontMatterSyntaxError` on broken YAML."""
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return FrontMatter(body=body, body_line=body_line)
    # YAML line 0 is the page's line 2, just after the opening "---".
    parsed = parse_yaml(yaml_text, first_line=2)
    parsed.body, parsed.body_line = body, body_line
    return parsed


def parse_yaml(yaml_text: str, first_line: int = 1, what: str = "l'en-tête YAML") -> FrontMatter:
    """A YAML mapping with the line of each value; also for data files (contacts, settings).

    ``first_line`` is the file line of the text's first line; ``what`` names the
    text in messages ("le fichier contacts.yml"). Raises
    :class:`FrontMatterSyntaxError` when the YAML is broken or not a mapping.
    """
    offset = first_line
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        line = _error_line(exc, yaml_text) + offset
        problem = exc.problem or "syntaxe incorrecte"
        raise FrontMatterSyntaxError(
            line,
            f"{what} est illisible ({problem}) : vérifiez les deux-points, "
            "l'indentation et les guillemets autour des textes qui contiennent « : ».",
        ) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FrontMatterSyntaxError(
            offset,
            f"{what} doit être une suite de lignes « clé: valeur ».",
        )
    lines: dict[Position, int] = {}
    if node is not None:
        _record(node, (), offset, lines)
    return FrontMatter(data=data, lines=lines, present=True)


def yaml_scalar(text: str) -> str:
    """``text`` as one YAML value on a front-matter line, quoted only when YAML needs it.

    PyYAML decides (``Demander l'APL`` stays plain, ``a: b`` or ``# titre`` is
    quoted), so generated pages and new drafts always read back as written.
    """
    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n").removesuffix("\n...").strip()
