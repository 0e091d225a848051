"""One-time sign-in tokens: the link ``entraide users add`` prints.

A token is 256 random bits; only its SHA-256 digest is stored, so reading the
accounts file does not give a working link. A slow hash is not needed here:
unlike a password, a token has no small space of likely values to try.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

TOKEN_LIFETIME = timedelta(hours=72)
_TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str, digest: str) -> bool:
    """Constant-time comparison, so timing does not reveal how much of a digest matched."""
    return hmac.compare_digest(token_digest(token), digest)
