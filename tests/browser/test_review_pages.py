"""The review queue and « Mes propositions » in Chromium: axe finds no serious violation,
and screenshots show them with a pending, an accepted and a sent-back proposal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.proposals import ProposalConflictError
from tests.browser.test_accessibility import check as check_accessibility
from tests.editor.review_site import Site, review_site
from tests.editor.sessions import PASSWORD


@pytest.fixture
def site(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[Site]:
    with review_site(tmp_path, repo_root, taxonomy) as served:
        first = served.propose(served.alice, "Choisir « Commander", "Cliquer sur « Commander")
        second = served.propose(served.alice, "Choisir « Commander", "Appuyer sur « Commander")
        served.propose(served.alice, "trop sombre", "trop sombre ou floue")
        served.store.accept(first.id, served.rachid)
        with pytest.raises(ProposalConflictError):
            served.store.accept(second.id, served.rachid)
        yield served


def signed_in_page(browser: Any, site: Site, login: str) -> Any:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(site.url + "/edition/connexion")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site.url + "/edition/")
    return page


def test_queue_and_my_proposals_pass_axe(browser: Any, site: Site, artifacts: Path) -> None:
    reviewer = signed_in_page(browser, site, site.rachid.account)
    reviewer.goto(site.url + "/edition/relecture")
    assert reviewer.locator("tbody tr").count() == 1
    assert "fusion possible" in reviewer.locator("tbody tr").inner_text()
    reviewer.screenshot(path=str(artifacts / "relecture-file.png"), full_page=True)
    check_accessibility(reviewer, "relecture-file", artifacts)
    reviewer.context.close()

    contributor = signed_in_page(browser, site, site.alice.account)
    contributor.goto(site.url + "/edition/mes-propositions")
    states = contributor.locator(".etat").all_inner_texts()
    assert sorted(states) == ["acceptée", "en attente", "à reprendre"]
    contributor.get_by_text("Les deux textes en entier").click()
    contributor.screenshot(path=str(artifacts / "mes-propositions.png"), full_page=True)
    check_accessibility(contributor, "mes-propositions", artifacts)
    contributor.context.close()
