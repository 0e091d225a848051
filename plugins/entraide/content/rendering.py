"""Rendering a page's Markdown to HTML exactly as the site does, outside any site generator.

Rules that judge rendered HTML (which anchors a page offers, what a sanitizer
would change) must see what readers get. A second list of extensions in the
code drifts from ``mkdocs.yml`` and makes ``entraide check`` refuse pages the
build accepts (a heading inside a tab or an admonition has no id without
``pymdownx.tabbed`` or ``admonition``). So the extensions are read from the
site's configuration, the one source of truth, and nothing else:

- ``markdown_extensions`` of ``mkdocs.yml`` (names and their settings, with
  ``INHERIT``, ``!ENV`` and ``!!python/name:`` resolved as MkDocs resolves them);
- the extensions MkDocs always adds (:data:`GENERATOR_BUILTINS`);
- the two-track blocks of :mod:`entraide.tracks` and the handout block of
  :mod:`entraide.handouts.block`, which our plugin adds.

Nothing here imports MkDocs: the configuration is read as YAML, so a later
generator that keeps the same keys keeps the same rendering.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

from entraide.content.taxonomy import Taxonomy
from entraide.handouts.block import HandoutExtension
from entraide.tracks import TracksExtension

SITE_CONFIG_NAME = "mkdocs.yml"
# What MkDocs adds to every site's list (``markdown_extensions`` default, MkDocs 1.x).
GENERATOR_BUILTINS: tuple[str, ...] = ("toc", "tables", "fenced_code")


class RenderingConfigError(Exception):
    """The site configuration cannot give its Markdown extensions; the message is French."""


@dataclass(frozen=True)
class MarkdownSettings:
    """The Python-Markdown extensions a site renders pages with, and their settings."""

    extensions: tuple[str, ...] = GENERATOR_BUILTINS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


DEFAULT_SETTINGS = MarkdownSettings()


def _env_tag(loader: yaml.Loader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV NAME`` / ``!ENV [NAME, OTHER, default]``: the first variable set."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = [str(item) for item in items[:-1]], items[-1] if items else None
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV attend un nom ou une liste", node.start_mark
        )
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.load(value, Loader=yaml.SafeLoader)  # typed as YAML would type it
    return default


class _SiteConfigLoader(yaml.Loader):
    """The loader MkDocs uses (PyYAML's full ``Loader``: the site config may name Python
    objects, e.g. the emoji generator) plus its ``!ENV`` tag."""


_SiteConfigLoader.add_constructor("!ENV", _env_tag)


def _merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``INHERIT``: mappings merge key by key, anything else in the child replaces the parent's."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def load_site_config(config_file: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The site configuration as MkDocs reads its YAML (``INHERIT``, ``!ENV``), unvalidated.

    Raises :class:`RenderingConfigError` (French) when it cannot be read.
    """
    path = config_file.resolve()
    if path in seen:
        raise RenderingConfigError(f"{config_file} : INHERIT forme une boucle.")
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_SiteConfigLoader)
    except OSError as exc:
        raise RenderingConfigError(f"{config_file} : lecture impossible ({exc}).") from exc
    except (yaml.YAMLError, ImportError, AttributeError) as exc:
        raise RenderingConfigError(f"{config_file} : configuration illisible ({exc}).") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RenderingConfigError(f"{config_file} : la configuration doit être un dictionnaire.")
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    return _merge(load_site_config(path.parent / str(parent), (*seen, path)), data)


def settings_from(declared: object, origin: str = SITE_CONFIG_NAME) -> MarkdownSettings:
    """Normalise a ``markdown_extensions`` value the way MkDocs reads it.

    Each item is a name, or a one-key mapping ``{name: settings}``; a mapping of
    names to settings is accepted too. The generator's built-ins come first.
    """
    if declared is None:
        declared = []
    if isinstance(declared, Mapping):
        declared = [{name: value} for name, value in declared.items()]
    if not isinstance(declared, Sequence) or isinstance(declared, str):
        raise RenderingConfigError(f"{origin} : markdown_extensions doit être une liste.")
    names = list(GENERATOR_BUILTINS)
    configs: dict[str, Mapping[str, Any]] = {}
    for item in declared:
        if isinstance(item, str):
            name, options = item, None
        elif isinstance(item, Mapping) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            raise RenderingConfigError(
                f"{origin} : markdown_extensions, entrée invalide « {item!r} » "
                "(un nom, ou « nom: {réglages} »)."
            )
        if options is not None and not isinstance(options, Mapping):
            raise RenderingConfigError(
                f"{origin} : les réglages de l'extension « {name} » doivent être un dictionnaire."
            )
        if name not in names:
            names.append(str(name))
        if options:
            configs[str(name)] = dict(options)
    return MarkdownSettings(tuple(names), configs)


def load_markdown_settings(config_file: Path) -> MarkdownSettings:
    """The Markdown extensions ``config_file`` (a ``mkdocs.yml``) renders pages with.

    Raises :class:`RenderingConfigError` with a French message when it cannot be read.
    """
    config = load_site_config(config_file)
    return settings_from(config.get("markdown_extensions"), config_file.name)


def site_markdown_settings(root: Path) -> MarkdownSettings:
    """The settings of the site whose repository is ``root``; the generator's own
    defaults when it has no ``mkdocs.yml`` (a folder of pages outside any site)."""
    config_file = root / SITE_CONFIG_NAME
    if not config_file.is_file():
        return DEFAULT_SETTINGS
    return load_markdown_settings(config_file)


class PageRenderer:
    """One Python-Markdown instance set up as the site's, reset between pages.

    Building the instance loads every extension (the costly part), so a run of
    ``entraide check`` makes one and renders every page with it. Not thread-safe.
    """

    def __init__(
        self,
        settings: MarkdownSettings = DEFAULT_SETTINGS,
        extra: Sequence[markdown.extensions.Extension] = (),
    ) -> None:
        self.settings = settings
        try:
            self._markdown = markdown.Markdown(
                extensions=[*settings.extensions, *extra],
                extension_configs={k: dict(v) for k, v in settings.configs.items()},
            )
        except ImportError as exc:
            raise RenderingConfigError(
                f"{SITE_CONFIG_NAME} : une extension Markdown n'est pas installée ({exc})."
            ) from exc
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise RenderingConfigError(
                f"{SITE_CONFIG_NAME} : réglages d'extension Markdown refusés ({exc})."
            ) from exc

    def render(self, text: str) -> str:
        """The HTML body of ``text`` (Markdown without its front matter)."""
        try:
            return self._markdown.reset().convert(text)
        finally:
            self._markdown.reset()


def site_renderer(settings: MarkdownSettings, taxonomy: Taxonomy) -> PageRenderer:
    """A renderer for the site's pages: its settings plus the two-track blocks of each posture
    and the handout block (``/// a-remettre``), as the plugin adds them."""
    return PageRenderer(
        settings, [tracks_extension(taxonomy), HandoutExtension(taxonomy.handouts.label)]
    )


def tracks_extension(taxonomy: Taxonomy) -> TracksExtension:
    """The ``/// urgence`` and ``/// autonomie`` blocks with the taxonomy's labels."""
    return TracksExtension({slug: posture.track for slug, posture in taxonomy.mediation.items()})
