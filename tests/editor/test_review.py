"""The review pages through the real app on loopback: signed-in reviewers and contributors,
real proposals in a real Git repository, every POST with its CSRF and one-time tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from entraide.content.taxonomy import Taxonomy
from entraide.proposals import Proposal
from tests.editor.editing_site import PROCEDURE, PROCEDURE_TEXT, git
from tests.editor.review_site import Site, review_site
from tests.editor.sessions import hidden_fields, sign_in


@pytest.fixture
def site(tmp_path: Path, repo_root: Path, taxonomy: Taxonomy) -> Iterator[Site]:
    with review_site(tmp_path, repo_root, taxonomy) as served:
        yield served


def page(response: httpx.Response | str) -> BeautifulSoup:
    return BeautifulSoup(response if isinstance(response, str) else response.text, "html.parser")


def decision_form(html: str, proposal: Proposal, action: str) -> dict[str, str]:
    return hidden_fields(html, f'form[action="/edition/relecture/{proposal.id}/{action}"]')


def decide(
    client: httpx.Client, proposal: Proposal, action: str, note: str, shown: str | None = None
) -> httpx.Response:
    """Post ``action`` with ``note`` from the proposal's page (``shown``, else fetched now)."""
    if shown is None:
        shown = client.get(f"/edition/relecture/{proposal.id}").text
    return client.post(
        f"/edition/relecture/{proposal.id}/{action}",
        data={**decision_form(shown, proposal, action), "note": note},
    )


def test_the_queue_shows_author_page_check_and_merge_status(site: Site) -> None:
    proposal = site.propose(site.alice, "Choisir « Commander", "Cliquer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)

    listing = reviewer.get("/edition/relecture")

    assert listing.status_code == 200
    cells = [td.get_text(" ", strip=True) for td in page(listing).select("tbody tr td")]
    assert PROCEDURE in cells[0] and cells[1] == "Alice Martin"
    assert cells[3] == "aucun problème"
    assert cells[4] == "fusion possible"
    link = page(listing).select_one("tbody a")
    assert link is not None and link["href"] == f"/edition/relecture/{proposal.id}"


def test_only_reviewers_see_the_queue(site: Site) -> None:
    contributor = sign_in(site.url, site.alice.account)
    assert contributor.get("/edition/relecture").status_code == 403
    anonymous = httpx.get(site.url + "/edition/relecture")
    assert anonymous.status_code in (302, 303, 307)
    assert "/edition/connexion" in anonymous.headers["location"]


def test_the_proposal_page_shows_fields_diff_preview_and_check(site: Site) -> None:
    text = PROCEDURE_TEXT.replace("Choisir « Commander", "Cliquer sur « Commander")
    text = text.replace(
        "# Refaire sa carte Vitale\n", "# Refaire sa carte Vitale\n\n<script>alert(1)</script>\n"
    )
    text = text.replace("description: ", "description: Nouvelle description. ", 1)
    proposal = site.store.propose(site.alice, PROCEDURE, text, site.store.main_commit())
    reviewer = sign_in(site.url, site.rachid.account)

    shown = page(reviewer.get(f"/edition/relecture/{proposal.id}"))

    fields = [
        [cell.get_text(strip=True) for cell in tr.select("th, td")]
        for tr in shown.select(".champs tbody tr")
    ]
    assert [row[0] for row in fields] == ["Description"]  # the form's words, not the key
    assert fields[0][2].startswith("Nouvelle description.")
    added = [td.get_text(strip=True) for td in shown.select(".ligne--added td:last-child")]
    removed = [td.get_text(strip=True) for td in shown.select(".ligne--removed td:last-child")]
    assert any("Cliquer sur « Commander" in line for line in added)
    assert any("Choisir « Commander" in line for line in removed)
    preview = shown.select_one(".apercu")
    assert preview is not None and preview.find("h1") is not None
    assert preview.find("script") is None
    # check found the script, as `entraide check` would: no accepting it, even by a forged post.
    assert "erreur" in shown.select_one("#titre-verification").get_text()
    assert shown.select_one(f'form[action$="/{proposal.id}/accepter"]') is None
    head = git(site.root, "rev-parse", "main")
    forged = reviewer.post(
        f"/edition/relecture/{proposal.id}/accepter",
        data=decision_form(str(shown), proposal, "refuser"),
    )
    assert forged.status_code == 400
    assert "erreurs" in page(forged).select_one("[role=alert]").get_text()
    assert git(site.root, "rev-parse", "main") == head


def test_accept_merges_with_the_trailer_and_a_replayed_post_is_refused(site: Site) -> None:
    proposal = site.propose(site.alice, "Choisir « Commander", "Cliquer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)
    form = decision_form(
        reviewer.get(f"/edition/relecture/{proposal.id}").text, proposal, "accepter"
    )

    accepted = reviewer.post(f"/edition/relecture/{proposal.id}/accepter", data=form)

    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/edition/relecture?fait=acceptee"
    assert "Reviewed-by: Rachid Benali <rachid-benali@entraide.invalid>" in git(
        site.root, "log", "-1", "--format=%B", "main"
    )
    assert "Cliquer sur « Commander" in site.served()
    notice = page(reviewer.get(accepted.headers["location"])).select_one("[role=status]")
    assert notice is not None and "acceptée" in notice.get_text()
    head = git(site.root, "rev-parse", "main")

    replayed = reviewer.post(f"/edition/relecture/{proposal.id}/accepter", data=form)

    assert replayed.status_code == 409
    assert "déjà été envoyé" in page(replayed).get_text()
    assert git(site.root, "rev-parse", "main") == head


def test_a_reviewer_cannot_accept_their_own_proposal(site: Site) -> None:
    proposal = site.propose(site.rachid, "Choisir « Commander", "Cliquer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)
    shown = reviewer.get(f"/edition/relecture/{proposal.id}").text
    assert page(shown).select_one(f'form[action$="/{proposal.id}/accepter"]') is None
    head = git(site.root, "rev-parse", "main")

    # A forged post with valid tokens (taken from another form of the page).
    forged = reviewer.post(
        f"/edition/relecture/{proposal.id}/accepter", data=decision_form(shown, proposal, "refuser")
    )

    assert forged.status_code == 400
    assert "votre propre proposition" in page(forged).select_one("[role=alert]").get_text()
    assert git(site.root, "rev-parse", "main") == head


def test_the_second_proposal_on_a_page_comes_back_as_a_conflict(site: Site) -> None:
    first = site.propose(site.alice, "Choisir « Commander", "Cliquer sur « Commander")
    second = site.propose(site.alice, "Choisir « Commander", "Appuyer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)
    for proposal in (first, second):
        form = decision_form(
            reviewer.get(f"/edition/relecture/{proposal.id}").text, proposal, "accepter"
        )
        answer = reviewer.post(f"/edition/relecture/{proposal.id}/accepter", data=form)
    assert answer.status_code == 409
    # The two versions of the line face each other, on one row.
    rows = [
        [td.get_text() for td in tr.select("td")]
        for tr in page(answer).select(".comparaison tr.ligne--differente")
    ]
    assert [(row[1], row[3]) for row in rows] == [
        (
            "2. Cliquer sur « Commander une carte Vitale » et joindre la photo.",
            "2. Appuyer sur « Commander une carte Vitale » et joindre la photo.",
        )
    ]
    texts = [pre.get_text() for pre in page(answer).select(".cote-a-cote pre")]
    assert "Cliquer sur « Commander" in texts[0] and "Appuyer sur « Commander" in texts[1]
    assert "Cliquer sur « Commander" in site.served()

    contributor = sign_in(site.url, site.alice.account)
    mine = page(contributor.get("/edition/mes-propositions"))
    states = [badge.get_text() for badge in mine.select(".etat")]
    assert sorted(states) == ["acceptée", "à reprendre"]
    side = [pre.get_text() for pre in mine.select(".cote-a-cote pre")]
    assert "Cliquer sur « Commander" in side[0] and "Appuyer sur « Commander" in side[1]
    again = mine.select_one(f'a[href*="proposition={second.id}"]')
    assert again is not None


def test_refusing_needs_a_note_and_the_author_reads_it(site: Site) -> None:
    proposal = site.propose(site.alice, "Choisir « Commander", "Cliquer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)

    empty = decide(reviewer, proposal, "refuser", "  ")
    assert empty.status_code == 400
    assert "note" in page(empty).select_one("[role=alert]").get_text()

    refused = decide(
        reviewer, proposal, "refuser", "Le libellé du site est « Choisir ».", empty.text
    )
    assert refused.status_code == 303

    mine = page(sign_in(site.url, site.alice.account).get("/edition/mes-propositions"))
    assert [badge.get_text() for badge in mine.select(".etat")] == ["refusée"]
    assert "Le libellé du site est « Choisir »." in mine.select_one(".note").get_text()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/edition/relecture/zzz", None),
        ("GET", "/edition/relecture/deadbeef", None),
        ("GET", "/edition/relecture/..%2F..%2Fetc", None),
        ("POST", "/edition/relecture/deadbeef/accepter", {}),
        ("POST", "/edition/relecture/deadbeef/supprimer", {}),
        ("POST", "/edition/relecture/deadbeef/refuser", {"csrf": "x", "formulaire": "y"}),
    ],
)
def test_hostile_requests_get_a_french_refusal_never_a_500(
    site: Site, method: str, path: str, data: dict[str, str] | None
) -> None:
    reviewer = sign_in(site.url, site.rachid.account)
    answer = reviewer.request(method, path, data=data)
    assert 400 <= answer.status_code < 500, answer.text
    assert page(answer).html is not None and page(answer).html["lang"] == "fr"


def test_sending_back_shows_the_note_to_the_author_and_leaves_the_queue(site: Site) -> None:
    proposal = site.propose(site.alice, "Choisir « Commander", "Cliquer sur « Commander")
    reviewer = sign_in(site.url, site.rachid.account)

    sent = decide(reviewer, proposal, "renvoyer", "Ajoutez la photo.")

    assert sent.status_code == 303
    queue = page(reviewer.get(sent.headers["location"]))
    assert "renvoyée" in queue.select_one("[role=status]").get_text()
    assert queue.select("tbody tr") == []
    assert "Mise à jour" in queue.select_one("main ul").get_text()
    mine = page(sign_in(site.url, site.alice.account).get("/edition/mes-propositions"))
    assert [badge.get_text() for badge in mine.select(".etat")] == ["à reprendre"]
    assert "Ajoutez la photo." in mine.select_one(".note").get_text()


def test_a_merge_that_would_break_the_page_is_refused_though_each_side_passes(
    site: Site,
) -> None:
    """``main`` removed the heading the proposal links to, in another part of the page: the
    merge is clean and each text passes the check alone, but the merged page has a dead link."""
    with_tip = PROCEDURE_TEXT.replace(
        "## Pièges fréquents\n", "## Bon plan\n\nUne cabine photo agréée.\n\n## Pièges fréquents\n"
    )
    docs_file = site.root / "docs" / PROCEDURE
    docs_file.write_text(with_tip, encoding="utf-8")
    git(site.root, "commit", "-q", "-am", "Ajoute un bon plan")
    linked = with_tip.replace(
        "joindre la photo.", "joindre la photo (voir [le bon plan](#bon-plan))."
    )
    proposal = site.store.propose(site.alice, PROCEDURE, linked, site.store.main_commit(), "Lien")
    docs_file.write_text(PROCEDURE_TEXT, encoding="utf-8")
    git(site.root, "commit", "-q", "-am", "Retire le bon plan")
    reviewer = sign_in(site.url, site.rachid.account)
    shown = reviewer.get(f"/edition/relecture/{proposal.id}").text
    assert "aucun problème" in page(shown).select_one("#titre-verification").get_text()
    assert site.store.merge_status(proposal.id).clean
    head = git(site.root, "rev-parse", "main")

    refused = decide(reviewer, proposal, "accepter", "", shown)

    assert refused.status_code == 400
    assert "telle que la fusion l'écrirait" in page(refused).select_one("[role=alert]").get_text()
    assert git(site.root, "rev-parse", "main") == head
    assert "#bon-plan" not in site.served()
