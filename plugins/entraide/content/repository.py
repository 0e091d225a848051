"""A content repository on disk: where the docs are and which pages they hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from entraide.content.checking import check_page, repository_context
from entraide.content.problems import Problem, error
from entraide.content.taxonomy import Taxonomy, find_taxonomy, load_taxonomy
from entraide.content.validation import ValidationResult, validate_text
from entraide.website.model import SiteModel, is_markdown, walk


@dataclass(frozen=True)
class ContentRepository:
    """``root`` is the repository (paths in messages are relative to it); ``site`` its pages."""

    root: Path
    site: SiteModel
    taxonomy: Taxonomy

    @classmethod
    def open(cls, root: Path, docs_dir: Path | None = None) -> ContentRepository:
        root = root.resolve()
        docs = (docs_dir or root / "docs").resolve()
        return cls(root, SiteModel.plain(docs, root), load_taxonomy(find_taxonomy(root)))

    @property
    def docs_dir(self) -> Path:
        """Where new pages are written: the site's top layer."""
        return self.site.top.docs_dir

    def display(self, path: Path) -> str:
        published = self.site.of_source(path)
        if published is not None:
            return published.display
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def docs_path(self, path: Path) -> str | None:
        published = self.site.of_source(path)
        return published.path if published is not None else None

    def markdown_files(self, paths: Iterable[Path] = ()) -> Iterator[Path]:
        """Every Markdown file under ``paths`` (files or folders), or every page of the site."""
        targets = list(paths)
        if not targets:
            yield from (file.source for file in self.site.pages())
        for target in targets:
            if target.is_dir():
                yield from (source for path, source in walk(target) if is_markdown(path))
            else:
                yield target

    def validate(
        self, paths: Iterable[Path] = (), today: date | None = None
    ) -> list[ValidationResult]:
        """Header checks only: what commands that just need the pages' model can afford."""
        return self._each(
            paths,
            lambda display, docs_path, text: validate_text(
                display, docs_path or PurePath(display).name, text, self.taxonomy, today
            ),
        )

    def check(
        self, paths: Iterable[Path] = (), today: date | None = None
    ) -> list[ValidationResult]:
        """Every rule: header, sections, links, sources, personal data, HTML, review dates.

        Raises :class:`CatalogueError` when the sources catalogue exists but is unreadable.
        """
        context = repository_context(self.root, self.site, self.taxonomy, today or date.today())
        return self._each(
            paths,
            lambda display, docs_path, text: check_page(
                display,
                docs_path or PurePath(display).name,
                text,
                context,
                published=docs_path is not None,
            ),
        )

    def _each(
        self, paths: Iterable[Path], check: Callable[[str, str | None, str], ValidationResult]
    ) -> list[ValidationResult]:
        """``check(display, docs_path, text)`` on each file; ``docs_path`` is None outside docs."""
        results = []
        for path in self.markdown_files(paths):
            display = self.display(path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = (
                    "n'est pas en UTF-8"
                    if isinstance(exc, UnicodeDecodeError)
                    else ("est introuvable ou illisible")
                )
                problem: Problem = error(
                    display, 1, "unreadable", f"ce fichier {reason} : enregistrez-le en UTF-8."
                )
                results.append(ValidationResult(None, [problem]))
                continue
            results.append(check(display, self.docs_path(path), text))
        return results
