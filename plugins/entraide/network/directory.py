"""The pages the network layer adds as Markdown: the directory, the local index, hidden notes."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from entraide.content.frontmatter import FrontMatterSyntaxError, parse_front_matter
from entraide.content.page import first_heading
from entraide.content.review import french_date
from entraide.content.taxonomy import Taxonomy
from entraide.network.compose import contact_lines
from entraide.network.contacts import Contact, Directory
from entraide.network.layout import DIRECTORY_PAGE, HIDDEN_PAGE_NOTE


def _section(title: str, groups: dict[str, list[Contact]]) -> str:
    if not groups:
        return ""
    parts = [f"## {title}"]
    for label in sorted(groups, key=str.casefold):
        parts.append(f"### {label}\n\n{contact_lines(groups[label])}")
    return "\n\n".join(parts)


def directory_markdown(
    network: str, directory: Directory, taxonomy: Taxonomy, today: date | None = None
) -> str:
    """« Qui appeler » : every contact by organisation, then by theme."""
    by_organisation: dict[str, list[Contact]] = {}
    by_theme: dict[str, list[Contact]] = {}
    for contact in directory.contacts:
        for slug in contact.organisations:
            by_organisation.setdefault(taxonomy.label("organisations", slug), []).append(contact)
        for slug in contact.themes:
            by_theme.setdefault(taxonomy.label("themes", slug), []).append(contact)
    intro = (
        f"Les contacts professionnels du réseau {network} pour débloquer une démarche : "
        "référents partenaires, conseillers, permanences. Ils sont publiés avec l'accord de "
        "leurs structures ; ne les donnez pas au public quand ils sont réservés aux "
        "professionnels (voir « comment les joindre »)."
    )
    if not directory.contacts:
        body = "Aucun contact n'est encore enregistré : ajoutez-les dans `contacts.yml`."
    else:
        dates = [c.verified_on for c in directory.contacts if c.verified_on]
        if dates:
            intro += f" Dernière vérification : {french_date(max(dates))}."
        body = "\n\n".join(
            part
            for part in (
                _section("Par organisme", by_organisation),
                _section("Par thème", by_theme),
            )
            if part
        )
    return f"---\ntitle: Qui appeler\n---\n\n# Qui appeler : {network}\n\n{intro}\n\n{body}\n"


def hidden_page_markdown(network: str) -> str:
    """What stands at a hidden shared page's address, so links to it still lead somewhere."""
    return (
        "---\nsearch:\n  exclude: true\n---\n\n"
        f"# {HIDDEN_PAGE_NOTE}\n\n"
        f"Le réseau {network} ne publie pas cette page de la base partagée Entraide : "
        "cherchez une page voisine avec la recherche du site.\n"
    )


def _title(source: Path, path: str) -> str:
    try:
        text = source.read_text(encoding="utf-8")
        front = parse_front_matter(text)
    except (OSError, UnicodeDecodeError, FrontMatterSyntaxError):
        return posixpath.basename(path)
    return str(front.data.get("title") or first_heading(front.body) or posixpath.basename(path))


def local_index_markdown(network: str, pages: Sequence[str], local_docs: Path) -> str:
    """« Chez nous » : the network's own pages and its directory."""
    directory = posixpath.relpath(DIRECTORY_PAGE, "chez-nous")
    lines = [
        f"- [{_title(local_docs / path, path)}]({posixpath.relpath(path, 'chez-nous')})"
        for path in pages
    ]
    listing = "\n".join(lines) if lines else "Le réseau n'a pas encore écrit de page locale."
    return (
        f"# Chez nous\n\nCe que le réseau {network} ajoute aux pages partagées : "
        f"[qui appeler]({directory}) et ses pages locales.\n\n## Pages locales\n\n{listing}\n"
    )
