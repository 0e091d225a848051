"""A network's settings (``entraide-reseau.yml``) and its pin of the base (``entraide-base.yml``).

The settings are written by people: every mistake gets a French message with
the file and line. The pin is written by the tool only, so that updating the
base is one command and never a merge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from entraide.atomic_files import write_text_atomically
from entraide.content.frontmatter import FrontMatter, FrontMatterSyntaxError, parse_yaml
from entraide.editing.cms import CmsConfigError, CmsSettings, settings_from
from entraide.network.layout import CONFIG_FILE, PIN_FILE

HIDEABLE_FACETS = ("type", "themes", "organisations", "publics", "mediation")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_KNOWN = {"name", "site_url", "logo", "colors", "address", "report_contact", "hide", "cms"}


class NetworkConfigError(Exception):
    """A network file is unusable; the message is French and says where and what to fix."""


@dataclass(frozen=True)
class NetworkConfig:
    name: str
    site_url: str = ""
    logo: str = ""
    primary: str = ""
    accent: str = ""
    address: str = ""
    report_contact: str = ""
    hidden_pages: tuple[str, ...] = ()
    hidden_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The form editor for the network's own pages on its Git host (README).
    cms: CmsSettings = field(default_factory=CmsSettings)


@dataclass(frozen=True)
class Pin:
    """The base this network builds from: where to fetch it, the ref asked for, its commit."""

    url: str
    ref: str
    commit: str


def read_yaml(path: Path, shown: str) -> FrontMatter:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NetworkConfigError(f"{shown} : fichier introuvable.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise NetworkConfigError(f"{shown} : illisible ; enregistrez-le en UTF-8.") from exc
    try:
        return parse_yaml(text, what=f"le fichier {shown}")
    except FrontMatterSyntaxError as exc:
        raise NetworkConfigError(f"{shown}:{exc.line}: {exc.message}") from exc


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise NetworkConfigError(f"{where} : « {key} » doit être un texte.")
    return str(value).strip()


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise NetworkConfigError(f"{where} : écrivez une liste entre crochets, par exemple [a, b].")
    return tuple(item.strip() for item in value)


def load_config(root: Path) -> NetworkConfig:
    """Read ``entraide-reseau.yml``; raise :class:`NetworkConfigError` in French."""
    parsed = read_yaml(root / CONFIG_FILE, CONFIG_FILE)
    data = parsed.data

    def at(*position: str | int) -> str:
        return f"{CONFIG_FILE}:{parsed.line_of(position)}"

    for key in data:
        if key not in _KNOWN:
            raise NetworkConfigError(
                f"{at(key)} : clé « {key} » inconnue ; clés possibles : "
                f"{', '.join(sorted(_KNOWN))}."
            )
    name = _text(data, "name", at("name"))
    if not name:
        raise NetworkConfigError(
            f'{at("name")} : donnez le nom du réseau, par exemple name: "France Services du Gard".'
        )
    colours = data.get("colors") or {}
    if not isinstance(colours, Mapping):
        raise NetworkConfigError(f"{at('colors')} : « colors » a deux clés, primary et accent.")
    chosen = {}
    for key in ("primary", "accent"):
        value = _text(colours, key, at("colors", key))
        if value and not _COLOUR.match(value):
            raise NetworkConfigError(
                f"{at('colors', key)} : couleur « {value} » illisible ; écrivez un code "
                'hexadécimal entre guillemets, par exemple "#1b4f72".'
            )
        chosen[key] = value
    hide = data.get("hide") or {}
    if not isinstance(hide, Mapping):
        raise NetworkConfigError(f"{at('hide')} : « hide » regroupe pages et valeurs à masquer.")
    values: dict[str, tuple[str, ...]] = {}
    for key, listed in hide.items():
        if key == "pages":
            continue
        if key not in HIDEABLE_FACETS:
            raise NetworkConfigError(
                f"{at('hide', key)} : on masque par « pages » ou par valeur de "
                f"{', '.join(HIDEABLE_FACETS)} ; « {key} » n'en fait pas partie."
            )
        values[str(key)] = _strings(listed, at("hide", key))
    site_url = _text(data, "site_url", at("site_url"))
    try:
        cms = settings_from(data.get("cms"), site_url)
    except CmsConfigError as exc:
        raise NetworkConfigError(f"{at('cms')} : {exc}") from exc
    return NetworkConfig(
        name=name,
        site_url=site_url,
        logo=_text(data, "logo", at("logo")),
        primary=chosen["primary"],
        accent=chosen["accent"],
        address=_text(data, "address", at("address")),
        report_contact=_text(data, "report_contact", at("report_contact")),
        hidden_pages=_strings(hide.get("pages"), at("hide", "pages")),
        hidden_values=values,
        cms=cms,
    )


PIN_HEADER = """\
# La version de la base partagée (les pages communes d'Entraide) que ce site utilise.
# Écrit par « entraide network init » et « entraide network update » :
# ne le modifiez pas à la main, lancez « entraide network update ».
"""


def load_pin(root: Path) -> Pin:
    parsed = read_yaml(root / PIN_FILE, PIN_FILE)
    values = {key: _text(parsed.data, key, PIN_FILE) for key in ("url", "ref", "commit")}
    if not values["url"] or not _COMMIT.match(values["commit"]):
        raise NetworkConfigError(
            f"{PIN_FILE} : version de la base incomplète ; relancez « entraide network update »."
        )
    return Pin(values["url"], values["ref"], values["commit"])


def write_pin(root: Path, pin: Pin) -> None:
    """One key a line, so a CI script can read it with grep and a diff reads as one change."""
    quoted = {key: json.dumps(value) for key, value in asdict(pin).items()}
    text = f"{PIN_HEADER}url: {quoted['url']}\nref: {quoted['ref']}\ncommit: {quoted['commit']}\n"
    write_text_atomically(root / PIN_FILE, text)
