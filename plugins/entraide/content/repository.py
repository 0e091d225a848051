"""A content repository on disk: where the docs are and which pages they hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from entraide.content.checking import check_page, repository_context
from entraide.content.problems import Problem, error
from entraide.content.rules.files import check_file
from entraide.content.taxonomy import Taxonomy, find_taxonomy, load_taxonomy
from entraide.content.validation import ValidationResult, validate_text
from entraide.safety.assets import is_excluded

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class ContentRepository:
    """``root`` is the repository (paths in messages are relative to it)."""

    root: Path
    docs_dir: Path
    taxonomy: Taxonomy

    @classmethod
    def open(cls, root: Path, docs_dir: Path | None = None) -> ContentRepository:
        root = root.resolve()
        docs = (docs_dir or root / "docs").resolve()
        return cls(root, docs, load_taxonomy(find_taxonomy(root)))

    def display(self, path: Path) -> str:
        try:
            absolute = path.absolute() if path.is_symlink() else path.resolve()
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def docs_path(self, path: Path, resolve: bool = True) -> str | None:
        """``path`` relative to docs; ``resolve=False`` keeps a symbolic link's own name."""
        try:
            absolute = path.resolve() if resolve else path.absolute()
            return absolute.relative_to(self.docs_dir).as_posix()
        except ValueError:
            return None

    def markdown_files(self, paths: Iterable[Path] = ()) -> Iterator[Path]:
        """Every Markdown file under ``paths`` (files or folders), or under docs.

        Symbolic links are not pages: :meth:`other_files` reports them.
        """
        for target in list(paths) or [self.docs_dir]:
            if target.is_dir():
                yield from sorted(
                    p
                    for p in target.rglob("*")
                    if p.suffix in MARKDOWN_SUFFIXES and p.is_file() and not p.is_symlink()
                )
            elif target.suffix in MARKDOWN_SUFFIXES and not target.is_symlink():
                yield target

    def other_files(self, paths: Iterable[Path] = ()) -> Iterator[Path]:
        """Every file under docs that the site would publish beside the pages (images,
        PDF, scripts...) and every symbolic link there, under ``paths`` or all of docs."""
        for target in list(paths) or [self.docs_dir]:
            candidates = sorted(target.rglob("*")) if target.is_dir() else [target]
            for path in candidates:
                docs_path = self.docs_path(path, resolve=False)
                if docs_path is None or is_excluded(docs_path):
                    continue
                if path.is_symlink() or (path.is_file() and path.suffix not in MARKDOWN_SUFFIXES):
                    yield path

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
        context = repository_context(self.root, self.docs_dir, self.taxonomy, today or date.today())
        paths = list(paths)
        results = self._each(
            paths,
            lambda display, docs_path, text: check_page(
                display,
                docs_path or PurePath(display).name,
                text,
                context,
                published=docs_path is not None,
            ),
        )
        for path in self.other_files(paths):
            docs_path = self.docs_path(path, resolve=False) or path.name
            problems = check_file(self.display(path), docs_path, path.absolute(), context)
            results.append(ValidationResult(None, problems))
        return results

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
