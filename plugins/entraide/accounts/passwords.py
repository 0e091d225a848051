"""Password hashes with argon2id (argon2-cffi), the winner of the Password Hashing Competition.

Only hashes are stored. argon2-cffi's defaults follow RFC 9106's recommended
low-memory profile and move with new releases; a hash made with older
parameters is recognised at sign-in and replaced (:func:`needs_rehash`).
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from entraide.accounts.errors import AccountError

MIN_PASSWORD_LENGTH = 12
# Hashing cost grows with the length: a bound keeps a huge "password" from tying up the server.
MAX_PASSWORD_LENGTH = 256

_HASHER = PasswordHasher()


class PasswordError(AccountError):
    """A new password that cannot be accepted, with the French reason."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(
            f"le mot de passe est trop court : {MIN_PASSWORD_LENGTH} caractères au moins "
            "(une phrase de quelques mots est plus facile à retenir)."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(
            f"le mot de passe est trop long : {MAX_PASSWORD_LENGTH} caractères au plus."
        )
    if not password.strip():
        raise PasswordError("le mot de passe ne peut pas être fait que d'espaces.")


@cache
def _decoy_hash() -> str:
    """Verified against when there is no hash to check, so a wrong login costs as much time as
    a wrong password and response times do not tell which logins exist. Made on first use:
    importing this module stays cheap for commands that never check a password."""
    return _HASHER.hash("entraide: compte inexistant")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``None`` (no password chosen yet) never matches but costs
    the same time as a real check."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash or _decoy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with other parameters than today's and should be replaced."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
