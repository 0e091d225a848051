"""`entraide bundle`: unzipped in a temporary folder and opened from file:// in Chromium, the
home page, the navigation and a listing work, nothing is requested outside the folder, the
home page tells the copy's version and age; every page prints without navigation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.test_accessibility import check
from tests.browser.test_search_page import RESULTS, wait_status
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("copie")
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    result = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "bundle", "--output", "sortie/copie.zip"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"copie\.zip : [\d,]+ Mo .* construite en [\d.]+ s\.", result.stdout)
    target = tmp_path_factory.mktemp("cle-usb")
    with zipfile.ZipFile(project / "sortie" / "copie.zip") as archive:
        archive.extractall(target)
    return target / "copie"


@pytest.fixture
def tab(browser: Any, unzipped: Path) -> Iterator[Any]:
    """A tab that records every request it makes."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.requests = []
    context.on("request", lambda request: tab.requests.append(request.url))
    try:
        yield tab
    finally:
        context.close()


def outside(requests: list[str], folder: Path) -> list[str]:
    inside = folder.resolve().as_uri() + "/"
    return [url for url in requests if not url.startswith((inside, "data:", "blob:", "about:"))]


def test_pages_navigation_and_listings_open_from_disk(
    tab: Any, unzipped: Path, artifacts: Path
) -> None:
    home = unzipped / "index.html"
    tab.goto(home.as_uri())
    notice = tab.locator("[data-entraide-copie]")
    assert "Copie hors ligne" in notice.inner_text()
    assert re.search(r"construite le \d", notice.inner_text())
    assert tab.locator("[data-entraide-copie-ancienne]").is_hidden()
    check(tab, "copie-accueil", artifacts)

    tab.locator("article a", has_text="Procédures").first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/procedures/index.html")
    assert tab.locator("article h1").first.inner_text().startswith("Procédures")
    tab.locator(".md-sidebar--primary a", has_text="Questions fréquentes").first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/faq/index.html")

    tab.goto((unzipped / "organismes" / "caf.html").as_uri())
    entry = tab.locator(".entraide-listing a").first
    assert entry.get_attribute("href").endswith(".html")
    entry.click()
    tab.wait_for_load_state()
    assert tab.url.startswith(unzipped.resolve().as_uri()) and tab.url.endswith(".html")
    assert tab.locator("article h1").count() == 1

    tab.goto((unzipped / "a-remettre" / "procedures" / "caf" / "prime-activite.html").as_uri())
    assert tab.locator("svg").count() == 1 and tab.locator("h1").inner_text()
    tab.screenshot(path=str(artifacts / "fiche-a-remettre.png"), full_page=True)
    check(tab, "fiche-a-remettre", artifacts)
    assert outside(tab.requests, unzipped) == []


def test_home_page_warns_once_the_copy_is_older_than_review_periods(
    tab: Any, unzipped: Path
) -> None:
    tab.clock.set_fixed_time(datetime(2031, 1, 1))
    tab.goto((unzipped / "index.html").as_uri())
    warning = tab.locator("[data-entraide-copie-ancienne]")
    warning.wait_for(state="visible")
    count = int(tab.locator("[data-entraide-copie-nombre]").inner_text())
    assert count > 20
    assert "Cette copie est ancienne" in warning.inner_text()


def test_every_page_prints_its_content_only(tab: Any, unzipped: Path) -> None:
    tab.add_init_script("window.print = function () { window.__imprime = true; };")
    guide = unzipped / "procedures" / "caf" / "prime-activite.html"
    tab.goto(guide.as_uri())
    tab.get_by_role("button", name="Imprimer", exact=True).click()
    assert tab.evaluate("window.__imprime") is True

    tab.emulate_media(media="print")
    assert tab.locator(".md-sidebar--primary").is_hidden()
    assert tab.locator(".md-header").is_hidden()
    assert tab.locator(".entraide-imprimer").is_hidden()
    assert tab.locator(".entraide-track--urgence").is_visible()
    assert tab.locator(".entraide-track--autonomie").is_visible()
    written = tab.evaluate(
        "getComputedStyle(document.querySelector('a[data-adresse]'), '::after').content"
    )
    assert "(" in written and "." in written

    pdf = unzipped.parent / "guide.pdf"
    tab.pdf(path=str(pdf), format="A4")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "En urgence : faire pour" in text and "Vers l'autonomie : faire avec" in text
    assert "service-public.fr/particuliers/vosdroits/F2882" in text
    assert "Passer au thème sombre" not in text and "Rechercher" not in text


def test_search_works_from_disk(tab: Any, unzipped: Path) -> None:
    """The static search of the copy: « carte grise perdue » finds the duplicate first."""
    search = (unzipped / "recherche.html").as_uri() + "?q=carte+grise+perdue"
    tab.goto(search)
    wait_status(tab, "pour « carte grise perdue »")
    first = tab.locator(f"{RESULTS} a").first
    assert first.get_attribute("href").endswith("carte-grise-duplicata.html")
    first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/procedures/ants/carte-grise-duplicata.html")
    assert "duplicata" in tab.locator("article h1").first.inner_text()
    tab.goto((unzipped / "faq" / "index.html").as_uri())
    box = tab.locator("form[role=search] input, #entraide-q, input[type=search]").first
    box.fill("apl")
    box.press("Enter")
    tab.wait_for_load_state()
    wait_status(tab, "pour « apl »")
    assert tab.url.startswith((unzipped / "recherche.html").as_uri())
    assert outside(tab.requests, unzipped) == []
