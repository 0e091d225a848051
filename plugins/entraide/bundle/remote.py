"""What a built page would load from elsewhere: the offline copy must load nothing outside.

Links may point outside (a person clicks them when online); resources the
browser loads by itself (scripts, styles, images, frames, fonts) may not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_RESOURCE = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc\s*=\s*[\"']?"
    r"(?P<src>(?:https?:)?//[^\"'\s>]+)"
    r"|<link\b(?=[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preload|modulepreload|icon))"
    r"[^>]*?\bhref\s*=\s*[\"']?(?P<href>(?:https?:)?//[^\"'\s>]+)"
    r"|url\(\s*[\"']?(?P<url>(?:https?:)?//[^\"')\s]+)",
    re.IGNORECASE,
)


def remote_resources(site_dir: Path) -> Iterator[tuple[str, str]]:
    """``(file, address)`` for each resource a page or stylesheet would fetch from elsewhere."""
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _RESOURCE.finditer(text):
            address = match["src"] or match["href"] or match["url"]
            yield path.relative_to(site_dir).as_posix(), address
