"""The search page in Debian's Chromium: typing, facets, suggestion, keyboard, phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

RESULTS = "#entraide-resultats > li"


def search_page(page: Any, server: str, address: str = "/recherche/") -> Any:
    page.goto(server + address)
    page.wait_for_selector("#entraide-q")
    return page


def wait_status(page: Any, pattern: str, timeout: float = 30_000) -> str:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "p => new RegExp(p).test(document.getElementById('entraide-etat').textContent)",
            arg=pattern,
            timeout=timeout,
        )
    except PlaywrightTimeout:
        shown = page.text_content("#entraide-etat")
        raise AssertionError(
            f"état attendu {pattern!r}, affiché {shown!r} ; adresse {page.url} ; "
            f"erreurs JS {getattr(page, 'js_errors', [])}"
        ) from None
    text: str = page.text_content("#entraide-etat")
    return text


def test_type_see_results_filter_by_posture_open_a_result(
    page: Any, server: str, artifacts: Path
) -> None:
    search_page(page, server)
    page.fill("#entraide-q", "aide au logement")
    status = wait_status(page, r"^\d+ résultats? pour « aide au logement »")
    total = int(status.split()[0])
    assert total >= 2
    assert page.locator(RESULTS).count() >= 2
    first = page.locator(f"{RESULTS} h3 a").first
    assert "logement" in first.text_content().lower()
    assert page.locator("#entraide-resultats mark").count() > 0

    posture = page.locator("#entraide-facette-mediation")
    assert posture.locator("legend").text_content() == "Posture"
    urgence = page.get_by_label(re.compile(r"^Médiation d'urgence \(faire pour\) \(\d+\)$"))
    expected = int(re.search(r"\((\d+)\)$", urgence.locator("xpath=..").text_content()).group(1))
    urgence.check()
    wait_status(page, r"filtres : Médiation d'urgence")
    state = parse_qs(urlsplit(page.url).query)
    assert state == {"q": ["aide au logement"], "mediation": ["urgence"]}
    filtered = int(page.text_content("#entraide-etat").split()[0])
    assert filtered == expected <= total
    tags = page.locator(f"{RESULTS} .entraide-resultat__etiquettes")
    for i in range(min(tags.count(), 10)):
        assert "Médiation d'urgence" in tags.nth(i).text_content()
    page.screenshot(path=str(artifacts / "recherche-facettes.png"), full_page=True)

    title = page.locator(f"{RESULTS} h3 a").first.text_content()
    page.locator(f"{RESULTS} h3 a").first.click()
    page.wait_for_load_state()
    assert "/recherche/" not in page.url
    assert page.locator("h1").first.text_content().rstrip("¶ ") == title.strip()
    assert page.js_errors == []


def test_did_you_mean_follows_the_suggestion(page: Any, server: str) -> None:
    search_page(page, server)
    page.fill("#entraide-q", "aide au logment")
    link = page.locator("#entraide-suggestion a")
    link.wait_for()
    assert page.text_content("#entraide-suggestion").startswith("Vouliez-vous dire ")
    assert link.text_content() == "aide au logement"
    link.click()
    assert page.input_value("#entraide-q") == "aide au logement"
    wait_status(page, r"pour « aide au logement »")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["aide au logement"]


def test_a_shared_address_restores_the_search(page: Any, server: str) -> None:
    search_page(page, server, "/recherche/?q=carte+grise&mediation=urgence&type=procedure")
    wait_status(page, r"pour « carte grise » \(filtres : ")
    assert page.input_value("#entraide-q") == "carte grise"
    assert page.locator("#entraide-facette-mediation input[value=urgence]").is_checked()
    assert page.locator("#entraide-facette-type input[value=procedure]").is_checked()
    assert page.locator(RESULTS).count() >= 1


def test_keyboard_only(page: Any, server: str) -> None:
    search_page(page, server)
    page.focus("#entraide-q")
    page.keyboard.type("rsa")
    wait_status(page, r"pour « rsa »")
    urgence = page.locator("#entraide-facette-mediation input[value=urgence]")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "urgence":
            break
    assert urgence.evaluate("box => box === document.activeElement")
    page.keyboard.press("Space")
    wait_status(page, r"filtres : Médiation d'urgence")
    assert urgence.evaluate("box => box === document.activeElement"), "focus stays on the box"
    page.keyboard.press("Shift+Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.closest('#entraide-resultats') !== null"):
            break
        page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)


def test_result_count_is_announced(page: Any, server: str) -> None:
    search_page(page, server)
    status = page.locator("#entraide-etat")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    page.fill("#entraide-q", "xqzwv")
    assert wait_status(page, r"^Aucun résultat") == "Aucun résultat pour « xqzwv »."


def test_page_text_and_queries_are_never_markup(page: Any, server: str) -> None:
    search_page(page, server)
    page.fill("#entraide-q", "zorglub")
    wait_status(page, r"pour « zorglub »")
    title = page.locator(f"{RESULTS} h3").first
    assert title.text_content() == 'Zorglub <img src=x onerror="window.__xss=1"> piège'
    assert page.locator("#entraide-resultats img, #entraide-resultats script").count() == 0
    assert page.locator("#entraide-resultats b").count() == 0
    page.fill("#entraide-q", '"><img src=x onerror="window.__xss=5">')
    wait_status(page, r"pour « \"><img")
    assert page.evaluate("window.__xss") is None
    assert page.js_errors == []


def test_header_search_leads_to_the_search_page(page: Any, server: str) -> None:
    page.goto(server + "/")
    header = page.locator("#entraide-entete-q")
    header.wait_for(state="visible")
    assert page.locator(".md-search").count() == 0, "no Material search box"
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    header.fill("apl")
    header.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=apl$"))
    wait_status(page, r"pour « apl »")
    assert not any("search_index.json" in url or "/api/" in url for url in requested), (
        "the page reads the static index, never Material's nor the server's API"
    )


def test_phone_width(browser: Any, server: str, artifacts: Path) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(server + "/recherche/?q=carte+vitale")
        wait_status(page, r"pour « carte vitale »")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        assert page.locator("#entraide-q").is_visible()
        assert page.locator("#entraide-entete-q").is_visible(), "the header box fits a phone"
        page.locator("#entraide-facettes summary").click()
        page.locator("#entraide-facette-mediation input").first.check()
        wait_status(page, r"filtres : ")
        page.screenshot(path=str(artifacts / "recherche-360px.png"), full_page=True)
    finally:
        context.close()


def test_more_results_keep_the_keyboard_in_place(page: Any, server: str) -> None:
    search_page(page, server, "/recherche/?q=demarche")
    status = wait_status(page, r"résultats pour « demarche »")
    total = int(status.split()[0])
    assert total > 10, status
    assert page.locator(RESULTS).count() == 10
    page.focus("#entraide-plus")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULTS}').length > 10")
    assert page.locator(RESULTS).count() == min(total, 20)
    assert (
        page.evaluate(
            f"Array.from(document.querySelectorAll('{RESULTS}')).indexOf("
            "document.activeElement.closest('li'))"
        )
        == 10
    )
