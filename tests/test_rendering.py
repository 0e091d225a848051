"""Pages render for `entraide check` exactly as the site renders them, from mkdocs.yml alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from entraide.content.rendering import (
    GENERATOR_BUILTINS,
    PageRenderer,
    RenderingConfigError,
    load_markdown_settings,
    settings_from,
    site_renderer,
)
from entraide.content.repository import ContentRepository
from entraide.content.taxonomy import Taxonomy
from tests.build_helpers import build, html
from tests.conftest import ROOT

# One sample per extension of mkdocs.yml: what it writes, and a heading inside it when it can
# hold one (its id must be the one the built site gives).
SAMPLES: dict[str, tuple[str, str]] = {
    "toc": ("## Une section", 'id="une-section"'),
    "tables": ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
    "fenced_code": ("```\ndu code\n```", "<code>"),
    "abbr": ("La CAF verse.\n\n*[CAF]: Caisse d'allocations familiales", "<abbr"),
    "admonition": ('!!! note "Note"\n\n    ### Dans une note', 'id="dans-une-note"'),
    "attr_list": ("## Nommée {#mon-ancre}", 'id="mon-ancre"'),
    "def_list": ("Terme\n:   Définition", "<dl>"),
    "md_in_html": (
        "<div markdown>\n\n### Dans un cadre\n\n</div>",
        'id="dans-un-cadre"',
    ),
    "pymdownx.details": ('??? note "Plus"\n\n    ### Dans un repli', 'id="dans-un-repli"'),
    "pymdownx.superfences": ("```python\nx = 1\n```", "highlight"),
    "pymdownx.tabbed": ('=== "Onglet"\n\n    ### Dans un onglet', 'id="dans-un-onglet"'),
    "pymdownx.tasklist": ("- [x] fait\n- [ ] à faire", "task-list-item"),
    "pymdownx.blocks.admonition": (
        "/// note | Bloc\n\n### Dans un bloc note\n\n///",
        'id="dans-un-bloc-note"',
    ),
    "pymdownx.blocks.details": (
        "/// details | Bloc\n\n### Dans un bloc repli\n\n///",
        'id="dans-un-bloc-repli"',
    ),
    "pymdownx.blocks.tab": (
        "/// tab | Bloc\n\n### Dans un bloc onglet\n\n///",
        'id="dans-un-bloc-onglet"',
    ),
    # Icons are inlined SVG; emoji characters stay text (no CDN image, see mkdocs.yml).
    "pymdownx.emoji": (":material-account:", "<svg"),
    "pymdownx.keys": ("++ctrl+alt+del++", 'class="keys"'),
    "pymdownx.mark": ("==surligné==", "<mark>"),
}


def declared_extensions() -> list[str]:
    """The names mkdocs.yml lists, read here without our loader (emoji tags left unresolved)."""

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Lenient)
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


@pytest.fixture(scope="module")
def renderer(taxonomy: Taxonomy) -> PageRenderer:
    return site_renderer(load_markdown_settings(ROOT / "mkdocs.yml"), taxonomy)


def test_settings_are_the_config_list_plus_the_generator_builtins() -> None:
    settings = load_markdown_settings(ROOT / "mkdocs.yml")
    declared = declared_extensions()
    assert list(settings.extensions) == [
        *GENERATOR_BUILTINS,
        *(name for name in declared if name not in GENERATOR_BUILTINS),
    ]
    assert settings.configs["pymdownx.tabbed"] == {"alternate_style": True}
    assert callable(settings.configs["pymdownx.emoji"]["emoji_generator"])


def test_every_configured_extension_has_a_sample() -> None:
    """Adding an extension to mkdocs.yml without saying what it renders fails here."""
    assert set(SAMPLES) == set(GENERATOR_BUILTINS) | set(declared_extensions())


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_extension_renders(renderer: PageRenderer, name: str) -> None:
    markdown, expected = SAMPLES[name]
    assert expected in renderer.render(markdown)


def test_renderer_is_reset_between_pages(renderer: PageRenderer) -> None:
    """Python-Markdown numbers repeated ids per document: a second page starts again."""
    assert 'id="etapes"' in renderer.render("## Étapes")
    assert 'id="etapes"' in renderer.render("## Étapes")


def test_check_and_strict_build_agree_on_headings_inside_blocks(project: Path) -> None:
    """A link to a heading in a tab, an admonition or a repli: the built site has the id, so
    `entraide check` must accept it (it reported a dead anchor with a fixed extension list)."""
    blocks = "\n\n".join(SAMPLES[name][0] for name in SAMPLES if "Dans" in SAMPLES[name][0])
    anchors = re.findall(
        r'id="(dans-[^"]+)"', " ".join(expected for _, expected in SAMPLES.values())
    )
    assert len(anchors) == 7
    # The two-track blocks our plugin adds to the config's list.
    blocks += "\n\n/// urgence\n\n### Dans la piste urgence\n\n///"
    anchors.append("dans-la-piste-urgence")
    target = project / "docs/blocs.md"
    target.write_text(f"---\ntitle: Blocs\n---\n\n# Blocs\n\n{blocks}\n", encoding="utf-8")
    links = "\n".join(f"- [{anchor}](blocs.md#{anchor})" for anchor in anchors)
    source = project / "docs/liens.md"
    source.write_text(f"---\ntitle: Liens\n---\n\n# Liens\n\n{links}\n", encoding="utf-8")

    [result] = ContentRepository.open(project).check([source])
    assert [p.code for p in result.problems if p.code == "dead-anchor"] == []
    build(project, strict=True)
    built = set(re.findall(r'\bid="([^"]+)"', html(project, "blocs")))
    assert set(anchors) <= built


def test_a_dead_anchor_in_a_block_page_is_still_reported(project: Path) -> None:
    source = project / "docs/liens.md"
    source.write_text(
        "---\ntitle: Liens\n---\n\n# Liens\n\n[x](#dans-un-onglet)\n", encoding="utf-8"
    )
    [result] = ContentRepository.open(project).check([source])
    assert [p.code for p in result.problems if p.code == "dead-anchor"] == ["dead-anchor"]


def test_config_inherit_env_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "base.yml").write_text(
        "markdown_extensions:\n  - admonition\n  - toc:\n      permalink: !ENV [ANCRE, false]\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: x\n", encoding="utf-8")
    monkeypatch.setenv("ANCRE", "true")
    settings = load_markdown_settings(tmp_path / "mkdocs.yml")
    assert "admonition" in settings.extensions
    assert settings.configs["toc"] == {"permalink": True}

    with pytest.raises(RenderingConfigError, match="entrée invalide"):
        settings_from([{"a": {}, "b": {}}])
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - absente.extension\n")
    with pytest.raises(RenderingConfigError, match="n'est pas installée"):
        PageRenderer(load_markdown_settings(tmp_path / "mkdocs.yml"))
