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
from entraide.safety.assets import symlink_inside
from entraide.website.model import SiteFile, SiteModel, is_markdown, walk


def _linked(file: SiteFile) -> bool:
    """True when the file is reached through a symbolic link inside its docs folder."""
    return symlink_inside(file.source, file.layer.docs_dir) is not None


def _unresolved(path: Path) -> Path:
    """``path`` made absolute with its folder resolved but its own name kept (a link stays)."""
    absolute = path.absolute()
    return absolute.parent.resolve() / absolute.name


def _under(source: Path, target: Path) -> bool:
    return source == target or source.is_relative_to(target)


@dataclass(frozen=True)
class ContentRepository:
    """``root`` is the repository (paths in messages are relative to it); ``site`` its pages.

    ``settings_root`` holds the site's ``mkdocs.yml`` and sources catalogue: the
    repository itself, or in a network the base it builds on; ``unpublished``
    the docs paths of pages the site leaves out (a network's hidden pages).
    """

    root: Path
    site: SiteModel
    taxonomy: Taxonomy
    settings_root: Path | None = None
    unpublished: frozenset[str] = frozenset()

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
        published = self.site.of_source(path) or self.site.written_source(path)
        if published is not None:
            return published.display
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def docs_path(self, path: Path) -> str | None:
        published = self.site.of_source(path) or self.site.written_source(path)
        return published.path if published is not None else None

    def markdown_files(self, paths: Iterable[Path] = ()) -> Iterator[Path]:
        """Every Markdown file under ``paths`` (files or folders), or every page of the site.

        A symbolic link is never read as a page: :meth:`other_files` reports it.
        """
        targets = list(paths)
        if not targets:
            yield from (
                file.source
                for file in self.site.written_pages()
                if file.path not in self.unpublished and not _linked(file)
            )
        for target in targets:
            if target.is_dir():
                yield from (
                    source
                    for path, source in walk(target)
                    if is_markdown(path) and symlink_inside(source, target) is None
                )
            elif not target.is_symlink() and (
                is_markdown(target.name) or self.site.of_source(target) is None
            ):
                yield target

    def other_files(self, paths: Iterable[Path] = ()) -> Iterator[SiteFile]:
        """What the site publishes beside its pages (images, PDF, scripts...) and every
        symbolic link it would follow, under ``paths`` (files or folders) or everywhere."""
        targets = [_unresolved(path) for path in paths]
        for file in self.site.files.values():
            if file.is_markdown and not _linked(file):
                continue
            if targets and not any(_under(file.source, target) for target in targets):
                continue
            yield file

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
        context = repository_context(
            self.settings_root or self.root, self.site, self.taxonomy, today or date.today()
        )
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
        for file in self.other_files(paths):
            problems = check_file(
                file.display, file.path, file.source, file.layer.docs_dir, context
            )
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
