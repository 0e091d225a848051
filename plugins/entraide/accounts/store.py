"""The accounts of one site, in one JSON file of the editor's state folder.

Every change reads the file afresh, applies itself and writes the whole file
back under a lock (``filelock``, so the CLI and a running server can both
change accounts), to a temporary file swapped in with ``os.replace``: a crash
leaves the old file or the new one, never half of one. A file that cannot be
read is reported with its path and never overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from entraide.accounts.account import Account
from entraide.accounts.errors import AccountError
from entraide.accounts.names import AccountNameError, check_display_name, login_of
from entraide.accounts.passwords import (
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from entraide.accounts.roles import Role
from entraide.accounts.tokens import TOKEN_LIFETIME, new_token, token_digest, token_matches
from entraide.atomic_files import write_text_atomically
from entraide.editing.state import state_dir

ACCOUNTS_FILENAME = "comptes.json"
FILE_FORMAT = "entraide-comptes"
FILE_VERSION = 1
LOCK_TIMEOUT_SECONDS = 10.0

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class AccountStoreError(AccountError):
    """The accounts file cannot be read or written; the message names the file."""


class TokenError(AccountError):
    """A sign-in link that is unknown, already used or expired."""


@dataclass(frozen=True)
class Invitation:
    """A one-time sign-in link's token, shown once and never stored in clear."""

    account: Account
    token: str
    expires_at: datetime


class AccountStore:
    def __init__(self, folder: Path, clock: Clock = utc_now) -> None:
        self.folder = folder
        self.path = folder / ACCOUNTS_FILENAME
        self._lock = FileLock(str(folder / f"{ACCOUNTS_FILENAME}.lock"))
        self._clock = clock

    @classmethod
    def for_root(cls, root: Path, clock: Clock = utc_now) -> AccountStore:
        """The store of the site whose ``mkdocs.yml`` is in ``root``."""
        return cls(state_dir(root), clock)

    # Reading

    def accounts(self) -> list[Account]:
        return sorted(self._read().values(), key=lambda account: account.login)

    def get(self, login: str) -> Account | None:
        return self._read().get(login)

    def find(self, name: str) -> Account | None:
        """The account a person means by ``name``: its login or its display name."""
        try:
            login = login_of(name)
        except AccountNameError:
            return None
        return self.get(login)

    def account_for_token(self, token: str) -> Account | None:
        """The account a sign-in link is for, if the link is still valid (it is not consumed)."""
        now = self._clock()
        for account in self._read().values():
            if _token_valid(account, token, now):
                return account
        return None

    # Changing

    def add(self, display_name: str, role: Role) -> Invitation:
        name = check_display_name(display_name)
        login = login_of(name)

        def change(accounts: dict[str, Account]) -> Invitation:
            existing = accounts.get(login)
            if existing is not None:
                raise AccountError(
                    f"un compte « {login} » existe déjà ({existing.display_name}, "
                    f"{existing.role.value}). Pour un nouveau lien de connexion : "
                    f"entraide users link {login}"
                )
            account = Account(login, name, role, created_at=self._clock())
            return self._invite(accounts, account)

        return self._update(change)

    def invite(self, name: str) -> Invitation:
        """A new one-time link (a forgotten password); the previous link stops working."""

        def change(accounts: dict[str, Account]) -> Invitation:
            return self._invite(accounts, _named(accounts, name))

        return self._update(change)

    def remove(self, name: str) -> Account:
        """Remove an account; its sessions end with it (there is nothing left to match)."""

        def change(accounts: dict[str, Account]) -> Account:
            account = _named(accounts, name)
            del accounts[account.login]
            return account

        return self._update(change)

    def end_sessions(self, login: str) -> None:
        """Close every open session of an account (signing out closes them all, so a copied
        session cookie stops working with the one signed out)."""

        def change(accounts: dict[str, Account]) -> None:
            account = accounts.get(login)
            if account is not None:
                accounts[login] = replace(
                    account, session_generation=account.session_generation + 1
                )

        self._update(change)

    def redeem(self, token: str, password: str) -> Account:
        """Consume a sign-in link by choosing a password; every open session of the account
        ends (its session generation moves on)."""
        check_new_password(password)
        password_hash = hash_password(password)

        def change(accounts: dict[str, Account]) -> Account:
            now = self._clock()
            for account in accounts.values():
                if _token_valid(account, token, now):
                    updated = replace(
                        account,
                        password_hash=password_hash,
                        session_generation=account.session_generation + 1,
                        token_digest=None,
                        token_expires_at=None,
                    )
                    accounts[account.login] = updated
                    return updated
            raise TokenError(
                "ce lien de connexion n'est plus valable (déjà utilisé, expiré ou remplacé par "
                "un plus récent). Demandez-en un nouveau à la personne qui gère les comptes."
            )

        return self._update(change)

    def change_password(self, login: str, current: str, new: str) -> Account | None:
        """Replace the password of an account that proves its current one (None when it does
        not). Every session of the account ends, and a pending sign-in link stops working:
        a password is changed when it may be known to someone else."""
        check_new_password(new)
        account = self.get(login)
        if account is None or not verify_password(account.password_hash, current):
            return None
        fresh = hash_password(new)

        def change(accounts: dict[str, Account]) -> Account:
            latest = accounts.get(login)
            if latest is None or latest.password_hash != account.password_hash:
                raise AccountError("le compte a changé entre-temps : reconnectez-vous.")
            accounts[login] = replace(
                latest,
                password_hash=fresh,
                session_generation=latest.session_generation + 1,
                token_digest=None,
                token_expires_at=None,
            )
            return accounts[login]

        return self._update(change)

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is its password; a hash made with older parameters is
        replaced on the way."""
        account = self.find(name)
        if not verify_password(account.password_hash if account else None, password):
            return None
        assert account is not None and account.password_hash is not None
        if needs_rehash(account.password_hash):
            stale = account.password_hash
            fresh = hash_password(password)

            def change(accounts: dict[str, Account]) -> Account | None:
                current = accounts.get(account.login)
                if current is None or current.password_hash != stale:
                    return current  # removed or changed meanwhile: leave it as it is now
                accounts[current.login] = replace(current, password_hash=fresh)
                return accounts[current.login]

            return self._update(change)
        return account

    # The file

    def _invite(self, accounts: dict[str, Account], account: Account) -> Invitation:
        token = new_token()
        expires_at = self._clock() + TOKEN_LIFETIME
        accounts[account.login] = replace(
            account, token_digest=token_digest(token), token_expires_at=expires_at
        )
        return Invitation(accounts[account.login], token, expires_at)

    def _update(self, change: Callable[[dict[str, Account]], T]) -> T:
        with self._locked():
            accounts = self._read()
            result = change(accounts)
            self._write(accounts)
        return result

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with self._lock.acquire(timeout=LOCK_TIMEOUT_SECONDS):
                yield
        except Timeout:
            raise AccountStoreError(
                f"{self.path} : les comptes sont en cours de modification par un autre "
                f"programme depuis plus de {LOCK_TIMEOUT_SECONDS:.0f} s ; réessayez."
            ) from None
        except OSError as exc:
            raise AccountStoreError(
                f"{self.path} : impossible d'écrire les comptes ({exc.strerror or exc})."
            ) from exc

    def _read(self) -> dict[str, Account]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise AccountStoreError(
                f"{self.path} : fichier des comptes illisible ({exc})."
            ) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AccountStoreError(
                f"{self.path}, ligne {exc.lineno}, colonne {exc.colno} : fichier des comptes "
                f"abîmé ({exc.msg}). Il n'a pas été modifié : corrigez-le ou restaurez une "
                "sauvegarde."
            ) from exc
        return _decode(data, self.path)

    def _write(self, accounts: dict[str, Account]) -> None:
        data = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "comptes": [_encode(accounts[login]) for login in sorted(accounts)],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_text_atomically(self.path, text, mode=0o600)


def _named(accounts: dict[str, Account], name: str) -> Account:
    login = login_of(name)
    account = accounts.get(login)
    if account is None:
        known = ", ".join(sorted(accounts)) or "aucun"
        raise AccountError(f"aucun compte « {login} » (comptes existants : {known}).")
    return account


def _token_valid(account: Account, token: str, now: datetime) -> bool:
    return (
        account.token_digest is not None
        and account.token_expires_at is not None
        and now < account.token_expires_at
        and token_matches(token, account.token_digest)
    )


def _encode(account: Account) -> dict[str, Any]:
    return {
        "identifiant": account.login,
        "nom": account.display_name,
        "role": account.role.value,
        "cree_le": account.created_at.isoformat(),
        "mot_de_passe": account.password_hash,
        "generation_session": account.session_generation,
        "jeton": account.token_digest,
        "jeton_expire_le": account.token_expires_at.isoformat()
        if account.token_expires_at
        else None,
    }


def _decode(data: Any, path: Path) -> dict[str, Account]:
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise AccountStoreError(
            f"{path} : ce n'est pas un fichier de comptes d'Entraide (clé « format » absente "
            f"ou différente de « {FILE_FORMAT} »). Il n'a pas été modifié."
        )
    version = data.get("version")
    if version != FILE_VERSION:
        raise AccountStoreError(
            f"{path} : fichier de comptes en version {version!r}, cette version d'Entraide lit "
            f"la version {FILE_VERSION}. Mettez Entraide à jour ; le fichier n'a pas été modifié."
        )
    entries = data.get("comptes")
    if not isinstance(entries, list):
        raise AccountStoreError(f"{path} : la clé « comptes » doit être une liste.")
    accounts: dict[str, Account] = {}
    for position, entry in enumerate(entries, start=1):
        try:
            account = _decode_account(entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise AccountStoreError(
                f"{path} : compte n° {position} illisible ({type(exc).__name__} : {exc}). "
                "Le fichier n'a pas été modifié."
            ) from exc
        accounts[account.login] = account
    return accounts


def _decode_account(entry: Any) -> Account:
    if not isinstance(entry, dict):
        raise TypeError("un objet JSON est attendu")
    expires = entry.get("jeton_expire_le")
    return Account(
        login=_text(entry["identifiant"]),
        display_name=_text(entry["nom"]),
        role=Role(entry["role"]),
        created_at=_moment(entry["cree_le"]),
        password_hash=_optional_text(entry.get("mot_de_passe")),
        session_generation=int(entry.get("generation_session", 0)),
        token_digest=_optional_text(entry.get("jeton")),
        token_expires_at=_moment(expires) if expires is not None else None,
    )


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"texte attendu, trouvé {value!r}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(f"date sans fuseau horaire : {value!r}")
    return moment
