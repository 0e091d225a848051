"""The whole check of one page: its header, then every rule about its content.

One function for every adapter: ``entraide check`` calls it for each file, the
MkDocs plugin can call it for each page it renders, and any later site
generator can too, since nothing here knows about MkDocs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter
from entraide.content.listings import FACET_FOLDERS, facet_index_path, listing_path
from entraide.content.rendering import site_markdown_settings
from entraide.content.rules import RULES, TEXT_RULES, CheckContext, PageSource
from entraide.content.taxonomy import Taxonomy
from entraide.content.validation import ValidationResult, validate_text
from entraide.freshness.report import REVIEW_PAGE
from entraide.history.recent import FEED, RECENT_PAGE
from entraide.sources.catalogue import CATALOGUE_PATH, load_catalogue


def generated_pages(taxonomy: Taxonomy) -> frozenset[str]:
    """The pages the site adds at build time (listings, review list, news), which pages may
    link to although no file exists."""
    paths = {REVIEW_PAGE, RECENT_PAGE, FEED}
    paths.update(facet_index_path(facet) for facet in FACET_FOLDERS)
    paths.update(
        listing_path(facet, slug) for facet in FACET_FOLDERS for slug in taxonomy.facet(facet)
    )
    return frozenset(paths)


def repository_context(root: Path, docs_dir: Path, taxonomy: Taxonomy, today: date) -> CheckContext:
    """Everything the rules need to know about the repository at ``root``.

    Raises :class:`~entraide.sources.catalogue.CatalogueError` when the sources
    catalogue exists but is unreadable (without one, sources are not checked), and
    :class:`~entraide.content.rendering.RenderingConfigError` when the site
    configuration cannot say how pages render.
    """
    return CheckContext(
        docs_dir,
        taxonomy,
        today,
        catalogue=load_catalogue(root / CATALOGUE_PATH),
        generated=generated_pages(taxonomy),
        markdown=site_markdown_settings(root),
    )


def _body(text: str, result: ValidationResult) -> tuple[str, int]:
    if result.front_matter is not None:
        return result.front_matter.body, result.front_matter.body_line
    try:
        _, body, body_line = split_front_matter(text)
    except FrontMatterSyntaxError:
        return text, 1
    return body, body_line


def check_page(
    display: str, docs_path: str, text: str, context: CheckContext, *, published: bool = True
) -> ValidationResult:
    """Every problem of one page, sorted by line.

    ``display`` is the path shown in messages (relative to the repository root),
    ``docs_path`` the page's path relative to ``context.docs_dir``. A file outside
    the docs folder (``published=False``) is not part of the site: its links are
    not the site's, so only the rules about what it says apply.
    """
    result = validate_text(display, docs_path, text, context.taxonomy, context.today)
    body, body_line = _body(text, result)
    source = PageSource(
        display=display,
        docs_path=docs_path,
        text=text,
        body=body,
        body_line=body_line,
        front_matter=result.front_matter,
        page=result.page,
        context=context,
    )
    problems = list(result.problems)
    for rule in RULES if published else TEXT_RULES:
        problems.extend(rule(source))
    return ValidationResult(result.page, sorted(problems), result.front_matter)
