"""Accounts as plain Python: the JSON store on disk, passwords, sign-in links, the throttle."""

from __future__ import annotations

import json
import multiprocessing
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from entraide.accounts.errors import AccountError
from entraide.accounts.names import check_display_name, login_of
from entraide.accounts.passwords import verify_password
from entraide.accounts.roles import Permission, Role, parse_role
from entraide.accounts.secret import session_secret
from entraide.accounts.store import AccountStore, AccountStoreError, TokenError
from entraide.accounts.throttle import LoginThrottle, ThrottledError, ThrottlePolicy

PASSWORD = "une phrase assez longue"


class Clock:
    """A settable clock: links expire without waiting 72 hours."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> AccountStore:
    return AccountStore.for_root(tmp_path, clock)


def test_roles_nest_and_unknown_roles_are_named_in_french() -> None:
    assert Role.CONTRIBUTEUR.may(Permission.PROPOSE)
    assert not Role.CONTRIBUTEUR.may(Permission.REVIEW)
    assert Role.RELECTEUR.may(Permission.REVIEW)
    assert not Role.RELECTEUR.may(Permission.MANAGE_ACCOUNTS)
    assert Role.ADMIN.permissions == frozenset(Permission)
    assert parse_role(" Relecteur ") is Role.RELECTEUR
    with pytest.raises(AccountError, match="rôle inconnu « chef » : choisissez parmi contributeur"):
        parse_role("chef")


@pytest.mark.parametrize(
    "name",
    ["Awa <awa@x.fr>", "Awa\nDiallo", "Awa\tDiallo", "Awa Diallo.", "'Awa", "   ", "x" * 81],
)
def test_display_names_that_git_would_alter_are_refused(name: str) -> None:
    with pytest.raises(AccountError):
        check_display_name(name)


def test_display_name_is_kept_as_typed_and_login_is_its_ascii_slug() -> None:
    assert check_display_name("  Awa  Diallo-N'Diaye ") == "Awa Diallo-N'Diaye"
    assert login_of("Awa Diallo-N'Diaye") == "awa-diallo-n-diaye"
    assert login_of("Éloïse Lefèvre") == "eloise-lefevre"
    with pytest.raises(AccountError, match="au moins une lettre"):
        login_of("王")


def test_add_stores_an_argon2_hash_never_the_password_nor_the_token(
    store: AccountStore, tmp_path: Path
) -> None:
    invitation = store.add("Awa Diallo", Role.RELECTEUR)
    assert invitation.account.login == "awa-diallo"
    store.redeem(invitation.token, PASSWORD)
    text = (tmp_path / ".entraide-edition" / "comptes.json").read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert invitation.token not in text
    stored = json.loads(text)["comptes"][0]
    assert stored["mot_de_passe"].startswith("$argon2id$")
    assert stored["nom"] == "Awa Diallo"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.authenticate("awa-diallo", PASSWORD) is not None
    assert store.authenticate("Awa Diallo", PASSWORD) is not None  # the display name works too
    assert store.authenticate("awa-diallo", PASSWORD + "!") is None
    assert store.authenticate("inconnu", PASSWORD) is None


def test_the_same_person_cannot_be_added_twice(store: AccountStore) -> None:
    store.add("Awa Diallo", Role.CONTRIBUTEUR)
    with pytest.raises(AccountError, match=r"existe déjà.*entraide users link awa-diallo"):
        store.add("awa DIALLO", Role.ADMIN)
    assert [account.role for account in store.accounts()] == [Role.CONTRIBUTEUR]


def test_a_sign_in_link_works_once(store: AccountStore) -> None:
    invitation = store.add("Awa Diallo", Role.CONTRIBUTEUR)
    assert store.account_for_token(invitation.token) is not None
    first = store.redeem(invitation.token, PASSWORD)
    assert first.has_password and first.session_generation == 1
    assert store.account_for_token(invitation.token) is None
    with pytest.raises(TokenError, match="n'est plus valable"):
        store.redeem(invitation.token, "un autre mot de passe")
    assert store.authenticate("awa-diallo", PASSWORD) is not None


def test_a_sign_in_link_expires_after_72_hours(store: AccountStore, clock: Clock) -> None:
    invitation = store.add("Awa Diallo", Role.CONTRIBUTEUR)
    clock.now += timedelta(hours=71, minutes=59)
    assert store.account_for_token(invitation.token) is not None
    clock.now += timedelta(minutes=1)
    assert store.account_for_token(invitation.token) is None
    with pytest.raises(TokenError):
        store.redeem(invitation.token, PASSWORD)


def test_a_new_link_replaces_the_previous_one_and_keeps_the_password(store: AccountStore) -> None:
    store.redeem(store.add("Awa Diallo", Role.CONTRIBUTEUR).token, PASSWORD)
    first = store.invite("awa-diallo")
    second = store.invite("Awa Diallo")
    assert store.account_for_token(first.token) is None
    assert store.account_for_token(second.token) is not None
    assert store.authenticate("awa-diallo", PASSWORD) is not None
    changed = store.redeem(second.token, "un nouveau mot de passe")
    assert changed.session_generation == 2
    assert store.authenticate("awa-diallo", PASSWORD) is None


def test_short_passwords_are_refused_and_the_link_stays_usable(store: AccountStore) -> None:
    invitation = store.add("Awa Diallo", Role.CONTRIBUTEUR)
    with pytest.raises(AccountError, match="12 caractères au moins"):
        store.redeem(invitation.token, "court")
    assert store.account_for_token(invitation.token) is not None


def test_an_outdated_hash_is_replaced_at_sign_in(store: AccountStore) -> None:
    store.redeem(store.add("Awa Diallo", Role.CONTRIBUTEUR).token, PASSWORD)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    data["comptes"][0]["mot_de_passe"] = weak
    store.path.write_text(json.dumps(data), encoding="utf-8")
    assert store.authenticate("awa-diallo", PASSWORD) is not None
    renewed = store.get("awa-diallo")
    assert renewed is not None and renewed.password_hash != weak
    assert verify_password(renewed.password_hash, PASSWORD)
    assert "m=65536" in (renewed.password_hash or "")


def test_removing_an_account_keeps_the_others(store: AccountStore) -> None:
    store.add("Awa Diallo", Role.CONTRIBUTEUR)
    store.add("Marc Petit", Role.ADMIN)
    assert store.remove("Awa Diallo").login == "awa-diallo"
    assert [account.login for account in store.accounts()] == ["marc-petit"]
    with pytest.raises(AccountError, match=r"aucun compte « awa-diallo » .*marc-petit"):
        store.remove("awa-diallo")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "entraide-comptes", "version": 1, "comptes": [', "ligne 1, colonne"),
        ('{"comptes": []}', "pas un fichier de comptes"),
        ('{"format": "entraide-comptes", "version": 9, "comptes": []}', "version 9"),
        (
            '{"format": "entraide-comptes", "version": 1, "comptes": [{"identifiant": "a"}]}',
            "compte n° 1 illisible",
        ),
    ],
)
def test_a_damaged_file_is_reported_with_its_path_and_never_overwritten(
    store: AccountStore, content: str, expected: str
) -> None:
    store.folder.mkdir()
    store.path.write_text(content, encoding="utf-8")
    with pytest.raises(AccountStoreError, match=expected) as caught:
        store.add("Awa Diallo", Role.ADMIN)
    assert str(store.path) in str(caught.value)
    assert store.path.read_text(encoding="utf-8") == content
    assert [path.name for path in store.folder.iterdir() if path.suffix == ".tmp"] == []


def test_the_session_key_is_made_once_and_private(tmp_path: Path) -> None:
    folder = tmp_path / ".entraide-edition"
    key = session_secret(folder)
    assert len(key) == 32
    assert session_secret(folder) == key
    assert stat.S_IMODE((folder / "cle-session").stat().st_mode) == 0o600
    assert sorted(path.name for path in folder.iterdir()) == ["cle-session"]


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_locks_an_account_after_five_failures_and_says_when_to_retry() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(ThrottlePolicy(max_failures=5, window_seconds=900), ticks)
    for attempt in range(5):
        throttle.begin("awa", f"10.0.0.{attempt}")  # each one wrong: never succeeded
        ticks.now += 60
    with pytest.raises(ThrottledError) as caught:
        throttle.begin("awa", "10.0.0.99")  # another address: the account is locked
    assert caught.value.retry_after == pytest.approx(600)
    assert "réessayez dans 10 minutes" in str(caught.value)
    throttle.begin("marc", "10.0.0.99")  # other accounts are not
    ticks.now += 600
    throttle.begin("awa", "10.0.0.98")  # the oldest failure left the window


def test_throttle_locks_an_address_trying_many_accounts() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(ThrottlePolicy(max_failures=5, window_seconds=900), ticks)
    for attempt in range(5):
        throttle.begin(f"compte-{attempt}", "10.0.0.1")
    with pytest.raises(ThrottledError, match="réessayez dans 15 minutes"):
        throttle.begin("compte-neuf", "10.0.0.1")
    throttle.begin("compte-neuf", "10.0.0.2")


def test_guesses_sent_at_once_are_counted_before_any_is_checked() -> None:
    """Five attempts begun together, none finished yet: the sixth is refused already."""
    throttle = LoginThrottle(ThrottlePolicy(max_failures=5, window_seconds=900), Ticks())
    for _ in range(5):
        throttle.begin("awa", "10.0.0.1")
    with pytest.raises(ThrottledError):
        throttle.begin("awa", "10.0.0.2")


def test_a_success_clears_the_account_and_uncounts_itself_at_the_address() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(ThrottlePolicy(max_failures=2, window_seconds=900), ticks)
    throttle.begin("awa", "10.0.0.1")  # wrong
    ticks.now += 1
    throttle.succeeded("awa", "10.0.0.1", throttle.begin("awa", "10.0.0.1"))
    ticks.now += 1
    throttle.begin("awa", "10.0.0.2")  # wrong: one failure for the account since the success
    ticks.now += 1
    started = throttle.begin("marc", "10.0.0.3")
    throttle.succeeded("marc", "10.0.0.3", started)
    throttle.succeeded("marc", "10.0.0.3", throttle.begin("marc", "10.0.0.3"))
    throttle.begin("zoe", "10.0.0.3")  # two successes did not use up the address
    throttle.begin("marc", "10.0.0.1")  # the address's earlier failure is still counted
    with pytest.raises(ThrottledError):
        throttle.begin("zoe", "10.0.0.1")


def _add_accounts(root: str, prefix: str, count: int) -> None:
    store = AccountStore.for_root(Path(root))
    for number in range(count):
        store.add(f"{prefix} {number}", Role.CONTRIBUTEUR)


def test_concurrent_writers_lose_no_account(tmp_path: Path) -> None:
    """The CLI and the server may change accounts at once: each change is made under the lock
    on the file as it is then, so none overwrites another's."""
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_add_accounts, args=(str(tmp_path), prefix, 25))
        for prefix in ("Awa", "Marc", "Zoe")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(AccountStore.for_root(tmp_path).accounts()) == 75


def test_a_password_changes_only_with_the_current_one(store: AccountStore) -> None:
    store.redeem(store.add("Awa Diallo", Role.CONTRIBUTEUR).token, PASSWORD)
    pending = store.invite("awa-diallo")
    before = store.path.read_bytes()
    assert store.change_password("awa-diallo", "pas le bon", "un nouveau mot de passe") is None
    assert store.path.read_bytes() == before
    changed = store.change_password("awa-diallo", PASSWORD, "un nouveau mot de passe")
    assert changed is not None and changed.session_generation == 2
    assert store.account_for_token(pending.token) is None  # a leaked link dies with it
    assert store.authenticate("awa-diallo", "un nouveau mot de passe") is not None
