"""The site side of "nothing a contributor writes runs in a reader's browser".

Held apart from ``plugin.py``, which calls one method per MkDocs event:

- :meth:`SiteSafety.filter_files` (``on_files``, first): files that may not be
  published (symbolic links, types outside the allow-list, oversize, SVG with
  script, personal data in a CSV) are dropped, never followed nor copied;
- :meth:`SiteSafety.page_html` (``on_page_content``, last): the page's HTML,
  our own injections included, through the allow-list;
- :meth:`SiteSafety.page_meta` (``on_page_context``): front-matter values the
  theme prints raw, escaped;
- :meth:`SiteSafety.post_page` (``on_post_page``): the Content-Security-Policy
  ``<meta>``, with the hashes of the theme's inline scripts of that page;
- :meth:`SiteSafety.post_build` (``on_post_build``): the same ``<meta>`` in the
  HTML files that are not pages (print views, redirects), and the site-wide
  policy for ``entraide serve``'s header.

Each problem is logged as a warning with file and line, so ``build --strict``
fails; a non-strict build publishes the sanitized page.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from entraide.content.frontmatter import FrontMatterSyntaxError, split_front_matter
from entraide.content.problems import Problem
from entraide.content.rules.files import check_file
from entraide.content.rules.page_source import CheckContext
from entraide.content.rules.unsafe_html import rendered_html_problems
from entraide.content.taxonomy import Taxonomy
from entraide.safety.assets import symlink_inside
from entraide.safety.csp import (
    CSP_META_START,
    SITE_POLICY_FILE,
    content_security_policy,
    theme_script_hashes,
    with_csp_meta,
)
from entraide.safety.template_values import escaped_meta
from entraide.website.model import SiteModel

log = logging.getLogger("mkdocs.plugins.entraide")


class SiteSafety:
    """Per-build state: where the docs are, and the inline-script hashes seen so far."""

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.csp = True
        self.file_scheme = False
        self.hashes: list[str] = []

    def start_build(self, root: Path, *, csp: bool, file_scheme: bool) -> None:
        self.root = root
        self.csp, self.file_scheme = csp, file_scheme
        self.hashes = []

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.is_error:
                log.warning(problem.located())
            else:
                log.info(problem.located())

    def filter_files(self, files: Files, site: SiteModel, taxonomy: Taxonomy) -> None:
        """Drop every file of the site's docs folders that may not be published, saying why."""
        docs_dirs = {layer.docs_dir.resolve() for layer in site.layers}
        context = CheckContext(site.top.docs_dir, taxonomy, date.today())
        for file in list(files):
            if file.generated_by or not file.abs_src_path or not file.src_dir:
                continue
            docs_dir = Path(file.src_dir).resolve()
            if docs_dir not in docs_dirs:
                continue  # the theme's own files
            path = docs_dir / file.src_path
            if file.is_documentation_page() and symlink_inside(path, docs_dir) is None:
                continue  # pages are checked as pages
            problems = check_file(self._display(path), file.src_uri, path, docs_dir, context)
            if any(problem.is_error for problem in problems):
                self._report(problems)
                files.remove(file)

    def page_html(self, html: str, page: MkDocsPage) -> str:
        """The page's HTML as readers get it; each removal is reported on its source line."""
        file: File = page.file
        body, body_line = page.markdown or "", 1
        display = file.src_uri
        if file.abs_src_path and not file.generated_by:
            display = self._display(Path(file.abs_src_path))
            try:
                _, body, body_line = split_front_matter(file.content_string)
            except FrontMatterSyntaxError:
                body = file.content_string
        clean, problems = rendered_html_problems(display, body, body_line, html)
        self._report(problems)
        return clean

    def page_meta(self, page: MkDocsPage) -> None:
        """Front-matter values escaped before the theme prints them (the check says why)."""
        page.meta = escaped_meta(page.meta)

    def post_page(self, output: str, page: MkDocsPage | None) -> str:
        """The page (None: a theme page such as 404.html) with its Content-Security-Policy,
        hashing the theme's inline scripts only, never anything in the page's content."""
        if not self.csp:
            return output
        hashes = theme_script_hashes(output, page.content if page is not None else None)
        self.hashes.extend(h for h in hashes if h not in self.hashes)
        return with_csp_meta(output, content_security_policy(hashes, file_scheme=self.file_scheme))

    def post_build(self, site_dir: Path) -> None:
        """The policy in the HTML files that are not pages (print views, redirects), then one
        policy for the whole site, for servers that send it as a header."""
        if self.csp:
            for path in site_dir.rglob("*.html"):
                with path.open(encoding="utf-8", errors="replace") as start:
                    if CSP_META_START in start.read(4096):
                        continue
                text = path.read_text(encoding="utf-8")
                path.write_text(self.post_page(text, None), encoding="utf-8")
        policy = content_security_policy(self.hashes, file_scheme=self.file_scheme)
        (site_dir / SITE_POLICY_FILE).write_text(policy + "\n", encoding="utf-8")
