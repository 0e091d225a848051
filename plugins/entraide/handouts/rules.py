"""What ``taxonomy.yml`` says about handouts: their parts, FALC statuses, official domains.

Kept in the taxonomy, not in code, so a coordinator can add an official domain
or a plain-word suggestion without a developer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

DEFAULT_FALC = {"brouillon": "Brouillon", "relu": "Facile à lire"}
PROOFREAD = "relu"


class HandoutRulesError(ValueError):
    """The ``handouts`` or ``official_domains`` section is malformed (French message)."""


@dataclass(frozen=True)
class HandoutRules:
    label: str = "À remettre à la personne"
    parts: tuple[str, ...] = ("Les étapes",)
    required_parts: tuple[str, ...] = ("Les étapes",)
    falc_statuses: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FALC))
    max_sentence_words: int = 15
    min_reading_ease: float = 60.0
    plain_words: Mapping[str, str] = field(default_factory=dict)
    official_domains: tuple[str, ...] = ()

    @property
    def proofread_label(self) -> str:
        return self.falc_statuses.get(PROOFREAD, DEFAULT_FALC[PROOFREAD])

    def is_official(self, url: str) -> bool:
        """An https:// address on a listed domain or one of its subdomains."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme != "https" or not host or parts.username or parts.password:
            return False
        return any(host == d or host.endswith("." + d) for d in self.official_domains)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise HandoutRulesError(f"« {where} » doit être une liste de textes.")
    return tuple(value)


def _mapping(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise HandoutRulesError(f"« {where} » doit associer une clé à un texte.")
    return {str(k): str(v) for k, v in value.items()}


def handout_rules(raw: Mapping[str, Any]) -> HandoutRules:
    """Read the ``handouts`` and ``official_domains`` sections of a loaded taxonomy."""
    section = raw.get("handouts") or {}
    if not isinstance(section, Mapping):
        raise HandoutRulesError("la section « handouts » doit contenir des clés.")
    defaults = HandoutRules()
    parts = _strings(section.get("parts"), "handouts.parts") or defaults.parts
    required = _strings(section.get("required_parts"), "handouts.required_parts")
    if not set(required) <= set(parts):
        raise HandoutRulesError(
            "« handouts.required_parts » doit reprendre des titres de « parts »."
        )
    domains = _strings(raw.get("official_domains"), "official_domains")
    try:
        max_words = int(section.get("max_sentence_words", defaults.max_sentence_words))
        min_ease = float(section.get("min_reading_ease", defaults.min_reading_ease))
    except (TypeError, ValueError) as exc:
        raise HandoutRulesError(
            "« max_sentence_words » et « min_reading_ease » doivent être des nombres."
        ) from exc
    return HandoutRules(
        label=str(section.get("label", defaults.label)),
        parts=parts,
        required_parts=required or parts,
        falc_statuses=_mapping(section.get("falc"), "handouts.falc") or dict(DEFAULT_FALC),
        max_sentence_words=max_words,
        min_reading_ease=min_ease,
        plain_words={k.lower(): v for k, v in _mapping(section.get("plain_words"), "x").items()},
        official_domains=tuple(d.lower().strip(".") for d in domains),
    )
