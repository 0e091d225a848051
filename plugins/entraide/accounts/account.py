"""An editor account as stored: who, with which role, and what proves it is them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from entraide.accounts.roles import Permission, Role

# RFC 2606 reserves ``.invalid``: no mail is ever sent there. Git needs an address beside
# the author's name; we keep no e-mail addresses (personal data we have no use for).
COMMIT_EMAIL_DOMAIN = "entraide.invalid"


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

    def may(self, permission: Permission) -> bool:
        return self.role.may(permission)
