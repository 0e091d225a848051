"""What a page's HTML may contain: one allow-list, applied with ``nh3`` (Rust's ammonia).

Markdown lets raw HTML through, and ``attr_list`` lets any attribute onto any
element; a list of forbidden things read from the source always misses one
(an abrupt comment ``<!-->``, an entity in a scheme, an SVG animation). So the
rendered HTML is parsed as a browser parses it and rebuilt from what is listed
here, which is exactly what our Markdown extensions (``mkdocs.yml``), our
two-track blocks (:mod:`entraide.tracks`) and our own injections
(:mod:`entraide.presentation`, the page history) produce, and nothing else:

- no event handler, no ``style`` (attribute or element), no ``base``, ``meta``,
  ``link``, ``form``, ``iframe``, ``object``, ``embed``, ``script``, no SVG
  beyond the static shapes of Material's icons (no ``animate``, ``set``,
  ``use``, ``foreignObject``, no ``href`` in SVG), no MathML;
- links only to ``https:``, ``mailto:``, ``tel:`` or a relative address, judged
  after the parser decoded entities and after removing whitespace and control
  characters (``java\\tscript:``, ``&#106;avascript:``, ``//other.host``);
- images only from the site itself (a relative address or inline PNG, JPEG,
  GIF or WebP data): a remote image tells another host who reads which page;
- classes of the extensions and of our own blocks only, and no ``__`` ids but
  the tabs' (Material's own script finds its configuration by such ids).

Nothing here knows about MkDocs: any generator can call :func:`sanitize`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3

URL_SCHEMES = frozenset({"https", "mailto", "tel"})

_TEXT = frozenset(
    {
        "p", "br", "hr", "blockquote", "pre", "code", "kbd", "samp", "var", "mark", "abbr",
        "dfn", "q", "cite", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup",
        "small", "span", "div", "section", "aside", "figure", "figcaption", "a", "img",
        "h1", "h2", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
_LISTS_AND_TABLES = frozenset(
    {
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
# pymdownx.details and admonitions; pymdownx.tabbed (radio inputs and labels);
# pymdownx.tasklist (disabled checkboxes).
_WIDGETS = frozenset({"details", "summary", "input", "label"})
# The static shapes of Material's icons (``:material-…:``), inlined by the emoji extension.
_SVG = frozenset({"svg", "path", "g", "circle", "ellipse", "rect", "line", "polyline", "polygon"})

ALLOWED_TAGS = _TEXT | _LISTS_AND_TABLES | _WIDGETS | _SVG

_GLOBAL = frozenset({"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden"})
_SHAPE = frozenset({"fill", "fill-rule", "clip-rule", "transform", "opacity"})
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": _GLOBAL,
    # data-adresse: the printed address of a link (presentation/print_links.py).
    "a": frozenset({"href", "hreflang", "data-adresse"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    # Our blocks: tracks (tracks.py), tabs (pymdownx.tabbed), review notice (presentation/).
    "section": frozenset({"data-track"}),
    "div": frozenset({"data-tabs", "data-review-expired", "hidden"}),
    "p": frozenset({"data-review-due"}),
    "svg": frozenset({"xmlns", "viewBox", "width", "height", "fill"}),
    "path": _SHAPE | {"d"},
    "g": _SHAPE,
    "circle": _SHAPE | {"cx", "cy", "r"},
    "ellipse": _SHAPE | {"cx", "cy", "rx", "ry"},
    "rect": _SHAPE | {"x", "y", "width", "height", "rx", "ry"},
    "line": _SHAPE | {"x1", "y1", "x2", "y2"},
    "polyline": _SHAPE | {"points"},
    "polygon": _SHAPE | {"points"},
}

_ADMONITION_TYPES = frozenset(
    {
        "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
        "success", "check", "done", "question", "help", "faq", "warning", "caution",
        "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
        "quote", "cite",
    }
)  # fmt: skip
ALLOWED_CLASSES = _ADMONITION_TYPES | {
    "admonition", "admonition-title", "headerlink", "md-button", "md-button--primary",
    "twemoji", "keys", "highlight", "highlighttable", "linenos", "linenodiv", "filename",
    "tabbed-set", "tabbed-alternate", "tabbed-labels", "tabbed-content", "tabbed-block",
    "task-list", "task-list-item", "task-list-control", "task-list-indicator",
    "md-source-file", "md-source-file__fact",
}  # fmt: skip
# pymdownx.keys (``key-ctrl``), fenced code languages, Pygments' short token classes
# (``k``, ``nf``, ``s2``, ``c1``...), and our own blocks (``entraide-…``).
_CLASS_PATTERN = re.compile(
    r"key-[a-z0-9-]+|language-[a-z0-9+#_-]+|[a-z]{1,3}[0-9]?|entraide-[a-z0-9_-]+"
)
# Material's own script and layout use ``__``-prefixed ids (``__config``, ``__search``,
# ``__drawer``...): a page must not take them over. Tabs and code lines are the exceptions.
_RESERVED_ID = re.compile(r"__(?!tabbed_\d|codelineno-|span-)")
_TAB_NAME = re.compile(r"__tabbed_\d+")
_ALIGN = frozenset({"left", "center", "right"})
_INPUT_TYPES = frozenset({"checkbox", "radio"})
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# WHATWG URL parsing drops ASCII tab and newlines anywhere, C0 controls and spaces at the ends.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.I)


def url_is_allowed(value: str, *, image: bool = False) -> bool:
    """``https:``, ``mailto:``, ``tel:`` or relative; for an image, relative or inline data.

    ``value`` is the attribute as the browser sees it (entities already decoded).
    A leading ``//`` or ``\\\\`` names another host although it has no scheme.
    """
    url = _IGNORED_IN_URL.sub("", value)
    if url[:2].replace("\\", "/") == "//":
        return False
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    if image:
        return _IMAGE_DATA.match(url) is not None
    return scheme[1].lower() in URL_SCHEMES


def _classes(value: str) -> str | None:
    kept = [c for c in value.split() if c in ALLOWED_CLASSES or _CLASS_PATTERN.fullmatch(c)]
    return " ".join(kept) or None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Values the tag/attribute lists alone cannot judge; None drops the attribute."""
    if attribute in _URL_ATTRIBUTES:
        return value if url_is_allowed(value, image=tag == "img") else None
    if attribute == "class":
        return _classes(value)
    if attribute in ("id", "for"):
        return None if _RESERVED_ID.match(value) else value
    if attribute == "name":
        return value if _TAB_NAME.fullmatch(value) else None
    if attribute == "align":
        return value if value.lower() in _ALIGN else None
    if tag == "input" and attribute == "type":
        return value if value.lower() in _INPUT_TYPES else None
    return value


def sanitize(html: str) -> str:
    """``html`` rebuilt from the allow-list: what readers get.

    Comments go too (an ``<!-->`` comment is how markup hides from a source check);
    ``script`` and ``style`` go with their content.
    """
    return str(
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=_filter,
            strip_comments=True,
            link_rel=None,
            # "data" for inline images only: the attribute filter refuses it anywhere else.
            url_schemes={*URL_SCHEMES, "data"},
        )
    )


_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][^\s/>]*)")
_NAME_EQUALS = re.compile(r"""[\s"'/]([^\s"'<>/=`]++)\s*=""")
_BOOLEAN_ATTRIBUTES = frozenset(
    {
        "autofocus", "hidden", "open", "checked", "disabled", "download", "inert", "async",
        "defer", "nomodule", "novalidate", "formnovalidate", "readonly", "required",
        "multiple", "selected", "reversed", "controls", "autoplay", "loop", "muted",
        "playsinline", "allowfullscreen", "itemscope", "default", "ismap", "contenteditable",
        "draggable", "popover",
    }
)  # fmt: skip
# Schemes kept by the plain re-serialisation, so that their removal shows as a change.
_KNOWN_SCHEMES = frozenset(
    {
        "https", "http", "mailto", "tel", "javascript", "vbscript", "livescript", "data",
        "file", "ftp", "blob", "filesystem", "ws", "wss", "sms", "intent", "jar", "view-source",
    }
)  # fmt: skip


def reserialize(html: str) -> str:
    """``html`` parsed and written back as :func:`sanitize` writes it, removing only
    comments (and addresses of schemes outside :data:`_KNOWN_SCHEMES`): what
    :func:`sanitize`'s output is compared with to see what it changed. Names are
    gathered with cheap patterns (a regex walk of every tag costs more than parsing)."""
    tags = {name.lower() for name in _TAG_NAME.findall(html)}
    # Every "name=" anywhere (more than the attributes is harmless), and the boolean ones.
    found = _NAME_EQUALS.findall(html)
    names = {*found, *(name.lower() for name in found), *_BOOLEAN_ATTRIBUTES}
    return str(
        nh3.clean(
            html,
            tags=tags,
            clean_content_tags=set(),
            attributes={"*": names},
            strip_comments=True,
            link_rel=None,
            url_schemes=set(_KNOWN_SCHEMES),
            generic_attribute_prefixes={"data-", "aria-", "on"},
        )
    )
