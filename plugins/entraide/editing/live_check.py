"""``entraide check`` on a draft, as a person types it in the browser, before anything is saved.

The draft is judged exactly as the file would be (:func:`~entraide.content.checking.check_page`
with the repository's context: taxonomy, sources catalogue, the site's pages for
links, its Markdown settings), so a proposal that passes here passes ``check``
and the strict build after it is accepted. Each problem says where it is in the
terms of the form: the header field it concerns
(:func:`~entraide.editing.field_lines.problem_field`), or the line of the body.
Personal data is named as such: the editor refuses to save a draft holding any.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from entraide.content.checking import check_page, repository_context
from entraide.content.frontmatter import FrontMatter
from entraide.content.problems import Problem
from entraide.content.rendering import RenderingConfigError
from entraide.content.rules.page_source import CheckContext
from entraide.content.taxonomy import Taxonomy
from entraide.editing.field_lines import problem_field
from entraide.editing.fields import FormField, form_fields
from entraide.editing.limits import page_too_large
from entraide.editing.page_paths import repository_path
from entraide.sources.catalogue import CatalogueError
from entraide.website.model import SiteModel

PERSONAL_DATA_PREFIX: Final = "personal-data-"
# The site's pages (for links) are listed again after this many seconds: a page
# accepted meanwhile becomes a valid link target without restarting the server.
CONTEXT_LIFETIME: Final = 30.0


@dataclass(frozen=True)
class DraftProblem:
    """A problem of the draft, placed for the form.

    ``line`` is the line in the whole page text; ``field`` the header key it is
    about (None in the body) and ``field_label`` the words the form shows for it;
    ``body_line`` the line in the body editor (None in the header).
    """

    line: int
    field: str | None
    field_label: str | None
    body_line: int | None
    code: str
    severity: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def is_personal_data(self) -> bool:
        return self.code.startswith(PERSONAL_DATA_PREFIX)

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "field": self.field,
            "field_label": self.field_label,
            "body_line": self.body_line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class DraftCheck:
    problems: tuple[DraftProblem, ...]

    @property
    def errors(self) -> tuple[DraftProblem, ...]:
        return tuple(problem for problem in self.problems if problem.is_error)

    @property
    def has_personal_data(self) -> bool:
        return any(problem.is_personal_data and problem.is_error for problem in self.problems)

    def as_dict(self) -> dict[str, object]:
        return {
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "personal_data": self.has_personal_data,
            "problems": [problem.as_dict() for problem in self.problems],
        }


def _placed(
    problem: Problem, text: str, front_matter: FrontMatter | None, fields: Sequence[FormField]
) -> DraftProblem:
    body_start = front_matter.body_line if front_matter is not None else 1
    form_field = problem_field(problem, text, fields)
    in_body = form_field is None and problem.line >= body_start
    return DraftProblem(
        line=problem.line,
        field=form_field.key if form_field is not None else None,
        field_label=form_field.label if form_field is not None else None,
        body_line=problem.line - body_start + 1 if in_body else None,
        code=problem.code,
        severity=str(problem.severity),
        message=problem.message,
    )


class LiveChecker:
    """Checks drafts against one repository; safe to call from several threads.

    The check context (catalogue, site pages, Markdown renderer) is costly to
    make and its renderer is not thread-safe: one is kept, refreshed after
    :data:`CONTEXT_LIFETIME` seconds or on a new day, and used under a lock.
    """

    def __init__(
        self,
        root: Path,
        docs_dir: Path,
        taxonomy: Taxonomy,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.root = root.resolve()
        self.docs_dir = docs_dir.resolve()
        self.taxonomy = taxonomy
        self.fields = form_fields(taxonomy)
        self._today = today
        self._lock = threading.Lock()
        self._context: CheckContext | None = None
        self._made_at = 0.0

    def _current_context(self) -> CheckContext:
        today = self._today()
        stale = time.monotonic() - self._made_at > CONTEXT_LIFETIME
        if self._context is None or stale or self._context.today != today:
            site = SiteModel.plain(self.docs_dir, self.root)
            self._context = repository_context(self.root, site, self.taxonomy, today)
            self._made_at = time.monotonic()
        return self._context

    def check(self, docs_path: str, text: str) -> DraftCheck:
        """Every problem of ``text`` as the page ``docs_path`` (already a safe path).

        Raises :class:`~entraide.sources.catalogue.CatalogueError` or
        :class:`~entraide.content.rendering.RenderingConfigError` when the
        repository itself cannot be read (French messages).
        """
        too_large = page_too_large(text)
        if too_large:
            return DraftCheck(
                (DraftProblem(1, None, None, None, "page-too-large", "error", too_large),)
            )
        display = repository_path(self.root, self.docs_dir, docs_path)
        with self._lock:
            result = check_page(display, docs_path, text, self._current_context())
        return DraftCheck(
            tuple(_placed(p, text, result.front_matter, self.fields) for p in result.problems)
        )

    def merge_refusal(self, docs_path: str, merged_text: str, main_branch: str) -> str | None:
        """Why the page as an accepted proposal's merge would write it must not reach
        ``main_branch`` (French), or None.

        The strict rebuild refuses a page ``check`` finds errors in, which would leave
        ``main`` ahead of the served site. The text is the merged one, which differs
        from the proposal's when ``main`` changed the page since. A check the
        repository cannot run (unreadable catalogue or site configuration) refuses
        nothing: the review page shows it as unavailable and the reviewer decides.
        """
        try:
            errors = self.check(docs_path, merged_text).errors
        except (CatalogueError, RenderingConfigError):
            return None
        if not errors:
            return None
        return (
            "La vérification trouve des erreurs dans la page telle que la fusion l'écrirait "
            f"(la proposition, avec ce qui a changé dans {main_branch} depuis) : elle ne peut "
            "pas être publiée telle quelle. Renvoyez-la à son auteur avec une note."
        )
