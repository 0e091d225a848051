"""Text placed in generated Markdown (owners, titles, Git names) renders back as that text."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from entraide.content.markdown_text import markdown_literal
from entraide.content.rendering import load_markdown_settings, site_renderer
from entraide.content.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parents[1]


def markup_only(html: str) -> str:
    return re.sub(r">[^<]*<", "><", html)


@pytest.mark.parametrize(
    "text",
    [
        'Équipe {: onclick="alert(1)" }',
        "<img src=x onerror=alert(1)>",
        "Eve ![pixel](https://autre.example/pixel.png)",
        "Mallory [clic](javascript:alert(1))",
        "&lt;b&gt; *gras* _souligné_ `code` \\ # + - . !",
        "Réseau France Services (Drôme) – 2026",
    ],
)
def test_text_renders_as_itself_and_nothing_else(taxonomy: Taxonomy, text: str) -> None:
    renderer = site_renderer(load_markdown_settings(ROOT / "mkdocs.yml"), taxonomy)
    literal = markdown_literal(text)
    heading = renderer.render(f"## {literal}")
    item = renderer.render(f"- [{literal}](page.md) — {literal}")
    assert markup_only(heading).startswith('<h2 id="') and "<img" not in markup_only(heading)
    assert markup_only(item) == '<ul><li><a href="page.md"></a></li></ul>'
    shown = unescape(re.sub(r"<[^>]+>", "", heading.split('<a class="headerlink"')[0]))
    assert shown == text
    assert unescape(re.sub(r"<[^>]+>", "", item)).strip() == f"{text} — {text}"
