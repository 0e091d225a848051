"""Proposals in a real Git repository: propose, review, conflicts, hostile input."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from entraide.proposals import (
    Person,
    ProposalConflictError,
    ProposalError,
    ProposalNotFoundError,
    ProposalState,
    ProposalStore,
)
from tests.proposal_helpers import (
    ALICE,
    BRUNO,
    PAGE,
    RACHID,
    SOPHIE,
    all_refs,
    commit_files,
    git,
    make_site_repo,
    page_text,
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site_repo(tmp_path / "site")


def served(site: Path, page: str = PAGE) -> str:
    return (site / "docs" / page).read_text(encoding="utf-8")


def test_propose_writes_one_commit_on_a_branch_and_touches_nothing_served(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    before = served(site)

    proposal = store.propose(
        ALICE, PAGE, page_text(step="Ouvrir l'espace personnel."), base, "Étape"
    )

    assert store.main_commit() == base
    assert served(site) == before
    assert git(site, "status", "--porcelain") == ""
    assert proposal.branch == f"propositions/alice/procedures-caf-prime-{proposal.id}"
    assert proposal.state is ProposalState.PENDING
    commits = git(
        site,
        "log",
        "--format=%an <%ae>|%(trailers:key=Proposition-base,valueonly)",
        f"{base}..{proposal.branch}",
    ).splitlines()
    assert commits == [f"Alice Martin <alice@entraide.invalid>|{base}"]
    shown = git(site, "show", f"{proposal.branch}:docs/{PAGE}")
    assert "Ouvrir l'espace personnel." in shown
    # The transient worktree is gone, from disk and from Git's list.
    assert git(site, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_accept_merges_with_reviewed_by_and_updates_the_served_files(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    proposal = store.propose(ALICE, PAGE, page_text(step="Nouvelle étape."), base)

    acceptance = store.accept(proposal.id, RACHID)

    assert store.main_commit() == acceptance.commit
    assert git(site, "rev-parse", f"{acceptance.commit}^1") == base
    assert git(site, "rev-parse", f"{acceptance.commit}^2") == proposal.tip
    message = git(site, "log", "-1", "--format=%B", "main")
    assert "Reviewed-by: Rachid Benali <rachid@example.org>" in message
    assert proposal.id in message.splitlines()[0]
    assert acceptance.working_tree_updated
    assert "Nouvelle étape." in served(site)
    assert git(site, "status", "--porcelain") == ""
    accepted = store.get(proposal.id)
    assert accepted.state is ProposalState.ACCEPTED
    assert accepted.decision is not None and accepted.decision.merge_commit == acceptance.commit
    assert f"refs/heads/{proposal.branch}" not in all_refs(site)
    assert f"refs/entraide/archives/{proposal.branch}" in all_refs(site)


def test_second_proposal_on_the_same_page_is_a_conflict_and_main_is_unchanged(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    first = store.propose(ALICE, PAGE, page_text(step="Version d'Alice."), base)
    second = store.propose(BRUNO, PAGE, page_text(step="Version de Bruno."), base)
    store.accept(first.id, RACHID)
    main_after_first = store.main_commit()

    assert store.merge_status(second.id).conflicts == (f"docs/{PAGE}",)
    with pytest.raises(ProposalConflictError) as raised:
        store.accept(second.id, RACHID)

    assert store.main_commit() == main_after_first
    assert "Version d'Alice." in served(site)
    assert raised.value.current_text is not None and "Version d'Alice." in raised.value.current_text
    assert "Version de Bruno." in raised.value.proposed_text
    assert store.get(second.id).state is ProposalState.SENT_BACK

    # Bruno redoes his change from the current text: it merges and keeps Alice's words.
    merged_text = page_text(step="Version d'Alice.\n\nEt celle de Bruno.")
    revised = store.revise(second.id, BRUNO, merged_text, store.main_commit())
    assert revised.state is ProposalState.PENDING and revised.version == 2
    assert store.merge_status(second.id).clean
    store.accept(second.id, SOPHIE)
    assert served(site) == merged_text


def test_merge_status_agrees_with_a_real_merge(site: Path) -> None:
    store = ProposalStore(site)
    proposal = store.propose(ALICE, PAGE, page_text(step="Étape d'Alice."), store.main_commit())
    assert store.merge_status(proposal.id).clean

    commit_files(site, {"docs/faq/partage.md": page_text("Partager son écran", "Autre page.")}, "x")
    assert store.merge_status(proposal.id).clean

    commit_files(site, {f"docs/{PAGE}": page_text(step="Étape du mainteneur.")}, "y")
    status = store.merge_status(proposal.id)
    assert not status.clean and status.conflicts == (f"docs/{PAGE}",)
    # A real merge in a scratch worktree fails the same way.
    scratch = site.parent / "scratch"
    git(site, "worktree", "add", "-q", "--detach", str(scratch), "main")
    with pytest.raises(Exception, match="exit status 1"):
        git(scratch, "merge", "--no-edit", proposal.branch)


def test_a_contributor_cannot_accept_their_own_proposal(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    own = store.propose(RACHID, PAGE, page_text(step="Par Rachid."), base)
    other = store.propose(ALICE, "faq/partage.md", page_text("Partager", "Par Alice."), base)
    refs = all_refs(site)

    with pytest.raises(ProposalError, match="votre propre proposition"):
        store.accept(own.id, RACHID)
    with pytest.raises(ProposalError, match="rôle relecteur"):
        store.accept(other.id, BRUNO)

    assert all_refs(site) == refs
    assert store.get(own.id).state is ProposalState.PENDING


def test_a_refused_proposal_cannot_be_posted_again(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    proposal = store.propose(ALICE, PAGE, page_text(step="Hors sujet."), base)

    store.reject(proposal.id, RACHID, "Cette étape n'existe pas sur le site de la CAF.")
    refused = store.get(proposal.id)
    assert refused.state is ProposalState.REFUSED
    assert refused.decision is not None
    assert refused.decision.reviewer == "Rachid Benali"
    assert refused.decision.note == "Cette étape n'existe pas sur le site de la CAF."
    refs = all_refs(site)

    with pytest.raises(ProposalError, match="refusée"):
        store.revise(proposal.id, ALICE, page_text(step="Hors sujet, encore."), base)
    with pytest.raises(ProposalError, match="refusée"):
        store.accept(proposal.id, SOPHIE)
    assert all_refs(site) == refs


def test_only_the_author_revises(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    proposal = store.propose(ALICE, PAGE, page_text(step="Alice."), base)
    refs = all_refs(site)
    with pytest.raises(ProposalError, match="Seule la personne"):
        store.revise(proposal.id, BRUNO, page_text(step="Bruno."), base)
    assert all_refs(site) == refs


@pytest.mark.parametrize(
    "name",
    [
        "../mkdocs.yml.md",
        "procedures/../../secret.md",
        "/etc/passwd.md",
        "procedures\\caf\\prime.md",
        "C:/pages/x.md",
        ".git/config.md",
        "procedures/.cache/x.md",
        "procedures//x.md",
        "procedures/caf/prime.txt",
        "",
        "procedures/x.md\x00.md",
    ],
)
def test_page_names_outside_docs_are_refused_and_nothing_is_written(site: Path, name: str) -> None:
    store = ProposalStore(site)
    refs = all_refs(site)
    with pytest.raises(ProposalError):
        store.propose(ALICE, name, page_text(), store.main_commit(), new_page=True)
    assert all_refs(site) == refs
    assert git(site, "status", "--porcelain", "--ignored") == ""


@pytest.mark.parametrize("base", ["--output=/tmp/x", "main", "HEAD~1", "0" * 40, "zzz"])
def test_a_base_that_is_not_a_commit_of_main_is_refused(site: Path, base: str) -> None:
    store = ProposalStore(site)
    refs = all_refs(site)
    with pytest.raises(ProposalError, match="version de départ"):
        store.propose(ALICE, PAGE, page_text(step="X."), base)
    assert all_refs(site) == refs


def test_a_base_from_another_branch_is_refused(site: Path) -> None:
    git(site, "switch", "-q", "-c", "ailleurs")
    elsewhere = commit_files(site, {"docs/autre.md": page_text("Autre")}, "ailleurs")
    git(site, "switch", "-q", "main")
    store = ProposalStore(site)
    with pytest.raises(ProposalError, match="pas sur main"):
        store.propose(ALICE, PAGE, page_text(step="X."), elsewhere)


def test_new_page_edit_and_identical_text_rules(site: Path) -> None:
    store = ProposalStore(site)
    base = store.main_commit()
    with pytest.raises(ProposalError, match="existe déjà"):
        store.propose(ALICE, PAGE, page_text(step="X."), base, new_page=True)
    with pytest.raises(ProposalError, match="n'existe pas"):
        store.propose(ALICE, "faq/nouvelle.md", page_text("Nouvelle"), base)
    with pytest.raises(ProposalError, match="identique"):
        store.propose(ALICE, PAGE, page_text(), base)
    with pytest.raises(ProposalError, match="trop longue"):
        store.propose(ALICE, PAGE, "x" * (600 * 1024), base)

    created = store.propose(ALICE, "faq/nouvelle.md", page_text("Nouvelle"), base, new_page=True)
    assert created.new_page and created.summary == "Nouvelle page faq/nouvelle.md"
    store.accept(created.id, SOPHIE)
    assert served(site, "faq/nouvelle.md") == page_text("Nouvelle")


def test_state_and_notes_survive_a_new_store(site: Path) -> None:
    store = ProposalStore(site)
    proposal = store.propose(ALICE, PAGE, page_text(step="À revoir."), store.main_commit())
    store.send_back(proposal.id, SOPHIE, "Précisez l'adresse du site.\nMerci !")

    again = ProposalStore(site).get(proposal.id)
    assert again.state is ProposalState.SENT_BACK
    assert again.decision is not None
    assert again.decision.note == "Précisez l'adresse du site.\nMerci !"
    assert again.decision.reviewer == "Sophie Durand"
    with pytest.raises(ProposalError, match="nouvelle version"):
        ProposalStore(site).accept(proposal.id, RACHID)
    assert [p.id for p in ProposalStore(site).list(author="alice")] == [proposal.id]
    assert ProposalStore(site).list(state=ProposalState.PENDING) == []


def test_local_edits_in_the_served_checkout_are_kept_and_reported(site: Path) -> None:
    store = ProposalStore(site)
    proposal = store.propose(ALICE, PAGE, page_text(step="Acceptée."), store.main_commit())
    (site / "docs" / PAGE).write_text(page_text(step="Modifiée à la main."), encoding="utf-8")

    acceptance = store.accept(proposal.id, RACHID)

    assert not acceptance.working_tree_updated
    assert "modifications locales" in acceptance.message
    assert "Acceptée." in git(site, "show", f"main:docs/{PAGE}")
    assert "Modifiée à la main." in served(site)


def test_diff_shows_fields_side_by_side_and_body_lines(site: Path) -> None:
    store = ProposalStore(site)
    text = page_text(step="Nouvelle étape.").replace(
        "themes: [logement]", "themes: [logement, famille]"
    )
    proposal = store.propose(ALICE, PAGE, text, store.main_commit())

    diff = store.diff(proposal.id)

    assert [(f.key, f.old, f.new) for f in diff.changed_fields] == [
        ("themes", "logement", "logement, famille")
    ]
    changed = [
        (line.kind, line.text)
        for hunk in diff.hunks
        for line in hunk.lines
        if line.kind != "context"
    ]
    assert changed == [("removed", "Se connecter."), ("added", "Nouvelle étape.")]
    # Numbers are lines of the page files, header included.
    removed, added = (
        next(line for hunk in diff.hunks for line in hunk.lines if line.kind == kind)
        for kind in ("removed", "added")
    )
    assert removed.old_number is not None and added.new_number is not None
    assert page_text().splitlines()[removed.old_number - 1] == "Se connecter."
    assert text.splitlines()[added.new_number - 1] == "Nouvelle étape."


def test_unknown_identifiers_are_not_found(site: Path) -> None:
    store = ProposalStore(site)
    for value in ["deadbeef", "../../etc", "--all", ""]:
        with pytest.raises(ProposalNotFoundError):
            store.get(value)


@pytest.mark.parametrize(
    "name", ["lien/x.md", "lien/docs/procedures/caf/prime.md", "faq/partage.md/x.md"]
)
def test_pages_through_a_symbolic_link_or_a_file_are_refused(site: Path, name: str) -> None:
    (site / "docs" / "lien").symlink_to("..")
    git(site, "add", "docs/lien")
    git(site, "commit", "-q", "-m", "lien")
    store = ProposalStore(site)
    refs = all_refs(site)
    with pytest.raises(ProposalError, match="lien symbolique"):
        store.propose(ALICE, name, page_text(), store.main_commit(), new_page=True)
    assert all_refs(site) == refs


def test_one_store_serves_threads_reading_at_once(site: Path) -> None:
    """The server's worker threads share one store (and GitPython's object reader)."""
    store = ProposalStore(site)
    base = store.main_commit()
    proposals = [store.propose(ALICE, PAGE, page_text(step=f"Étape {n}."), base) for n in range(3)]
    expected = {p.id: page_text(step=f"Étape {n}.") for n, p in enumerate(proposals)}

    results: list[bool] = []

    def read(proposal_id: str) -> None:
        results.append(
            all(store.proposed_text(proposal_id) == expected[proposal_id] for _ in range(10))
        )

    # Daemon threads with a bounded wait: unguarded, GitPython's reader deadlocks.
    threads = [threading.Thread(target=read, args=(p.id,), daemon=True) for p in proposals * 4]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert results == [True] * len(threads)


def test_two_reviewers_accepting_at_once_never_merge_both(site: Path) -> None:
    """Two stores (two server processes) accept conflicting proposals at the same moment."""
    base = ProposalStore(site).main_commit()
    first = ProposalStore(site).propose(ALICE, PAGE, page_text(step="Alice."), base)
    second = ProposalStore(site).propose(BRUNO, PAGE, page_text(step="Bruno."), base)
    outcomes: list[str] = []

    def accept(proposal_id: str, reviewer: Person) -> None:
        try:
            ProposalStore(site).accept(proposal_id, reviewer)
            outcomes.append("acceptée")
        except ProposalConflictError:
            outcomes.append("conflit")

    threads = [
        threading.Thread(target=accept, args=(first.id, RACHID), daemon=True),
        threading.Thread(target=accept, args=(second.id, SOPHIE), daemon=True),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["acceptée", "conflit"]
    merges = git(site, "rev-list", "--merges", f"{base}..main").splitlines()
    assert len(merges) == 1


def test_worktrees_left_by_a_killed_server_are_removed(site: Path) -> None:
    store = ProposalStore(site)
    leftover = store.state_dir / "worktrees" / "0123456789ab"
    git(site, "worktree", "add", "-q", "--no-checkout", "--detach", str(leftover), "main")

    store.propose(ALICE, PAGE, page_text(step="Après un arrêt brutal."), store.main_commit())

    assert not leftover.exists()
    assert git(site, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_proposal_already_in_main_is_recorded_without_a_new_merge(site: Path) -> None:
    """An accept interrupted after main moved, or a maintainer who merged by hand."""
    store = ProposalStore(site)
    proposal = store.propose(
        ALICE, PAGE, page_text(step="Fusionnée à la main."), store.main_commit()
    )
    git(site, "merge", "-q", "--no-edit", proposal.branch)
    head = store.main_commit()

    acceptance = store.accept(proposal.id, RACHID)

    assert acceptance.commit == head == store.main_commit()
    assert store.get(proposal.id).state is ProposalState.ACCEPTED


def test_the_refusal_judges_the_merged_page_and_stops_the_merge(site: Path) -> None:
    """The merged text holds both sides' changes, not only the proposal's; a refusal
    leaves ``main``, the served files and the proposal as they were."""
    store = ProposalStore(site)
    proposal = store.propose(ALICE, PAGE, page_text(step="Étape d'Alice."), store.main_commit())
    other_side = page_text(step="Se connecter.").replace("Texte de la section.", "Texte revu.")
    head = commit_files(site, {f"docs/{PAGE}": other_side}, "Section revue")
    judged: list[tuple[str, str]] = []

    def refuse(docs_path: str, text: str) -> str:
        judged.append((docs_path, text))
        return "Refusée pour le test"

    with pytest.raises(ProposalError, match="Refusée pour le test"):
        store.accept(proposal.id, RACHID, refuse)

    [(docs_path, merged)] = judged
    assert docs_path == PAGE
    assert "Étape d'Alice." in merged and "Texte revu." in merged
    assert store.main_commit() == head
    assert served(site) == other_side
    assert store.get(proposal.id).state is ProposalState.PENDING
    assert store.accept(proposal.id, RACHID, lambda path, text: None).commit == store.main_commit()
