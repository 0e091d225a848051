"""The site under its Content-Security-Policy, and issue 18's payloads in a real browser.

Pages are opened with a dialog handler (``alert`` would open one), a log of
every request and a listener for CSP violations: the site's own pages must
work with no violation; payload pages must run nothing and ask nothing of
another host.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from entraide.sitebuild import build_site
from tests.browser.conftest import ROOT
from tests.live_server import static_files
from tests.test_html_policy import HEADER, PAYLOADS

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
SITE_PAGES = [
    "",
    "faq/",
    "procedures/caf/aide-au-logement/",
    "quoi-de-neuf/",
    "recherche/",
    "entrainement/simulateurs/creer-compte-ameli/",
    "entrainement/foyers/amadou-kone/",
]


def watched(page: Any) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"dialogs": [], "requests": [], "console": []}

    def dialog(d: Any) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.add_init_script(WATCH)
    page.on("dialog", dialog)
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: seen["console"].append(message.text))
    return seen


def csp_messages(seen: dict[str, list[str]], page: Any) -> list[str]:
    console = [m for m in seen["console"] if "Content Security Policy" in m]
    return console + list(page.evaluate("window.__violations"))


@pytest.mark.parametrize("path", SITE_PAGES)
def test_site_pages_work_under_their_policy(page: Any, static_host: str, path: str) -> None:
    seen = watched(page)
    page.goto(f"{static_host}/{path}")
    page.wait_for_load_state("networkidle")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "default-src 'self'" in policy
    # Material's inline head script and its bundle both ran under the policy.
    assert page.evaluate("typeof __md_get === 'function' && typeof document$ === 'object'")
    assert csp_messages(seen, page) == []
    assert page.js_errors == []


def test_search_answers_under_the_header_policy_of_entraide_serve(page: Any, server: str) -> None:
    """`entraide serve` sends the policy as a header as well as the <meta>: both hold."""
    seen = watched(page)
    response = page.goto(f"{server}/recherche/?q=apl")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#entraide-resultats li a")
    assert csp_messages(seen, page) == []


def test_the_site_opened_from_disk_works_under_its_policy(
    page: Any, project_site: dict[str, Path]
) -> None:
    """Chromium counts a file:// page's neighbours as 'self': the offline copy keeps working."""
    seen = watched(page)
    page.goto((project_site["site"] / "faq" / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("typeof __md_get === 'function' && typeof document$ === 'object'")
    assert csp_messages(seen, page) == []


HOSTILE_INDEX_HEADER = (
    "---\ntitle: Questions fréquentes\nsubtitle: <img src=x onerror=alert('sous-titre')>\n"
    'description: Fin" http-equiv="refresh" content="0;url=https://autre.example/\n---\n'
)


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A copy of the site plus one page holding every payload and a hostile section header,
    built without --strict (what a non-strict build publishes), on a plain static server."""
    project = tmp_path_factory.mktemp("site-piege")
    for name in ("mkdocs.yml", "taxonomy.yml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    body = "\n\n".join(
        f"Avant {n}.\n\n{payload}\n\nAprès {n}." for n, (payload, _) in enumerate(PAYLOADS)
    )
    (project / "docs" / "faq" / "piege.md").write_text(HEADER + body + "\n", encoding="utf-8")
    index = project / "docs" / "faq" / "index.md"
    text = re.sub(r"\A---\n.*?\n---\n", "", index.read_text(encoding="utf-8"), flags=re.S)
    index.write_text(HOSTILE_INDEX_HEADER + text, encoding="utf-8")
    (project / "docs" / "assets" / "piege.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>',
        encoding="utf-8",
    )
    site = build_site(project / "mkdocs.yml", project / "site", strict=False).site_dir

    with static_files(site) as url:
        yield {"url": url, "site": site}


@pytest.mark.parametrize("path", ["faq/piege/", "faq/", "assets/piege.svg"])
def test_payloads_run_nothing_and_call_no_other_host(
    page: Any, csp_site: dict[str, Any], artifacts: Path, path: str
) -> None:
    payload_site = csp_site["url"]
    seen = watched(page)
    response = page.goto(f"{payload_site}/{path}")
    page.wait_for_load_state("networkidle")
    if path.endswith(".svg"):
        assert response.status == 404  # refused at build: never published
    else:
        # Hover, focus and click everything a payload could hang a handler on.
        for element in page.query_selector_all("article *")[:400]:
            if element.is_visible():
                element.hover(timeout=2000)
        page.keyboard.press("Tab")
        for link in page.query_selector_all("article a:not([href])"):
            if link.is_visible():
                link.click(timeout=2000)
        page.wait_for_timeout(300)
    page.screenshot(path=artifacts / f"piege-{path.strip('/').replace('/', '-')}.png")
    assert seen["dialogs"] == []
    assert page.evaluate("window.__xss") is None
    origin = urlsplit(payload_site).netloc
    elsewhere = [u for u in seen["requests"] if urlsplit(u).netloc not in (origin, "")]
    assert elsewhere == [], elsewhere
    assert page.url.startswith(payload_site)  # no redirect away
