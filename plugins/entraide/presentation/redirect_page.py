"""The small HTML page left at a moved page's old address.

No script: the site's content security policy allows none inline, and a meta
refresh plus a visible link work everywhere, even from a file on disk. The page
is not indexed by search engines and names the new address as canonical.
"""

from __future__ import annotations

from html import escape


def redirect_html(target_url: str) -> str:
    url = escape(target_url, quote=True)
    return (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        "<title>Cette page a déménagé</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n"
        f'<p>Cette page a déménagé : <a href="{url}">'
        "suivez ce lien vers sa nouvelle adresse</a>.</p>\n"
        "</body>\n</html>\n"
    )
