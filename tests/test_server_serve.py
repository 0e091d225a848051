"""``entraide serve`` as a person runs it: a real process, its search API, a page edited."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from entraide.cli.site import _exposure_warning
from entraide.sitebuild import build_site
from tests.live_server import EntraideProcess, free_port

KEPT = {
    "index.md",
    "recherche.md",
    "contribuer.md",
    "procedures/index.md",
    "pedagogy/index.md",
    "faq/index.md",
    "faq/mot-de-passe-confie.md",
}


def make_light(project: Path) -> None:
    """Keep a few pages of the site, so each build takes seconds."""
    docs = project / "docs"
    for page in docs.rglob("*"):
        relative = page.relative_to(docs).as_posix()
        if page.is_file() and relative not in KEPT and not relative.startswith("assets/"):
            page.unlink()
    # serve only publishes a site without warnings: links and menu entries towards the
    # removed pages are expected in this light copy.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nvalidation:\n" in text
    config.write_text(text.replace("\nvalidation:\n", "\nvalidation:\n  not_found: info\n"))


@pytest.fixture
def served(project: Path) -> Iterator[tuple[str, Path, EntraideProcess]]:
    """A lighter copy of the site (a few pages), served with a short staleness check."""
    make_light(project)
    port = free_port()
    serve = EntraideProcess("serve", "--port", str(port), "--check-every", "0.3", cwd=project)
    base = f"http://127.0.0.1:{port}"
    try:
        serve.wait_until_serving(base + "/")
        yield base, project, serve
    finally:
        serve.stop()


def wait_until(check: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError("la condition n'est jamais devenue vraie")


def test_serve_builds_the_index_and_follows_edits(
    served: tuple[str, Path, EntraideProcess],
) -> None:
    base, project, _ = served
    assert (project / ".entraide-index").is_dir()
    found = httpx.get(base + "/api/search", params={"q": "mot de passe confié"}).json()
    assert found["results"][0]["path"] == "faq/mot-de-passe-confie.md"
    assert httpx.get(base + "/recherche/").status_code == 200

    page = project / "docs" / "faq" / "mot-de-passe-confie.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nUn mot rare : zygomorphe.\n", encoding="utf-8")

    def searchable() -> bool:
        answer = httpx.get(base + "/api/search", params={"q": "zygomorphe"}).json()
        return bool(answer["total"] == 1)

    wait_until(searchable)
    wait_until(lambda: "zygomorphe" in httpx.get(base + "/faq/mot-de-passe-confie/").text)


def test_exposure_warning_says_what_is_open() -> None:
    warning = _exposure_warning("192.168.1.20", 8000)
    assert "--host 192.168.1.20" in warning
    assert "sans mot de passe" in warning
    assert "aucune donnée personnelle" in warning
    assert "http://192.168.1.20:8000/" in warning


def test_a_busy_port_is_a_french_error_before_any_build(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "entraide.cli.main", "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"le port {port} est déjà utilisé" in result.stderr
    assert "--port" in result.stderr
    assert not (project / "site").exists(), "nothing was built for a server that cannot start"
    unknown = subprocess.run(
        [sys.executable, "-m", "entraide.cli.main", "serve", "--host", "n-existe.invalid"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unknown.returncode == 1
    assert "adresse d'écoute inconnue" in unknown.stderr


def test_a_page_that_fails_the_checks_is_never_served_nor_searchable(
    served: tuple[str, Path, EntraideProcess],
) -> None:
    base, project, serve = served
    page = project / "docs" / "faq" / "mot-de-passe-confie.md"
    clean = page.read_text(encoding="utf-8")
    leaked = clean + "\nAppelez Mme Zorglub au 06 12 34 56 78.\n"
    page.write_text(leaked, encoding="utf-8")
    line = leaked.count("\n")

    serve.wait_for_line("Échec de la reconstruction")
    assert f"docs/faq/mot-de-passe-confie.md:{line}: erreur [personal-data-phone]" in serve.output
    assert "Le site précédent reste servi" in serve.output
    assert "Zorglub" not in httpx.get(base + "/faq/mot-de-passe-confie/").text
    assert httpx.get(base + "/api/search", params={"q": "zorglub"}).json()["total"] == 0
    assert not list(project.glob(".site.*")), "the rejected build is not left beside the site"

    page.write_text(clean + "\nMme Zorglub vous répondra.\n", encoding="utf-8")
    wait_until(lambda: "Zorglub" in httpx.get(base + "/faq/mot-de-passe-confie/").text)
    wait_until(
        lambda: httpx.get(base + "/api/search", params={"q": "zorglub"}).json()["total"] == 1
    )


def test_serve_starts_only_with_a_site_that_passed_every_check(project: Path) -> None:
    make_light(project)
    page = project / "docs" / "faq" / "mot-de-passe-confie.md"
    clean = page.read_text(encoding="utf-8")
    page.write_text(clean + "\nAppelez Mme Zorglub au 06 12 34 56 78.\n", encoding="utf-8")
    port = free_port()
    first = EntraideProcess("serve", "--port", str(port), "--check-every", "0", cwd=project)
    try:
        assert first.finish(bound=240) == 1
    finally:
        first.stop()
    assert "erreur [personal-data-phone]" in first.output
    assert "aucun site sans erreur à servir" in first.output
    assert not (project / "site").exists()

    page.write_text(clean, encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site", strict=True)
    page.write_text(clean + "\nAppelez Mme Zorglub au 06 12 34 56 78.\n", encoding="utf-8")
    second = EntraideProcess("serve", "--port", str(port), "--check-every", "0", cwd=project)
    base = f"http://127.0.0.1:{port}"
    try:
        second.wait_until_serving(base + "/")
        assert "Le site précédent, qui passait toutes les vérifications, est servi" in (
            second.output
        )
        assert "Zorglub" not in httpx.get(base + "/faq/mot-de-passe-confie/").text
        assert httpx.get(base + "/api/search", params={"q": "zorglub"}).json()["total"] == 0
    finally:
        second.stop()
