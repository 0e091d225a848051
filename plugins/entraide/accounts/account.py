"""An editor account as stored: who, with which role, and what proves it is them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from entraide.accounts.roles import Permission, Role

# RFC 2606 reserves ``.invalid``: no mail is ever sent there. Git needs an address beside
# the author's name; we keep no e-mail addresses (personal data we have no use for).
COMMIT_EMAIL_DOMAIN = "entraide.invalid"


class AccountState(StrEnum):
    """Where an account stands, for the lists the CLI and the accounts page show."""

    LINK_PENDING = "lien en attente"  # a sign-in link is waiting to be used
    ACTIVE = "actif"  # a password is set and no link is waiting
    LINK_EXPIRED = "lien expiré"  # no password, and the link has expired: make another


@dataclass(frozen=True)
class Account:
    login: str
    display_name: str
    role: Role
    created_at: datetime
    password_hash: str | None = None
    # Sessions carry the generation they were opened in; raising it (new password) closes them.
    session_generation: int = 0
    token_digest: str | None = None
    token_expires_at: datetime | None = None

    @property
    def commit_email(self) -> str:
        """The address Git records beside :attr:`display_name` as author."""
        return f"{self.login}@{COMMIT_EMAIL_DOMAIN}"

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def state(self, now: datetime) -> AccountState:
        if self.token_expires_at is not None and now < self.token_expires_at:
            return AccountState.LINK_PENDING
        return AccountState.ACTIVE if self.has_password else AccountState.LINK_EXPIRED

    def may(self, permission: Permission) -> bool:
        return self.role.may(permission)
