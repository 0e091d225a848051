"""The proposals domain's view of a signed-in account: one mapping for every editor page."""

from __future__ import annotations

from entraide.accounts.account import Account
from entraide.accounts.roles import Permission
from entraide.proposals.model import Person


def person(account: Account) -> Person:
    """Who proposes or reviews: the login names branches, the display name signs commits.

    No e-mail: the accounts keep none, so commits carry ``<login>@entraide.invalid``.
    """
    return Person(
        account=account.login,
        name=account.display_name,
        may_review=account.may(Permission.REVIEW),
    )
