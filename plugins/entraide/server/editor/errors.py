"""The editor's refusals: an HTTP status and a French sentence, shown as a page or as JSON.

Raised anywhere in a handler; the editor application turns it into its error
page (or ``{"error": …}`` under ``/edition/api/``), so no refusal becomes a 500.
"""

from __future__ import annotations


class EditorError(Exception):
    """A refusal the person can act on: ``message`` says what happened and what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
