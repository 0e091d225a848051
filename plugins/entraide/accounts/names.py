"""Account names: the display name people type, and the login derived from it.

The display name is what Git commits carry as their author, so it must fit in
a Git author line (``Name <email> time zone``) unchanged: Git cuts a name at
``<`` or ``>``, a newline would end the header, and Git strips "crud"
(spaces and ``.,:;"'\\``) from both ends of a name. The login is a slug of the
display name, typed at sign-in and used in addresses.
"""

from __future__ import annotations

import re
import unicodedata

from entraide.accounts.errors import AccountError

MAX_DISPLAY_NAME = 80
MAX_LOGIN = 40

# Characters Git removes from both ends of an author name (ident.c, ``crud``).
_GIT_CRUD = set(" .,:;<>\"\\'")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


class AccountNameError(AccountError):
    """A display name or login that cannot be used, with a French message saying why."""


def check_display_name(text: str) -> str:
    """The display name as it will appear in commits (runs of spaces made one); raises with
    the reason when Git could not carry it unchanged."""
    name = re.sub(" +", " ", text.strip(" "))
    if not name:
        raise AccountNameError(
            "le nom est vide : indiquez le nom de la personne, par exemple « Awa Diallo »."
        )
    if len(name) > MAX_DISPLAY_NAME:
        raise AccountNameError(
            f"le nom est trop long ({len(name)} caractères, {MAX_DISPLAY_NAME} au plus)."
        )
    if "<" in name or ">" in name:
        raise AccountNameError(
            f"le nom « {name} » contient < ou > : Git ne peut pas l'inscrire comme auteur."
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise AccountNameError(
            "le nom contient un retour à la ligne ou un caractère invisible : "
            "Git ne peut pas l'inscrire comme auteur."
        )
    if name[0] in _GIT_CRUD or name[-1] in _GIT_CRUD:
        raise AccountNameError(
            f"le nom « {name} » commence ou finit par une ponctuation que Git retirerait "
            "de l'auteur des modifications : retirez-la."
        )
    return name


def login_of(display_name: str) -> str:
    """The login for a display name: ASCII lowercase words joined by hyphens.

    "Awa Diallo-N'Diaye" and "awa diallo n'diaye" give the same login, so the
    same person cannot be added twice by a difference of case or accents.
    """
    folded = unicodedata.normalize("NFKD", display_name)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    login = _SEPARATORS.sub("-", ascii_only).strip("-")[:MAX_LOGIN].strip("-")
    if not login:
        raise AccountNameError(
            f"impossible de tirer un identifiant du nom « {display_name} » : "
            "il faut au moins une lettre ou un chiffre latin."
        )
    return login
