"""axe-core (bundled by axe-playwright-python) on the search page and a sample of pages.

No serious or critical violation is allowed. Plain Material with its default
palette has two on every page (colour contrast, unnamed search dialog): the
theme's palette and our override of partials/search.html fix them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

BLOCKING = {"serious", "critical"}


def violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found: list[dict[str, Any]] = results.response["violations"]
    return found


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in found
    )


def check(page: Any, name: str, artifacts: Path) -> None:
    found = violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
        for v in found
    ]
    (artifacts / f"axe-{name}.json").write_text(
        json.dumps(
            summary,
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def test_search_page_with_results_and_facets(page: Any, server: str, artifacts: Path) -> None:
    page.goto(server + "/recherche/?q=aide+au+logment&mediation=urgence")
    page.wait_for_selector("#entraide-resultats > li")
    page.wait_for_selector("#entraide-suggestion a")
    page.screenshot(path=str(artifacts / "recherche.png"), full_page=True)
    check(page, "recherche", artifacts)


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("accueil", "/"),
        ("procedure", "/procedures/caf/aide-au-logement/"),
        ("liste-posture", "/mediation/urgence/"),
        ("liste-procedures", "/procedures/"),
        ("page-introuvable", "/n-existe-pas/"),
    ],
)
def test_sample_of_pages(page: Any, server: str, artifacts: Path, name: str, address: str) -> None:
    page.goto(server + address)
    page.wait_for_load_state("networkidle")
    check(page, name, artifacts)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_colour_schemes(browser: Any, server: str, artifacts: Path, scheme: str) -> None:
    context = browser.new_context(locale="fr-FR", color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server + "/recherche/?q=carte+grise")
        page.wait_for_selector("#entraide-resultats > li")
        check(page, f"recherche-{scheme}", artifacts)
        page.goto(server + "/procedures/caf/aide-au-logement/")
        check(page, f"procedure-{scheme}", artifacts)
    finally:
        context.close()


def test_static_host_pages(page: Any, static_host: str, artifacts: Path) -> None:
    page.goto(static_host + "/")
    page.wait_for_load_state("networkidle")
    check(page, "accueil-statique", artifacts)
