"""A site in a real Git repository served with its editor, two accounts, proposals made
through the domain: what the review pages' tests (HTTP and browser) start from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from entraide.accounts.roles import Role
from entraide.content.taxonomy import Taxonomy
from entraide.editing.state import state_dir
from entraide.proposals import Person, Proposal, ProposalStore
from entraide.server.app import create_app
from entraide.server.editor.app import Editor
from tests.editor.editing_site import PROCEDURE, PROCEDURE_TEXT, editing_site
from tests.editor.sessions import create_account
from tests.live_server import serving


@dataclass
class Site:
    url: str
    root: Path
    store: ProposalStore
    alice: Person
    rachid: Person

    def propose(self, who: Person, old: str, new: str) -> Proposal:
        text = PROCEDURE_TEXT.replace(old, new)
        assert text != PROCEDURE_TEXT
        return self.store.propose(who, PROCEDURE, text, self.store.main_commit(), "Mise à jour")

    def served(self) -> str:
        return (self.root / "docs" / PROCEDURE).read_text(encoding="utf-8")


@contextmanager
def review_site(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[Site]:
    """The served site with Alice Martin (contributeur) and Rachid Benali (relecteur)."""
    root = editing_site(tmp_path, repo_root)
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<!doctype html><title>Accueil</title><p>Accueil</p>")
    editor = Editor(
        config_file=root / "mkdocs.yml",
        docs_dir=root / "docs",
        taxonomy=taxonomy,
        state_dir=state_dir(root),
    )
    alice = create_account(state_dir(root), "Alice Martin", Role.CONTRIBUTEUR)
    rachid = create_account(state_dir(root), "Rachid Benali", Role.RELECTEUR)
    with serving(create_app(built, editor=editor)) as url:
        yield Site(
            url,
            root,
            editor.proposals,
            Person(alice.login, alice.display_name),
            Person(rachid.login, rachid.display_name, may_review=True),
        )
