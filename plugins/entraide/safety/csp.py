"""The Content-Security-Policy of every page: defence in depth behind the HTML allow-list.

Should anything slip past the sanitizer, the browser still refuses to run it:
scripts only from the site's own files, plus the theme's few inline scripts
named by their hash (computed from each built page, so a theme update needs
no change here), no plugin objects, no ``<base>``, forms only to the site.
Styles need no ``'unsafe-inline'``: the theme sets styles through the CSSOM,
which a policy does not restrict, and the allow-list removes every ``style``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Beside a built site, hidden (``entraide serve`` never serves dot files): the policy
# covering every page of the site, which a server sends as a header.
SITE_POLICY_FILE = ".entraide-csp"

_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JAVASCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` of each inline script of ``html`` a browser would run, in order, once each.

    JSON data blocks (``<script type="application/json">``) never run: not listed.
    """
    hashes: list[str] = []
    for script in _SCRIPT.finditer(html):
        attributes = script["attributes"]
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind[1].lower() not in _JAVASCRIPT_TYPES):
            continue
        digest = hashlib.sha256(script["body"].encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def theme_script_hashes(output: str, content: str | None) -> list[str]:
    """:func:`inline_script_hashes` of a built page, never counting a script of its ``content``.

    The theme may print the content in pieces (the page partials go between the
    title and the text), so each of the content's scripts is taken out of the
    page once, wherever it landed; a theme script that happens to be identical
    keeps its own occurrence.
    """
    theme_part = output
    for script in _SCRIPT.finditer(content or ""):
        theme_part = theme_part.replace(script[0], "", 1)
    return inline_script_hashes(theme_part)


def content_security_policy(script_hashes: Iterable[str], *, file_scheme: bool = False) -> str:
    """The policy for pages whose inline scripts have these hashes.

    ``file_scheme`` adds ``file:`` to the site's own sources, for browsers that do
    not count a ``file://`` page's neighbours as ``'self'`` (Chromium does;
    Firefox gives each local file its own origin).
    """
    own = "'self' file:" if file_scheme else "'self'"
    scripts = " ".join([own, *script_hashes])
    return (
        f"default-src {own}; script-src {scripts}; style-src {own}; img-src {own} data:; "
        f"font-src {own}; connect-src {own}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


CSP_META_START = '<meta http-equiv="Content-Security-Policy"'


def with_csp_meta(html: str, policy: str) -> str:
    """``html`` with the policy as a ``<meta http-equiv>`` before anything it governs."""
    meta = f'{CSP_META_START} content="{policy}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return meta + html
    return html[: anchor.end()] + meta + html[anchor.end() :]
