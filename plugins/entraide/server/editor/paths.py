"""Every address of the editor, in one place: routes, templates, redirects and tests use these.

The prefix is fixed (not configurable) so the site's button injection, the
security headers and the editor's routes can never disagree about it.
"""

from __future__ import annotations

from typing import Final

PREFIX: Final = "/edition"

HOME: Final = f"{PREFIX}/"
STATIC: Final = f"{PREFIX}/static"
SIGN_IN: Final = f"{PREFIX}/connexion"
SIGN_OUT: Final = f"{PREFIX}/deconnexion"
PASSWORD: Final = f"{PREFIX}/mot-de-passe"
EDIT_PAGE: Final = f"{PREFIX}/modifier"
NEW_PAGE: Final = f"{PREFIX}/nouvelle"
MY_PROPOSALS: Final = f"{PREFIX}/mes-propositions"
REVIEW: Final = f"{PREFIX}/relecture"
ACCOUNTS: Final = f"{PREFIX}/comptes"
API_PREVIEW: Final = f"{PREFIX}/api/apercu"
API_CHECK: Final = f"{PREFIX}/api/verifier"

# What templates see as ``paths.<name>``.
TEMPLATE_PATHS: Final = {
    "home": HOME,
    "static": STATIC,
    "sign_in": SIGN_IN,
    "sign_out": SIGN_OUT,
    "password": PASSWORD,
    "edit_page": EDIT_PAGE,
    "new_page": NEW_PAGE,
    "my_proposals": MY_PROPOSALS,
    "review": REVIEW,
    "accounts": ACCOUNTS,
    "api_preview": API_PREVIEW,
    "api_check": API_CHECK,
}


def is_editor_path(path: str) -> bool:
    """True for ``/edition`` and everything under it."""
    return path == PREFIX or path.startswith(HOME)


def route_path(absolute: str) -> str:
    """A path of this module as the editor's application sees it (below the prefix)."""
    return absolute.removeprefix(PREFIX) or "/"
