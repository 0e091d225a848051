"""A network's taxonomy: the shared one plus local values, never a renamed or removed one.

Shared pages name shared values; a network that could rename « caf » or drop
« seniors » would break the shared pages it publishes. So a local taxonomy only
adds themes, organisations and publics (and acronyms, synonyms for search).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from entraide.content.taxonomy import Taxonomy, Term
from entraide.network.config import NetworkConfigError, read_yaml
from entraide.network.layout import LOCAL_TAXONOMY_FILE

ADDABLE = ("themes", "organisations", "publics")


def merge_local_taxonomy(shared: Taxonomy, root: Path) -> Taxonomy:
    """``shared`` with the values of ``taxonomie-locale.yml`` added, if the file exists.

    Raises :class:`NetworkConfigError` (French, with the line) when the local file
    redefines a shared value or touches what a network may not change.
    """
    path = root / LOCAL_TAXONOMY_FILE
    if not path.is_file():
        return shared
    parsed = read_yaml(path, LOCAL_TAXONOMY_FILE)
    added: dict[str, dict[str, Term]] = {}
    for section, body in parsed.data.items():
        where = f"{LOCAL_TAXONOMY_FILE}:{parsed.line_of((section,))}"
        if section in ("acronyms", "synonyms"):
            continue
        if section not in ADDABLE:
            raise NetworkConfigError(
                f"{where} : une taxonomie locale ajoute des valeurs à « themes », "
                f"« organisations » ou « publics » ; « {section} » ne peut pas être changé "
                "par un réseau (c'est la base partagée qui le définit)."
            )
        if not isinstance(body, Mapping):
            raise NetworkConfigError(f"{where} : « {section} » doit lister des valeurs.")
        terms = {}
        existing = shared.facet(section)
        for slug, value in body.items():
            line = parsed.line_of((section, str(slug)))
            if str(slug) in existing:
                raise NetworkConfigError(
                    f"{LOCAL_TAXONOMY_FILE}:{line} : « {slug} » existe déjà dans la taxonomie "
                    "partagée ; un réseau ajoute des valeurs, il ne renomme ni ne retire une "
                    "valeur partagée. Choisissez un autre identifiant (par exemple "
                    f"« {slug}-local ») ou retirez cette entrée."
                )
            if not isinstance(value, Mapping) or not value.get("label"):
                raise NetworkConfigError(
                    f"{LOCAL_TAXONOMY_FILE}:{line} : « {slug} » doit avoir un « label »."
                )
            extra = {k: v for k, v in value.items() if k not in ("label", "explanation")}
            terms[str(slug)] = Term(
                str(slug), str(value["label"]), str(value.get("explanation", "")), extra
            )
        added[section] = terms
    acronyms = parsed.data.get("acronyms") or {}
    synonyms = parsed.data.get("synonyms") or []
    if not isinstance(acronyms, Mapping) or not isinstance(synonyms, list):
        raise NetworkConfigError(
            f"{LOCAL_TAXONOMY_FILE} : « acronyms » associe un sigle à sa forme longue, "
            "« synonyms » est une liste de groupes de mots."
        )
    return replace(
        shared,
        themes={**shared.themes, **added.get("themes", {})},
        organisations={**shared.organisations, **added.get("organisations", {})},
        publics={**shared.publics, **added.get("publics", {})},
        acronyms={**shared.acronyms, **{str(k): str(v) for k, v in acronyms.items()}},
        synonyms=(*shared.synonyms, *(tuple(str(w) for w in group) for group in synonyms)),
    )
