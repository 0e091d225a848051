"""Limits on failed sign-ins, per account and per client address.

Per account, so nobody can try many passwords on one account from many
addresses; per address, so one machine cannot try one password on many
accounts. Only failures count, within a sliding window; a success clears the
account's count. Kept in memory: an attacker cannot restart the server, and
a restart that forgets counts only lets through one more window of tries.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from entraide.accounts.errors import AccountError

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
# Addresses and logins tracked at most: random logins must not make the table grow forever.
MAX_TRACKED = 10_000


class ThrottledError(AccountError):
    """Too many failed sign-ins; :attr:`retry_after` is in seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(
            f"Trop d'essais de connexion manqués : réessayez dans {minutes} {unit}. "
            "En cas d'oubli du mot de passe, demandez un nouveau lien de connexion à la "
            "personne qui gère les comptes."
        )


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = MAX_FAILURES
    window_seconds: float = WINDOW_SECONDS


class LoginThrottle:
    def __init__(
        self,
        policy: ThrottlePolicy = ThrottlePolicy(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def begin(self, login: str, address: str) -> float:
        """Count a sign-in attempt as failed until :meth:`succeeded` says otherwise, and
        return its time; raise :class:`ThrottledError` if either key has used up its tries.

        Counted before the password is checked, so many guesses sent at once cannot all
        pass while the first ones are being checked; and refused before it too: a locked
        account refuses the right password as well, or the lock would tell a right guess.
        """
        now = self._clock()
        longest = max(self._wait(key, now) for key in _keys(login, address))
        if longest > 0:
            raise ThrottledError(longest)
        for key in _keys(login, address):
            self._failures.setdefault(key, deque()).append(now)
        if len(self._failures) > MAX_TRACKED:
            self._prune(now)
        return now

    def succeeded(self, login: str, address: str, started: float) -> None:
        """The attempt begun at ``started`` was right: the account starts afresh, and the
        address no longer counts this attempt (its other failures stay)."""
        account, place = _keys(login, address)
        self._failures.pop(account, None)
        failures = self._failures.get(place)
        if failures is not None and started in failures:
            failures.remove(started)

    def _wait(self, key: str, now: float) -> float:
        failures = self._failures.get(key)
        if not failures:
            return 0.0
        self._forget_old(failures, now)
        if len(failures) < self.policy.max_failures:
            return 0.0
        # Free again once enough of the oldest failures have left the window.
        blocking = failures[len(failures) - self.policy.max_failures]
        return blocking + self.policy.window_seconds - now

    def _forget_old(self, failures: deque[float], now: float) -> None:
        while failures and failures[0] <= now - self.policy.window_seconds:
            failures.popleft()

    def _prune(self, now: float) -> None:
        for key in list(self._failures):
            self._forget_old(self._failures[key], now)
            if not self._failures[key]:
                del self._failures[key]
        while len(self._failures) > MAX_TRACKED:
            del self._failures[next(iter(self._failures))]


def _keys(login: str, address: str) -> tuple[str, str]:
    return (f"compte:{login}", f"adresse:{address}")
