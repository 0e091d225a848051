"""The files ``entraide network init`` writes: everything a network edits, commented in French."""

from __future__ import annotations

import json

from entraide.network.layout import (
    COMPLETIONS_DIR,
    CONFIG_FILE,
    CONTACTS_FILE,
    IGNORED,
    LOCAL_DIR,
    LOCAL_TAXONOMY_FILE,
    OVERRIDES_DIR,
    PIN_FILE,
)


def config_yaml(name: str) -> str:
    return f"""\
# Configuration du site de votre réseau.
# Modifiez ce qui suit les deux-points ; les lignes qui commencent par « # » sont
# des explications et ne comptent pas. Vérifiez avec : entraide check

# Nom du réseau, affiché en haut de chaque page et dans le pied de page.
name: {json.dumps(name, ensure_ascii=False)}

# Adresse du site une fois publié (facultatif), par exemple
# "https://mon-reseau.github.io/entraide/".
site_url: ""

# Logo : une image rangée dans {LOCAL_DIR}/ (par exemple "{LOCAL_DIR}/assets/logo.png").
# Laissez "" pour garder le logo d'Entraide.
logo: ""

# Couleurs, en code hexadécimal entre guillemets : la principale (bandeau du haut,
# liens) et l'accent (survol, blocs « Chez nous »). Choisissez des couleurs foncées :
# le texte blanc du bandeau doit rester lisible.
colors:
  primary: "#1b3a6b"
  accent: "#8a2a00"

# Adresse postale de la coordination du réseau, affichée en pied de page.
address: ""

# Où les lecteurs signalent une erreur sur une page : une adresse e-mail
# professionnelle de la coordination (pas une adresse personnelle) ou une adresse web.
report_contact: ""

# Pages partagées que votre réseau ne publie pas.
hide:
  # Par chemin dans la base (dossier docs/ de la base), une page ou tout un dossier :
  # pages: [procedures/ants/permis-international.md, pedagogy/]
  pages: []
  # Par valeur de la taxonomie, par exemple les pages d'un organisme absent chez vous :
  # organisations: [msa]

# Éditer vos pages avec un formulaire depuis GitHub ou GitLab (facultatif) : la
# construction ajoute au site une page admin/ (Decap CMS) où chaque modification
# devient une demande de fusion relue. Voir le README d'Entraide, « Éditer depuis
# GitHub ou GitLab ». Exemple (retirez les « # ») :
# cms:
#   name: decap
#   backend: github
#   repo: mon-reseau/entraide
"""


CONTACTS_YAML = """\
# Annuaire local « Qui appeler » : les contacts PROFESSIONNELS que votre réseau
# publie, avec l'accord de leurs structures. Jamais de numéro ou d'adresse
# personnels : ligne directe du service, adresse e-mail de service.
# Chaque contact apparaît sur la page « Qui appeler » et dans le bloc « Chez nous »
# des procédures de son organisme. Vérifiez avec : entraide check
#
# Modèle (retirez les « # » et remplacez les valeurs) :
#
# contacts:
#   - structure: "CAF du Gard"
#     service: "Service partenaires"
#     role: referent-partenaire        # referent-partenaire, conseiller ou permanence
#     organisations: [caf]             # valeurs de la taxonomie (partagée ou locale)
#     themes: [logement]               # facultatif : pour l'annuaire par thème
#     phone: "04 66 00 00 00"
#     email: "partenaires@caf-exemple.fr"
#     address: "10 rue de l'Exemple, 30000 Nîmes"
#     hours: "du lundi au vendredi, 9 h à 12 h"
#     how_to_reach: "Réservé aux professionnels ; donner le numéro d'allocataire."
#     public: "agents France Services et conseillers numériques"
#     verified_on: 2026-12-01          # date de la dernière vérification
#     review_in: 6 mois                # facultatif (1 an par défaut)

contacts: []
"""

LOCAL_TAXONOMY_YAML = """\
# Valeurs locales de la taxonomie : vos organismes, thèmes et publics à vous.
# On AJOUTE des valeurs ; on ne renomme ni ne retire une valeur partagée.
#
# organisations:
#   ccas-nimes:
#     label: CCAS de Nîmes
# themes:
#   transport-solidaire:
#     label: Transport solidaire
"""

EXAMPLE_PAGE = """\
---
title: Notre réseau
---

# Notre réseau

Présentez ici votre réseau : les lieux d'accueil, les horaires, les partenaires.
Cette page est un exemple : modifiez-la ou supprimez-la.
"""


def readme(name: str, base_url: str, version: str) -> str:
    return f"""\
# Entraide — {name}

Ce dépôt publie le site Entraide de **{name}** : les pages partagées
d'Entraide (la « base »), plus ce que seul votre réseau sait (la « couche
locale »). Il ne contient que la couche locale ; la base est récupérée à une
version précise ({version}, depuis {base_url}) et n'est jamais modifiée ici.

## Ce que vous modifiez

- `{CONFIG_FILE}` : nom, logo, couleurs, adresse, contact pour signaler une
  erreur, pages partagées masquées.
- `{LOCAL_DIR}/` : vos pages. Une page rangée au même chemin qu'une page
  partagée la **remplace** (voir plus bas) ; ailleurs, c'est une page en plus
  (par exemple `{LOCAL_DIR}/chez-nous/notre-reseau.md`, publiée à
  l'adresse `chez-nous/notre-reseau/`).
- `{COMPLETIONS_DIR}/` : des blocs « Chez nous » qui **complètent** une page
  partagée sans la copier : `{COMPLETIONS_DIR}/procedures/caf/demander-apl.md`
  s'affiche dans la page partagée `procedures/caf/demander-apl.md`, juste
  avant sa section « En cas de blocage » (ou à la fin de la page).
- `{CONTACTS_FILE}` : l'annuaire « Qui appeler » : contacts professionnels,
  par organisme ; ils s'affichent aussi dans le bloc « Chez nous » des
  procédures de leur organisme.
- `{LOCAL_TAXONOMY_FILE}` : vos organismes, thèmes et publics en plus de ceux
  de la base.
- `{OVERRIDES_DIR}/partials/` (facultatif) : votre habillage des badges de
  posture (`entraide-badges.html`), de la mention « Vérifié le … »
  (`entraide-relecture.html`) ou de la ligne « Modifié le … »
  (`entraide-historique.html`) : un fichier de ce nom remplace celui de la base.

Ne modifiez pas `{PIN_FILE}` (la version de la base, écrite par les commandes)
ni les dossiers cachés `.entraide-base/` et `.entraide-site/` (des copies de
travail, recréées à chaque construction).

## Les commandes

- `entraide check` : vérifie vos pages et contacts ; chaque message dit
  « local : … » (votre couche) ou « base : … » (une page partagée) et la ligne.
- `entraide build` : construit le site dans `site/`, prêt à copier sur
  n'importe quel hébergement ; `entraide serve` le montre sur ce poste.
- `entraide network status` : la version de la base utilisée, si une plus
  récente existe, vos pages locales, les contacts à revérifier.
- `entraide network update` : passe à la dernière version de la base (ou à
  `--ref VERSION`) et dit quelles pages partagées ont changé, et lesquelles de
  vos pages ou de vos contacts sont concernés. Il ne touche à aucun de vos
  fichiers et ne demande jamais de résoudre un conflit.
- `entraide freshness` : les pages et contacts à revérifier.

## Remplacer une page partagée

Copiez la page partagée au même chemin sous `{LOCAL_DIR}/` et ajoutez à son
en-tête la version remplacée, que `entraide check` vous indique :

```yaml
replaces:
  path: procedures/caf/demander-apl.md
  base_commit: 0123456789ab
```

Quand la page partagée change, la construction vous prévient : relisez-la,
reportez ce qui compte, puis mettez à jour `base_commit`.

## Publication

- GitHub Pages : `.github/workflows/publier.yml` publie le site à chaque envoi
  sur la branche `main` (Settings → Pages → Source : GitHub Actions).
- GitLab Pages : `.gitlab-ci.yml` fait de même sur la branche par défaut.
- Ailleurs : `entraide build`, puis copiez le dossier `site/`.
"""


_INSTALL = (
    "url=$(sed -n 's/^url: \"\\(.*\\)\"$/\\1/p' entraide-base.yml)\n"
    "commit=$(sed -n 's/^commit: \"\\(.*\\)\"$/\\1/p' entraide-base.yml)\n"
    'pip install "entraide @ git+${url}@${commit}"'
)


def github_workflow() -> str:
    install = "\n".join(f"          {line}" for line in _INSTALL.splitlines())
    return f"""\
# Publie le site sur GitHub Pages à chaque envoi sur main.
# Dans le dépôt : Settings > Pages > Source : « GitHub Actions ».
name: Publier le site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  construire:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Installer Entraide à la version de la base épinglée
        run: |
{install}
      - name: Construire le site
        run: entraide build --strict
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  publier:
    needs: construire
    runs-on: ubuntu-latest
    timeout-minutes: 10
    environment:
      name: github-pages
      url: ${{{{ steps.deploiement.outputs.page_url }}}}
    steps:
      - id: deploiement
        uses: actions/deploy-pages@v4
"""


def gitlab_ci() -> str:
    install = "    - |\n" + "\n".join(f"      {line}" for line in _INSTALL.splitlines())
    return f"""\
# Publie le site sur GitLab Pages à chaque envoi sur la branche par défaut.
pages:
  image: python:3.12
  variables:
    GIT_DEPTH: "0"
  script:
{install}
    - entraide build --strict --site-dir public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


def gitignore() -> str:
    return "# Copies de travail recréées à chaque construction\n" + "\n".join(IGNORED) + "\n"


def files(name: str, base_url: str, version: str) -> dict[str, str]:
    """Path in the new repository -> its text."""
    return {
        CONFIG_FILE: config_yaml(name),
        CONTACTS_FILE: CONTACTS_YAML,
        LOCAL_TAXONOMY_FILE: LOCAL_TAXONOMY_YAML,
        f"{LOCAL_DIR}/chez-nous/notre-reseau.md": EXAMPLE_PAGE,
        "README.md": readme(name, base_url, version),
        ".github/workflows/publier.yml": github_workflow(),
        ".gitlab-ci.yml": gitlab_ci(),
        ".gitignore": gitignore(),
    }
