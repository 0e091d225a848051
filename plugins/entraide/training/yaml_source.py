"""Reading a YAML data file while remembering the line of every value.

Household and simulator files are written by people; a problem in them is
reported at its line, as front-matter problems are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Position = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataSyntaxError(Exception):
    """Unreadable YAML: ``line`` is 1-based, ``message`` French."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class DataFile:
    """``data`` as YAML gives it, ``lines`` per key path (1-based)."""

    data: dict[str, Any]
    lines: dict[Position, int] = field(default_factory=dict)

    def line_of(self, position: Position) -> int:
        """The line of the deepest known node on ``position``, else 1."""
        for depth in range(len(position), 0, -1):
            line = self.lines.get(position[:depth])
            if line is not None:
                return line
        return 1


def _record(node: yaml.Node, position: Position, lines: dict[Position, int]) -> None:
    lines.setdefault(position, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*position, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            _record(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*position, index), lines)


def parse_data(text: str) -> DataFile:
    """Parse a YAML mapping; raise :class:`DataSyntaxError` on anything else."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DataSyntaxError(
            mark.line + 1 if mark else 1,
            f"le fichier YAML est illisible ({exc.problem or 'syntaxe incorrecte'}) : vérifiez "
            "les deux-points, l'indentation et les guillemets autour des textes qui "
            "contiennent « : ».",
        ) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise DataSyntaxError(1, "le fichier doit être une suite de lignes « clé: valeur ».")
    lines: dict[Position, int] = {}
    if node is not None:
        _record(node, (), lines)
    return DataFile(data, lines)
