"""What people read for each facet value, so no search page ever shows a slug."""

from __future__ import annotations

from entraide.content.taxonomy import Taxonomy

Labels = dict[str, dict[str, dict[str, str]]]


def facet_labels(taxonomy: Taxonomy) -> Labels:
    """Labels per facet key, in the taxonomy's order (the order facets are shown in)."""
    return {
        "type": {slug: {"label": t.label} for slug, t in taxonomy.types.items()},
        "mediation": {
            slug: {"label": p.label, "short": p.short, "badge": p.badge}
            for slug, p in taxonomy.mediation.items()
        },
        "themes": {slug: {"label": t.label} for slug, t in taxonomy.themes.items()},
        "organisations": {slug: {"label": t.label} for slug, t in taxonomy.organisations.items()},
        "publics": {slug: {"label": t.label} for slug, t in taxonomy.publics.items()},
    }
