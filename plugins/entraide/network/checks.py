"""What ``entraide check`` adds in a network: its layering, its contacts, its « Chez nous » blocks.

The blocks are not pages of their own, so only the rules about what a text
says apply to them (personal data, unsafe HTML, template markers); the page
they complete is checked as a shared page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from entraide.content.problems import Problem
from entraide.content.repository import ContentRepository
from entraide.network.contacts import load_contacts
from entraide.network.site import NetworkSite


def network_check(site: NetworkSite, repository: ContentRepository, today: date) -> list[Problem]:
    problems = [p for p in site.layer_problems() if not p.code.startswith("contact")]
    problems += load_contacts(site.root, site.taxonomy, today).problems
    for result in repository.check(site.completions.values()):
        problems += [replace(p, path=f"local : {p.path}") for p in result.problems]
    return problems
