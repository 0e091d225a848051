"""Links written out on paper: each link of a page carries its short address for print.

A printed page cannot be clicked. Print CSS shows ``data-adresse`` after each
link; the address is computed here, at build time, because CSS cannot shorten
a URL (drop ``https://``, ``www.``, the query and a trailing slash).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import urlsplit

_LINK = re.compile(r"<a\b(?P<attrs>[^>]*?)\bhref=\"(?P<href>[^\"]*)\"(?P<rest>[^>]*)>", re.I)


def short_address(url: str) -> str:
    """``https://www.caf.fr/allocataires/?x=1#y`` -> ``caf.fr/allocataires``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path).rstrip("/")


def with_print_addresses(html: str, absolute: Callable[[str], str | None]) -> str:
    """Add ``data-adresse`` to each link whose public address is known.

    ``absolute(href)`` gives the link's public address (None: not worth printing,
    such as an anchor in the same page).
    """

    def add(match: re.Match[str]) -> str:
        if "data-adresse" in match["attrs"] + match["rest"]:
            return match.group()
        target = absolute(unescape(match["href"]))
        if not target:
            return match.group()
        return match.group()[:-1] + f' data-adresse="{escape(short_address(target))}">'

    return _LINK.sub(add, html)
