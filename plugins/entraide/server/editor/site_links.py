"""« Proposer une modification » and « Proposer une page » on the served site, with ``--edit`` only.

The published site never carries them: the static files are the same for every
host, and a script requesting ``/edition/`` would fail (or worse, reach
something else) on a static host or from disk. So the links are written into
the HTML as ``entraide serve --edit`` sends it: after the page's first
``</h1>`` (or at the start of the article), for pages built from a Markdown file
a person can edit. Section pages (the ``index.md`` of a folder where pages of a
type live) also get « Proposer une page » for that folder.

Every visitor of an ``--edit`` server sees them: the session cookie is scoped to
``/edition`` (the site's pages never receive it), so a page cannot know who is
signed in; the links lead to the sign-in page, which comes back to the form.
HTML pages are sent uncached: whether they carry the links depends on the
server's mode, not on the file alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import quote, unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entraide.editing.page_paths import PagePathError, docs_page_path, page_file
from entraide.server.editor import paths

_ARTICLE: Final = re.compile(r"<article\b[^>]*>", re.I)
_H1_END: Final = re.compile(r"</h1\s*>", re.I)
# A rewritten page is held in memory; larger files are sent as they are.
MAX_REWRITTEN_BYTES: Final = 8_000_000


def source_candidates(url_path: str) -> list[str]:
    """The docs paths MkDocs could have built the page at ``url_path`` from, likeliest first.

    ``/faq/acces/`` (directory URLs) comes from ``faq/acces.md`` or
    ``faq/acces/index.md``; ``/faq/acces.html`` from ``faq/acces.md``.
    """
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        folder = path.rstrip("/")
        prefix = f"{folder}/" if folder else ""
        candidates = [f"{prefix}index.md", f"{prefix}README.md"]
        if folder:
            candidates.append(f"{folder}.md")
        return candidates
    if path.endswith("/index.html"):
        folder = path.removesuffix("/index.html")
        return [f"{folder}/index.md", f"{folder}/README.md", f"{folder}.md"]
    if path == "index.html":
        return ["index.md", "README.md"]
    if path.endswith(".html"):
        return [f"{path.removesuffix('.html')}.md"]
    return []


class EditLinks:
    """ASGI middleware around the site's files adding the editor's links to HTML pages.

    ``section_folders`` are the docs folders whose ``index.md`` invites new pages
    (the folders of the taxonomy's page types, and their sub-folders).
    """

    def __init__(
        self,
        app: ASGIApp,
        docs_dir: Path,
        generated: Collection[str],
        section_folders: Collection[str],
    ) -> None:
        self.app = app
        self.docs_dir = docs_dir
        self.generated = frozenset(generated)
        self.section_folders = tuple(section_folders)

    def source_of(self, url_path: str) -> str | None:
        """The editable docs path the page at ``url_path`` was built from, if any."""
        for candidate in source_candidates(url_path):
            try:
                path = docs_page_path(candidate, self.generated)
                if page_file(self.docs_dir, path).is_file():
                    return path
            except PagePathError:
                continue
        return None

    def section_of(self, source: str) -> str | None:
        """The folder a section page invites new pages into, or None for other pages."""
        page = PurePosixPath(source)
        if page.name not in ("index.md", "README.md"):
            return None
        folder = page.parent.as_posix()
        for section in self.section_folders:
            if folder == section or folder.startswith(f"{section}/"):
                return folder
        return None

    def links_html(self, source: str) -> str:
        edit = f"{paths.EDIT_PAGE}?page={quote(source, safe='')}"
        links = [f'<a class="md-button" href="{html.escape(edit)}">Proposer une modification</a>']
        section = self.section_of(source)
        if section is not None:
            new = f"{paths.NEW_PAGE}?section={quote(section, safe='')}"
            links.append(
                f'<a class="md-button md-button--primary" href="{html.escape(new)}">'
                "Proposer une page</a>"
            )
        return f'<p class="entraide-edition">{" ".join(links)}</p>'

    def rewritten(self, page: str, source: str) -> str:
        links = self.links_html(source)
        article = _ARTICLE.search(page)
        if article is None:
            return page
        heading = _H1_END.search(page, article.end())
        at = heading.end() if heading is not None else article.end()
        return page[:at] + links + page[at:]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        source = self.source_of(str(scope.get("path", "")))
        if source is None:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()
        passing = False

        async def rewrite(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                if message["status"] != 200 or not is_html:
                    passing = True
                    await send(message)
                    return
                start = message
                return
            body.extend(message.get("body", b""))
            if len(body) > MAX_REWRITTEN_BYTES:
                passing = True
                assert start is not None
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body), "more_body": True})
                return
            if message.get("more_body", False):
                return
            assert start is not None
            text = body.decode("utf-8", errors="surrogateescape")
            content = self.rewritten(text, source).encode("utf-8", errors="surrogateescape")
            kept = [
                (name, value)
                for name, value in start.get("headers", [])
                if name.lower() not in (b"content-length", b"etag", b"last-modified")
            ]
            kept += [
                (b"content-length", str(len(content)).encode()),
                (b"cache-control", b"no-store"),
            ]
            await send({**start, "headers": kept})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, rewrite)
