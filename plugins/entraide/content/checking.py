"""The whole check of one page: its header, then every rule about its content.

One function for every adapter: ``entraide check`` calls it for each file, the
MkDocs plugin can call it for each page it renders, and any later site
generator can too, since nothing here knows about MkDocs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter
from entraide.content.rendering import site_markdown_settings
from entraide.content.rules import RULES, TEXT_RULES, CheckContext, PageSource
from entraide.content.taxonomy import Taxonomy
from entraide.content.validation import ValidationResult, validate_text
from entraide.sources.catalogue import CATALOGUE_PATH, load_catalogue
from entraide.website.model import SiteModel, generated_pages


def repository_context(
    root: Path, site: SiteModel, taxonomy: Taxonomy, today: date
) -> CheckContext:
    """Everything the rules need to know about the repository at ``root`` and its site.

    Raises :class:`~entraide.sources.catalogue.CatalogueError` when the sources
    catalogue exists but is unreadable (without one, sources are not checked), and
    :class:`~entraide.content.rendering.RenderingConfigError` when the site
    configuration cannot say how pages render.
    """
    return CheckContext(
        site.top.docs_dir,
        taxonomy,
        today,
        catalogue=load_catalogue(root / CATALOGUE_PATH),
        generated=generated_pages(taxonomy),
        site_model=site,
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
