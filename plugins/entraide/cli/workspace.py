"""Opening the workspace a command acts on, with French messages when it cannot be."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from entraide.content.repository import ContentRepository
from entraide.content.taxonomy import TaxonomyError
from entraide.network.base import BaseError
from entraide.network.config import NetworkConfigError
from entraide.network.workspace import Workspace, open_workspace


def workspace_or_none(docs: Path | None = None, today: date | None = None) -> Workspace | None:
    """The current workspace; None after printing why it cannot be opened."""
    try:
        return open_workspace(Path.cwd(), docs, today)
    except (TaxonomyError, NetworkConfigError, BaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return None


def repository_of(workspace: Workspace) -> ContentRepository:
    hidden = workspace.network.hidden if workspace.network is not None else frozenset()
    return ContentRepository(
        workspace.root, workspace.model, workspace.taxonomy, workspace.settings_root, hidden
    )
