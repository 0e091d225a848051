"""A small shared base in a real Git repository, with two tagged versions, for network tests.

The base keeps this repository's configuration, theme and taxonomy (so its
build is the real one) with a handful of pages instead of the whole docs/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from entraide.content.taxonomy import load_taxonomy
from entraide.website.model import generated_pages
from tests.conftest import ROOT

SECTIONS = (
    "Prérequis",
    "Étapes",
    "Pièges fréquents",
    "En cas de blocage",
    "Données personnelles et mandat",
    "Sources officielles",
)


def procedure(title: str, organisation: str, steps: str = "Se connecter sur le site.") -> str:
    body = "".join(
        f"\n## {section}\n\n{steps if section == 'Étapes' else 'Texte de la section.'}\n"
        for section in SECTIONS
    )
    # Words of its own, so Git's rename detection tells pages apart.
    body += "\n" + " ".join([title] * 60) + "\n"
    return f"""\
---
title: {title}
description: Une procédure de test pour le site d'un réseau.
type: procedure
mediation: [urgence]
themes: [logement]
organisations: [{organisation}]
owner: Groupe de test
last_reviewed_on: 2026-11-01
review_in: 1 an
sources: [F12006]
---

# {title}
{body}"""


def faq(title: str, publics: str = "[]") -> str:
    return f"""\
---
title: {title}
description: Une question fréquente de test pour le site d'un réseau.
type: faq
mediation: [autonomie]
themes: [securite-numerique]
publics: {publics}
owner: Groupe de test
last_reviewed_on: 2026-11-01
review_in: 1 an
---

# {title}

Une réponse courte.
"""


V1 = {
    "procedures/caf/logement.md": procedure("Demander une aide au logement", "caf"),
    "procedures/caf/prime.md": procedure("Demander la prime d'activité", "caf"),
    "procedures/ants/permis.md": procedure("Refaire son permis de conduire", "ants"),
    "procedures/msa/aides.md": procedure("Les aides de la MSA", "msa"),
    "faq/partage.md": faq("Partager son écran avec la personne"),
    # Hidden by a taxonomy value of the network's configuration (publics: [jeunes]).
    "faq/parcoursup.md": faq("Les vœux sur Parcoursup", "[jeunes]"),
    # A dead link: `entraide check` in a network blames the base's side for it.
    "faq/mot-de-passe.md": faq("Un mot de passe confié") + "\n[Voir aussi](../inexistante.md)\n",
}


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def _write(docs: Path, pages: dict[str, str]) -> None:
    for path, text in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def make_base(folder: Path) -> Path:
    """A base repository tagged v1.0 and v1.1; see ``V1`` and the changes below."""
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav_pages = set(re.findall(r"^\s+- [^:]+: (\S+\.md)$", config, re.MULTILINE))
    taxonomy = load_taxonomy(ROOT / "taxonomy.yml")
    for page in sorted(nav_pages - generated_pages(taxonomy)):
        target = folder / "docs" / page
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {Path(page).parent.name or 'Accueil'}\n\nTexte.\n", "utf-8")
    _write(folder / "docs", V1)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Base Test")
    git(folder, "config", "user.email", "base@example.org")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Base v1.0")
    git(folder, "tag", "v1.0")
    # v1.1: a changed page, a changed page a network replaces, a rename, a removal, an
    # addition, and an organisation gone from the taxonomy.
    _write(
        folder / "docs",
        {
            "procedures/caf/logement.md": procedure(
                "Demander une aide au logement", "caf", "Se connecter avec FranceConnect."
            ),
            "procedures/caf/prime.md": procedure(
                "Demander la prime d'activité", "caf", "Simuler d'abord ses droits."
            ),
            "procedures/caf/nouvelle.md": procedure("Déclarer ses ressources", "caf"),
        },
    )
    git(folder, "mv", "docs/faq/partage.md", "docs/faq/partager-ecran.md")
    (folder / "docs" / "procedures" / "msa" / "aides.md").unlink()
    (folder / "docs" / "procedures" / "msa").rmdir()
    values = yaml.safe_load((folder / "taxonomy.yml").read_text(encoding="utf-8"))
    del values["organisations"]["msa"]
    (folder / "taxonomy.yml").write_text(
        yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Base v1.1")
    git(folder, "tag", "v1.1")
    return folder


PRIVATE_MOBILE = "06 12 34 56 78"
CONTACTS = f"""\
contacts:
  - structure: "CAF du Gard"
    service: "Service partenaires"
    role: referent-partenaire
    organisations: [caf]
    themes: [logement]
    phone: "{PRIVATE_MOBILE}"
    email: "partenaires.gard@caf-exemple.fr"
    hours: "du lundi au vendredi, 9 h à 12 h"
    how_to_reach: "Réservé aux professionnels ; donner le numéro d'allocataire."
    verified_on: 2026-10-01
  - structure: "Permanence MSA Vaunage"
    role: permanence
    organisations: [msa]
    phone: "04 66 00 00 00"
    verified_on: 2025-01-10
"""
COMPLETION = "Dans le Gard, la CAF reçoit sans rendez-vous le mardi matin à Nîmes.\n"


def add_local_layer(network: Path) -> None:
    """A local page, a replacement, a completion, a hidden page and contacts."""
    pin = git(network, "show", "HEAD:entraide-base.yml")
    commit = pin.split('commit: "')[1][:12]
    shared = (network / ".entraide-base/docs/procedures/caf/prime.md").read_text("utf-8")
    replaced = shared.replace(
        "sources: [F12006]\n",
        f"sources: [F12006]\nreplaces:\n  path: procedures/caf/prime.md\n  base_commit: {commit}\n",
    ).replace("Se connecter sur le site.", "Prendre rendez-vous à l'antenne CAF de Nîmes.")
    _write(network / "local", {"procedures/caf/prime.md": replaced})
    _write(network / "complements", {"procedures/caf/logement.md": COMPLETION})
    (network / "contacts.yml").write_text(CONTACTS, encoding="utf-8")
    config = network / "entraide-reseau.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  pages: []", "  pages: [procedures/ants/permis.md]\n  publics: [jeunes]")
    text = text.replace('report_contact: ""', 'report_contact: "coordination@fs-gard.example.fr"')
    text = text.replace('"#1b3a6b"', '"#004d40"')
    config.write_text(text, encoding="utf-8")
    git(network, "add", "-A")
    git(
        network,
        "-c",
        "user.name=Reseau",
        "-c",
        "user.email=r@example.org",
        "commit",
        "-qm",
        "Local",
    )
