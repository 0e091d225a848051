"""The one error family of accounts, so adapters catch one class and print its French message."""

from __future__ import annotations


class AccountError(ValueError):
    """Something about accounts that cannot be done, said in French for the person who asked."""
