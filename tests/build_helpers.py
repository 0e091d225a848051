"""Running real MkDocs builds from tests, the way the CLI does."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from entraide.sitebuild import BuildResult, build_site


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_mkdocs_logs() -> Iterator[Captured]:
    handler = Captured()
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def build(project: Path, strict: bool = True) -> BuildResult:
    return build_site(project / "mkdocs.yml", project / "site", strict=strict)


def html(project: Path, page: str) -> str:
    return (project / "site" / page / "index.html").read_text(encoding="utf-8")
