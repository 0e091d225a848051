"""One search everywhere: behind `entraide serve`, on a plain static host, and from disk.

The same queries, typed as mediators type them, must find the right page first
and give `entraide search`'s order, whichever way the site is published; and no
page asks anything of another origin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from tests.browser.conftest import Host
from tests.browser.test_search_page import RESULTS, wait_status

# Query, and the file name of the page that must come first.
RIGHT_FIRST = [
    ("carte grise perdue", "carte-grise-duplicata.md"),
    ("cmu", "complementaire-sante-solidaire.md"),
    ("franceconect", "franceconnect-ne-marche-pas.md"),
    ("apl", "aide-au-logement.md"),
]


def shown_titles(page: Any) -> list[str]:
    return [title.strip() for title in page.locator(f"{RESULTS} h3").all_text_contents()]


@pytest.mark.parametrize(("query", "expected"), RIGHT_FIRST)
def test_the_right_page_first_in_the_order_of_entraide_search(
    page: Any,
    host: Host,
    project_site: dict[str, Path],
    taxonomy: Taxonomy,
    query: str,
    expected: str,
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(host.address("recherche.md", "?q=" + quote_plus(query)))
    wait_status(page, rf"pour « {query} »")
    engine = SearchEngine(project_site["index"], taxonomy)
    answer = engine.search(query, limit=10)
    assert answer.results[0].path.endswith("/" + expected), "the server's engine agrees"
    assert shown_titles(page) == [result.title for result in answer.results]
    first = page.locator(f"{RESULTS} h3 a").first
    assert first.get_attribute("href").endswith(
        host.address(answer.results[0].path).removeprefix(host.root + "/")
    )
    if answer.suggestion:
        assert page.text_content("#entraide-suggestion a") == answer.suggestion
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.text_content().rstrip("¶ ") == answer.results[0].title
    assert [url for url in requested if not host.owns(url)] == []
    assert page.js_errors == []


def test_header_box_everywhere(page: Any, host: Host) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(host.address("faq/index.md"))
    box = page.locator("#entraide-entete-q")
    box.fill("carte vitale")
    box.press("Enter")
    page.wait_for_url(lambda url: "q=carte+vitale" in url)
    wait_status(page, r"^\d+ résultats? pour « carte vitale »")
    assert page.input_value("#entraide-q") == "carte vitale"
    assert page.locator(RESULTS).count() > 0
    assert [url for url in requested if not host.owns(url)] == []


def test_no_page_asks_another_origin(page: Any, host: Host) -> None:
    """No api.github.com (repository facts), no fonts or scripts from elsewhere."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for source in ("index.md", "procedures/caf/prime-activite.md", "faq/index.md"):
        page.goto(host.address(source))
        page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert [url for url in requested if not host.owns(url)] == []
    assert page.js_errors == []
