"""A new page from its type's template: right folder, clean file name, every key there.

The templates write ``À COMPLÉTER`` where only the author knows what to say,
and ``entraide check`` refuses a page that still carries one, so a draft can
be committed early without being published half-written.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path, PurePosixPath
from string import Template

from entraide.content.folding import fold_accents
from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter, yaml_scalar
from entraide.content.rules.file_names import WINDOWS_RESERVED
from entraide.content.taxonomy import Posture, Taxonomy
from entraide.website.model import SiteModel

MAX_SLUG_LENGTH = 60
_HINTS = {
    "mediation": "urgence (faire pour), autonomie (faire avec), ou les deux : [urgence, autonomie]",
    "themes": "au moins un, par exemple [logement] : valeurs dans taxonomy.yml",
    "organisations": "par exemple [caf] : valeurs dans taxonomy.yml",
}
# DESIGN §3: procedure guides are filed in a sub-folder per organisation (or theme).
FILED_BY_ORGANISATION = frozenset({"procedure"})


class DraftError(Exception):
    """What the author asked for cannot make a page; the message is French."""


@dataclass(frozen=True)
class Draft:
    """A page ready to write: ``docs_path`` is relative to the docs folder."""

    docs_path: str
    text: str


def _track(posture: Posture) -> str:
    """A posture's block in a procedure, with what the posture means as the prompt."""
    return (
        f"\n/// {posture.slug}\nÀ COMPLÉTER ({posture.label.lower()}, "
        f"« {posture.short.lower()} ») : {posture.explanation}\n///\n"
    )


def slugify(title: str) -> str:
    """``Demander l'APL à la CAF`` → ``demander-l-apl-a-la-caf``: file names every system reads."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_accents(title)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    if slug in WINDOWS_RESERVED:  # "Aux" would be aux.md, which Windows cannot hold
        slug = f"{slug}-page"
    return slug


def _yaml_list(key: str, values: Sequence[str]) -> str:
    if values:
        return "[" + ", ".join(values) + "]"
    return f"[]  # {_HINTS[key]}"


def _checked(taxonomy: Taxonomy, key: str, values: Sequence[str], option: str) -> list[str]:
    allowed = taxonomy.facet(key)
    for value in values:
        if value not in allowed:
            close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
            hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
            raise DraftError(
                f"« {value} » n'existe pas pour {option}.{hint} Valeurs possibles : "
                f"{', '.join(sorted(allowed))}."
            )
    return list(dict.fromkeys(values))


def _first(path: Path, key: str) -> str | None:
    """The first slug of ``key`` in the page at ``path``, when its header is readable."""
    try:
        data = parse_front_matter(path.read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError, FrontMatterSyntaxError):
        return None
    values = data.get(key)
    return str(values[0]) if isinstance(values, list) and values else None


def procedure_folder(site: SiteModel, folder: str, key: str, slug: str) -> str:
    """The sub-folder where guides about ``slug`` already live, else one named after it.

    Folders are named after organisation keys, but a network's older folders may
    not be: the folder whose pages most often name ``slug`` first wins.
    """
    votes: Counter[str] = Counter()
    for file in site.pages():
        parts = file.path.split("/")
        if len(parts) == 3 and parts[0] == folder and parts[2].endswith(".md"):
            votes[parts[1]] += _first(file.source, key) == slug
    best = max(votes, key=lambda name: (votes[name], name == slug), default=None)
    return best if best is not None and votes[best] else slug


def draft_page(
    taxonomy: Taxonomy,
    site: SiteModel,
    page_type: str,
    title: str,
    *,
    themes: Sequence[str] = (),
    mediation: Sequence[str] = (),
    organisations: Sequence[str] = (),
    today: date,
) -> Draft:
    """The page ``entraide new`` would write; raises :class:`DraftError` on bad input."""
    _checked(taxonomy, "type", [page_type], "le type de page")
    title = " ".join(title.split())
    slug = slugify(title)
    if len(title) < 3 or not slug:
        raise DraftError("donnez un titre d'au moins trois caractères, avec des lettres.")
    themes = _checked(taxonomy, "themes", themes, "--theme")
    # A type may name its usual posture in taxonomy.yml (the training kit: autonomy);
    # the template writes it into the page, where the author can still change it.
    default = taxonomy.types[page_type].extra.get("default_mediation") or ()
    mediation = _checked(taxonomy, "mediation", mediation or default, "--mediation")
    organisations = _checked(taxonomy, "organisations", organisations, "--organisation")
    folder = taxonomy.types[page_type].folder
    if page_type in FILED_BY_ORGANISATION:
        if organisations:
            folder += "/" + procedure_folder(site, folder, "organisations", organisations[0])
        elif themes:
            folder += "/" + procedure_folder(site, folder, "themes", themes[0])
        else:
            raise DraftError(
                "une procédure est rangée par organisme : précisez-le avec « --organisation » "
                "(par exemple --organisation caf), ou à défaut un thème avec « --theme »."
            )
    template_file = files("entraide.content.templates").joinpath(f"{page_type}.md")
    if not template_file.is_file():
        raise DraftError(
            f"il n'y a pas encore de modèle pour le type « {page_type} » : partez d'une page "
            "existante de ce type."
        )
    template = Template(template_file.read_text("utf-8"))
    tracks = "".join(_track(taxonomy.mediation[slug]) for slug in mediation or taxonomy.mediation)
    text = template.substitute(
        title=title,
        title_yaml=yaml_scalar(title),
        mediation=_yaml_list("mediation", mediation),
        themes=_yaml_list("themes", themes),
        organisations=_yaml_list("organisations", organisations),
        today=today.isoformat(),
        tracks=tracks,
    )
    return Draft(str(PurePosixPath(folder) / f"{slug}.md"), text)
