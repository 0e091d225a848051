"""Unsafe HTML: anything that would run code in a reader's browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entraide.content.checking import check_page
from entraide.content.rules import CheckContext
from entraide.content.taxonomy import Taxonomy


def unsafe(taxonomy: Taxonomy, tmp_path: Path, body: str) -> list[tuple[str, int]]:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    result = check_page("docs/aide.md", "aide.md", body, context)
    return [(p.code, p.line) for p in result.problems if p.code.startswith("unsafe")]


@pytest.mark.parametrize(
    ("snippet", "code"),
    [
        ("<script>alert('x')</script>", "unsafe-html"),
        ('<SCRIPT src="https://exemple.fr/a.js"></SCRIPT>', "unsafe-html"),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "unsafe-html"),
        ('<object data="a.swf"></object>', "unsafe-html"),
        ('<embed src="a.swf">', "unsafe-html"),
        ('<img src="a.png" onerror="alert(1)">', "unsafe-html"),
        ('<a href="#" onclick="voler()">clic</a>', "unsafe-html"),
        ("[clic](javascript:alert(1))", "unsafe-link"),
        ("[clic](JavaScript:void(0))", "unsafe-link"),
        ('<a href="jav&#x61;script:alert(1)">clic</a>', "unsafe-link"),
        ("[page](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
        ("[ref]: vbscript:msgbox\n\nVoir [clic][ref].", "unsafe-link"),
    ],
)
def test_unsafe_html_is_reported_on_its_line(
    taxonomy: Taxonomy, tmp_path: Path, snippet: str, code: str
) -> None:
    problems = unsafe(taxonomy, tmp_path, f"# Page\n\nTexte.\n\n{snippet}\n")
    assert problems[0] == (code, 5)
    assert {c for c, _ in problems} == {code}


def test_a_handler_on_a_continuation_line_points_at_it(taxonomy: Taxonomy, tmp_path: Path) -> None:
    body = "# Page\n\n<div class='x'\n  onmouseover='x()'>survol</div>\n"
    assert unsafe(taxonomy, tmp_path, body) == [("unsafe-html", 4)]


@pytest.mark.parametrize(
    "snippet",
    [
        "`<script>` est une balise dangereuse.",
        "```html\n<script>alert(1)</script>\n<iframe src=x></iframe>\n```",
        "<!-- <script>alert(1)</script> -->",
        "Le mot onclick= dans une phrase, ou la description d'un script.",
        '<span title="online">En ligne</span> <abbr title="once">x</abbr>',
        "[le site](https://www.service-public.fr/particuliers/vosdroits/F1427)",
        "Un lien « javascript: » se reconnaît à son début.",
        "![logo](data:image/png;base64,iVBORw0KGgo=)",
        "<details><summary>Plus</summary>Texte</details>",
    ],
)
def test_safe_look_alikes_pass(taxonomy: Taxonomy, tmp_path: Path, snippet: str) -> None:
    assert unsafe(taxonomy, tmp_path, f"# Page\n\n{snippet}\n") == []


def test_message_says_what_to_do(taxonomy: Taxonomy, tmp_path: Path) -> None:
    context = CheckContext(tmp_path, taxonomy, date(2026, 11, 28))
    body = '# Page\n\n<iframe src="https://simulateur.example.org"></iframe>\n'
    [problem] = check_page("docs/aide.md", "aide.md", body, context).problems
    assert problem.is_error
    assert "<iframe> est interdite" in problem.message
    assert "mettez un lien vers le site officiel" in problem.message


def test_scheme_hidden_by_an_entity_is_still_caught(taxonomy: Taxonomy, tmp_path: Path) -> None:
    found = unsafe(taxonomy, tmp_path, "[Ouvrir](&#106;avascript:alert(1))\n")
    assert [code for code, _ in found] == ["unsafe-link"]
