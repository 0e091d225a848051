"""Every form simulator of the practice kit, driven in Chromium on a plain static server.

The site is the repository's own, built once for the session (``project_site``)
and served by Python's ``http.server`` on loopback, as a network's static host
would. Each simulator must refuse an empty first screen with French errors tied
to their fields, reach its summary when filled from its persona's papers, and
request nothing outside the site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_accessibility import check

SIMULATORS = sorted(
    p.stem
    for p in (Path(__file__).resolve().parents[2] / "docs/entrainement/simulateurs").glob("*.yml")
)
# Values the papers do not give (secrets the person chooses, free text): valid ones.
FREE_VALUES = {
    "password": "Entrainement2026",
    "lieu_naissance": "Nanterre",
    "identifiant": "1 81 07 92 100 058 09",
}


def _open(page: Any, static_host: str, slug: str) -> list[str]:
    """Open the simulator page; the list then collects every request made from here on.

    What the page loads with (theme, scripts) is the site's; from the first click
    on, the simulator must send nothing: no request off the site, and nothing but
    GET on it (the browser may still fetch the favicon).
    """
    page.goto(f"{static_host}/entrainement/simulateurs/{slug}/")
    page.wait_for_selector(".entraide-simulateur__formulaire")
    page.wait_for_load_state("networkidle")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(f"{request.method} {request.url}"))
    return requested


def _spec(page: Any, slug: str) -> dict[str, Any]:
    """The screens the runtime loaded from the simulator's generated script."""
    data: dict[str, Any] = page.evaluate(f"window.entraideSimulateurs[{json.dumps(slug)}]")
    return data


def _fill(page: Any, field: dict[str, Any], answer: str | None) -> None:
    selector = f"#sim1-{field['id']}"
    kind = field["kind"]
    if kind == "checkbox":
        page.check(selector)
    elif kind == "radio":
        values = [o["value"] for o in field["options"]]
        index = values.index(answer) if answer is not None else 0
        page.check(f"#sim1-{field['id']}-{index}")
    elif kind == "select":
        page.select_option(selector, answer or field["options"][0]["value"])
    else:
        value = answer if answer is not None else FREE_VALUES.get(field["id"])
        page.fill(selector, value if value is not None else FREE_VALUES[kind])


@pytest.mark.parametrize("slug", SIMULATORS)
def test_simulator_refuses_empty_screen_then_reaches_summary(
    page: Any, static_host: str, slug: str, artifacts: Path
) -> None:
    requested = _open(page, static_host, slug)
    banner = page.text_content(".entraide-simulateur__bandeau")
    assert "Simulation d'entraînement : rien n'est envoyé" in banner
    spec = _spec(page, slug)
    persona = spec["personas"][0]
    page.click("text=Commencer la simulation")
    first = spec["screens"][0]
    page.wait_for_selector("h2:has-text('Étape 1 sur')")

    page.click(".entraide-simulateur__boutons button[type=submit]")
    summary = page.locator(".entraide-simulateur__resume-erreurs")
    summary.wait_for(state="visible")
    assert page.evaluate(
        "document.activeElement.classList.contains('entraide-simulateur__resume-erreurs')"
    )
    required = [f for f in first["fields"] if f.get("required")]
    assert summary.locator("li").count() == len(required)
    for field in required:
        target = page.locator(
            f"input[name='sim1-{field['id']}']"
            if field["kind"] == "radio"
            else f"#sim1-{field['id']}"
        ).first
        assert target.get_attribute("aria-invalid") == "true", field["id"]
        error_id = f"sim1-{field['id']}-erreur"
        assert error_id in (target.get_attribute("aria-describedby") or "").split()
        message = page.text_content(f"#{error_id}")
        assert message.startswith("Erreur : ") and any(
            word in message for word in ("Renseignez", "Choisissez", "Cochez")
        ), message
    page.screenshot(path=str(artifacts / f"simulateur-{slug}-erreurs.png"), full_page=True)

    for index, screen in enumerate(spec["screens"]):
        page.wait_for_selector(f"h2:has-text('Étape {index + 1} sur')")
        for field in screen["fields"]:
            _fill(page, field, persona["answers"].get(field["id"]))
        page.click(".entraide-simulateur__boutons button[type=submit]")
    end_title = json.dumps(spec["end"]["title"], ensure_ascii=False)
    page.wait_for_selector(f"h2:has-text({end_title})")
    bilan = page.text_content(".entraide-simulateur__bilan")
    assert "Ce qui n'allait pas (0)" in bilan, bilan
    assert page.locator(".entraide-simulateur__bilan a").get_attribute("href")
    page.screenshot(path=str(artifacts / f"simulateur-{slug}-bilan.png"), full_page=True)

    sent = [r for r in requested if not r.startswith(f"GET {static_host}/")]
    assert not sent, sent
    assert not page.js_errors


def test_guided_mode_shows_hints_autonomous_mode_hides_them(
    page: Any, static_host: str, artifacts: Path
) -> None:
    _open(page, static_host, "declaration-trimestrielle-rsa")
    page.click("text=Commencer la simulation")
    page.wait_for_selector("h2:has-text('Étape 1 sur')")
    assert page.locator(".entraide-simulateur__indice").count() >= 1
    page.screenshot(path=str(artifacts / "simulateur-mode-guide.png"), full_page=True)
    page.reload()
    page.wait_for_selector(".entraide-simulateur__formulaire")
    page.check("text=Autonome")
    page.click("text=Commencer la simulation")
    page.wait_for_selector("h2:has-text('Étape 1 sur')")
    assert page.locator(".entraide-simulateur__indice").count() == 0
    assert page.locator(".entraide-simulateur__aide").count() >= 1
    page.screenshot(path=str(artifacts / "simulateur-mode-autonome.png"), full_page=True)


def test_wrong_answer_is_named_in_the_summary(page: Any, static_host: str) -> None:
    _open(page, static_host, "actualisation-france-travail")
    spec = _spec(page, "actualisation-france-travail")
    answers = dict(spec["personas"][0]["answers"], travail="oui")
    page.click("text=Commencer la simulation")
    for index, screen in enumerate(spec["screens"]):
        page.wait_for_selector(f"h2:has-text('Étape {index + 1} sur')")
        for field in screen["fields"]:
            _fill(page, field, answers.get(field["id"]))
        page.click(".entraide-simulateur__boutons button[type=submit]")
    bilan = page.locator(".entraide-simulateur__bilan")
    bilan.wait_for()
    assert "Ce qui n'allait pas (1)" in bilan.text_content()
    assert "Piège fréquent" in bilan.text_content()


def test_simulator_has_no_serious_accessibility_violation(
    page: Any, static_host: str, artifacts: Path
) -> None:
    _open(page, static_host, "creer-compte-ameli")
    page.click("text=Commencer la simulation")
    page.wait_for_selector("h2:has-text('Étape 1 sur')")
    page.click(".entraide-simulateur__boutons button[type=submit]")
    page.locator(".entraide-simulateur__resume-erreurs").wait_for(state="visible")
    check(page, "simulateur-erreurs", artifacts)


def test_persona_paper_prints_with_specimen_mark(
    page: Any, static_host: str, artifacts: Path
) -> None:
    page.goto(f"{static_host}/entrainement/foyers/elodie-et-julien-perrin/")
    page.click(".entraide-persona a:has-text('Bulletin de salaire')")
    page.wait_for_selector("main.papier h1")
    assert "SPÉCIMEN — document fictif d'entraînement" in page.text_content(".specimen")
    assert "Julien PERRIN" in page.text_content("main.papier")
    page.emulate_media(media="print")
    assert page.locator(".filigrane").is_visible()
    page.screenshot(path=str(artifacts / "papier-bulletin-salaire-impression.png"), full_page=True)
    pdf = artifacts / "papier-bulletin-salaire.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    from pypdf import PdfReader

    sheets = PdfReader(pdf).pages
    assert len(sheets) == 2, "un bulletin par salarié du foyer, chacun sur sa feuille"
    for sheet in sheets:
        # In the margins of every sheet (@page boxes), not only in the watermark.
        assert "SPÉCIMEN — document fictif d'entraînement" in sheet.extract_text()


def test_simulator_works_from_disk(page: Any, project_site: dict[str, Path]) -> None:
    """Opened from a folder (file://), as in the offline bundle: same script, same checks."""
    target = project_site["site"] / "entrainement/simulateurs/pre-demande-cni/index.html"
    page.goto(target.as_uri())
    page.wait_for_selector(".entraide-simulateur__formulaire")
    page.click("text=Commencer la simulation")
    page.wait_for_selector("h2:has-text('Étape 1 sur')")
    page.click(".entraide-simulateur__boutons button[type=submit]")
    page.locator(".entraide-simulateur__resume-erreurs").wait_for(state="visible")
    assert page.get_attribute("#sim1-titre", "aria-invalid") == "true"
