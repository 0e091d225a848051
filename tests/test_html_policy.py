"""The HTML allow-list: everything our Markdown extensions produce survives it, untouched;
every payload of issue 18 comes out harmless."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from entraide.content.checking import check_page
from entraide.content.rendering import load_markdown_settings
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy
from entraide.safety.html_changes import html_changes
from entraide.safety.html_policy import sanitize, url_is_allowed
from tests.build_helpers import build, captured_mkdocs_logs, html
from tests.small_site import small_site

ROOT = Path(__file__).resolve().parents[1]

HEADER = """\
---
title: Toutes les extensions
description: Une page qui utilise chaque extension Markdown du site.
type: faq
mediation: [urgence, autonomie]
themes: [logement]
owner: Équipe Entraide
last_reviewed_on: 2026-11-01
review_in: 6 mois
sources: [F1427]
---

# Toutes les extensions

"""

# One sample per extension of mkdocs.yml (and the two-track blocks of our plugin), with
# a piece of the HTML it must produce: the page below uses them all at once.
SAMPLES: dict[str, tuple[str, str]] = {
    "abbr": ("La CAF répond.\n\n*[CAF]: Caisse d'allocations familiales", "<abbr title="),
    "admonition": ('!!! warning "Attention"\n\n    Texte.', '<div class="admonition warning">'),
    "attr_list": (
        '[Bouton](index.md){ .md-button .md-button--primary #bouton title="Aller" }',
        'class="md-button md-button--primary"',
    ),
    "def_list": ("Terme\n:   Définition.", "<dd>"),
    "md_in_html": ("<div markdown>\n**Gras** dans un bloc.\n</div>", "<strong>Gras</strong>"),
    "tables": ("| G | C | D |\n|:--|:-:|--:|\n| a | b | c |", 'align="center"'),
    "toc": ("## Une section", 'class="headerlink"'),
    "pymdownx.details": ('???+ tip "Dépliable"\n\n    Caché.', '<details class="tip" open'),
    "pymdownx.superfences": (
        '```python\ndef f(x):\n    return x + 1  # "commentaire"\n```',
        '<span class="k">def</span>',
    ),
    "pymdownx.tabbed": (
        '=== "Un"\n\n    Premier.\n\n=== "Deux"\n\n    Second.',
        'name="__tabbed_1"',
    ),
    "pymdownx.tasklist": ("- [x] fait\n- [ ] à faire", 'class="task-list-indicator"'),
    "pymdownx.blocks.admonition": (
        "/// admonition | Bloc\n    type: tip\n\nContenu.\n///",
        '<p class="admonition-title">Bloc</p>',
    ),
    "pymdownx.blocks.details": (
        "/// details | Détails\n    type: note\n    open: true\n\nCaché.\n///",
        "<summary>Détails</summary>",
    ),
    "pymdownx.blocks.tab": (
        "/// tab | A\nContenu A.\n///\n\n/// tab | B\nContenu B.\n///",
        "<label",
    ),
    "pymdownx.emoji": (":material-account: :smile:", "<svg"),
    "pymdownx.keys": ("++ctrl+alt+del++", '<kbd class="key-control">'),
    "pymdownx.mark": ("==surligné==", "<mark>"),
    "entraide.tracks": (
        "/// urgence\nFaire pour.\n///\n\n/// autonomie\nFaire avec.\n///",
        "data-track",
    ),
}


def declared_extensions() -> set[str]:
    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Lenient)
    return {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}


def test_every_extension_of_mkdocs_yml_has_a_sample() -> None:
    """A new extension in mkdocs.yml must be tried against the allow-list here."""
    assert declared_extensions() | {"entraide.tracks"} == set(SAMPLES)


@pytest.fixture
def project(tmp_path: Path, repo_root: Path) -> Path:
    return small_site(tmp_path, repo_root)


def article(text: str) -> str:
    return text[text.index("<h1") : text.index("</article>")]


def test_a_page_using_every_extension_is_published_unchanged(project: Path) -> None:
    body = "\n\n".join(sample for sample, _ in SAMPLES.values())
    (project / "docs" / "faq" / "extensions.md").write_text(HEADER + body + "\n", encoding="utf-8")
    with captured_mkdocs_logs() as logs:
        build(project, strict=True)
    page = article(html(project, "faq/extensions"))
    for name, (_, produced) in SAMPLES.items():
        assert produced in page, name
    assert [m for m in logs.messages if "unsafe" in m] == []
    # What readers got went through the allow-list already: a second pass changes nothing.
    assert html_changes(page)[1] == []
    assert "😄" in page and "cdn.jsdelivr" not in page  # emoji as text, never a CDN image


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


FORBIDDEN = {"script", "style", "base", "meta", "link", "form", "iframe", "object", "embed"}
FORBIDDEN |= {"animate", "set", "foreignobject", "button", "math", "use", "frame"}


def assert_harmless(clean: str) -> None:
    parser = Elements()
    parser.feed(clean)
    for tag, attributes in parser.elements:
        assert tag not in FORBIDDEN, clean
        for name, value in attributes.items():
            assert not name.startswith("on") and name not in {"style", "formaction", "action"}
            if name in {"href", "src"}:
                assert url_is_allowed(value, image=tag == "img"), clean
            if name == "id":
                assert not value.startswith("__config"), clean


# Issue 18's payloads, each with the line (in the page) where check must point.
PAYLOADS: list[tuple[str, str]] = [
    ('<base href="http://autre.example/">', "unsafe-html"),
    ('Texte.\n{: tabindex="0" autofocus onfocus="alert(1)" }', "unsafe-html"),
    ('![x](image.png){: onload="alert(1)" }', "unsafe-html"),
    ('## Titre {: onmouseover="alert(1)" }', "unsafe-html"),
    ('[lien](https://www.service-public.fr){: href="javascript:alert(1)" }', "unsafe-link"),
    ("<!--> <img src=x onerror=alert(1)> -->", "unsafe-html"),
    ('<div title="`" onclick="alert(1)">x</div>', "unsafe-html"),
    ('<form action="javascript:alert(1)"><input type="submit"></form>', "unsafe-html"),
    ('<button formaction="javascript:alert(2)">Envoyer</button>', "unsafe-html"),
    (
        '<svg><animate attributeName="href" values="javascript:alert(1)"/>'
        "<a><text>x</text></a></svg>",
        "unsafe-html",
    ),
    ('<meta http-equiv="refresh" content="0;url=https://autre.example">', "unsafe-html"),
    ('<link rel="stylesheet" href="http://autre.example/x.css">', "unsafe-html"),
    ('<style>@import "http://autre.example/x.css";</style>', "unsafe-html"),
    ('<p style="background:url(https://autre.example/x.png)">x</p>', "unsafe-html"),
    ('```{.python onclick="alert(1)" #__config}\nx\n```', "unsafe-html"),
    ("[x](//autre.example/)", "unsafe-link"),
    ('<a href="&#106;ava&#x09;script:alert(1)">x</a>', "unsafe-link"),
    ('<a href=" \x01javascript:alert(1)">x</a>', "unsafe-link"),
    ("![pixel](https://autre.example/pixel.png)", "unsafe-link"),
    ('<div id="__config">{"base": "https://autre.example"}</div>', "unsafe-html"),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "unsafe-html"),
    ("<script>alert(1)</script>", "unsafe-html"),
]


@pytest.mark.parametrize(("payload", "code"), PAYLOADS)
def test_each_payload_is_reported_on_its_line_and_neutralised(
    taxonomy: Taxonomy, tmp_path: Path, payload: str, code: str
) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28), markdown=_SETTINGS)
    text = f"# Page\n\nUn paragraphe.\n\n{payload}\n\nFin.\n"
    problems = [p for p in check_page("docs/a.md", "a.md", text, context).problems]
    unsafe = [(p.code, p.line) for p in problems if p.code.startswith("unsafe")]
    assert unsafe, payload
    assert unsafe[0][1] in range(5, 5 + payload.count("\n") + 1)
    assert code in {c for c, _ in unsafe}
    assert all(p.is_error for p in problems if p.code.startswith("unsafe"))
    assert_harmless(sanitize(context.renderer.render(text)))


_SETTINGS = load_markdown_settings(ROOT / "mkdocs.yml")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.service-public.fr/", True),
        ("mailto:contact@example.org", True),
        ("tel:3939", True),
        ("../procedures/index.md#etapes", True),
        ("#etapes", True),
        ("http://autre.example/", False),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" \tjava\nscript:alert(1)", False),
        ("\x00javascript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox", False),
        ("//autre.example/x", False),
        ("\\\\autre.example/x", False),
        ("/\\autre.example/x", False),
    ],
)
def test_urls(url: str, allowed: bool) -> None:
    assert url_is_allowed(url) is allowed


def test_images_come_from_the_site_or_inline_data() -> None:
    assert url_is_allowed("../assets/carte.png", image=True)
    assert url_is_allowed("data:image/png;base64,iVBORw0KGgo=", image=True)
    assert not url_is_allowed("data:image/svg+xml;base64,PHN2Zz4=", image=True)
    assert not url_is_allowed("https://autre.example/pixel.png", image=True)
