"""The three roles of the browser editor and what each may do.

Roles nest (a reviewer also proposes, an admin also reviews) because the people
who review are experienced contributors, and whoever manages accounts must be
able to do everything an account can.
"""

from __future__ import annotations

from enum import StrEnum

from entraide.accounts.errors import AccountError


class Permission(StrEnum):
    """What an account may do; pages ask for a permission, never for a role name."""

    PROPOSE = "proposer"
    REVIEW = "relire"
    MANAGE_ACCOUNTS = "gerer-comptes"

    @property
    def label(self) -> str:
        return _PERMISSION_LABELS[self]


class Role(StrEnum):
    CONTRIBUTEUR = "contributeur"
    RELECTEUR = "relecteur"
    ADMIN = "admin"

    @property
    def permissions(self) -> frozenset[Permission]:
        return _PERMISSIONS[self]

    def may(self, permission: Permission) -> bool:
        return permission in _PERMISSIONS[self]

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


class RoleError(AccountError):
    """An unknown role name, with a French message listing the known ones."""


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise RoleError(f"rôle inconnu « {text} » : choisissez parmi {known}.") from None


_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CONTRIBUTEUR: frozenset({Permission.PROPOSE}),
    Role.RELECTEUR: frozenset({Permission.PROPOSE, Permission.REVIEW}),
    Role.ADMIN: frozenset(Permission),
}

_ROLE_LABELS: dict[Role, str] = {
    Role.CONTRIBUTEUR: "contributeur ou contributrice",
    Role.RELECTEUR: "relecteur ou relectrice",
    Role.ADMIN: "administration",
}

_PERMISSION_LABELS: dict[Permission, str] = {
    Permission.PROPOSE: "proposer des modifications",
    Permission.REVIEW: "relire, accepter ou refuser des propositions",
    Permission.MANAGE_ACCOUNTS: "gérer les comptes",
}
