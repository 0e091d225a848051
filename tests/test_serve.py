"""``entraide serve``: a real server process on a loopback port; Ctrl+C stops it in French."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import httpx
import pytest

from tests.live_server import EntraideProcess, free_port


def test_serve_builds_then_serves_the_french_home_page(project: Path) -> None:
    port = free_port()
    serve = EntraideProcess("serve", "--port", str(port), cwd=project)
    try:
        serve.wait_until_serving(f"http://127.0.0.1:{port}/")
        home = httpx.get(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200
        assert '<html lang="fr"' in home.text
        assert "Entraide" in home.text
        page = httpx.get(f"http://127.0.0.1:{port}/faq/mot-de-passe-confie/")
        assert page.status_code == 200
        for hostile in ("/../mkdocs.yml", "/%2e%2e/mkdocs.yml", "/..%2fmkdocs.yml"):
            response = httpx.get(f"http://127.0.0.1:{port}{hostile}")
            assert response.status_code == 404
            assert "site_name" not in response.text
        assert (project / "site/index.html").is_file()
        httpx.get(f"http://127.0.0.1:{port}/api/search?q=caf")  # the search workers start
    finally:
        serve.stop()
    if sys.platform != "win32":  # terminate() is TerminateProcess there: nothing can run
        # SIGTERM (a service manager): a French line, a normal exit that cleans up after itself.
        assert serve.output.splitlines()[-1] == "Serveur arrêté (signal d'arrêt reçu)."
        assert serve.process.returncode == 0
        assert "leaked" not in serve.output and "Traceback" not in serve.output


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a child here")
def test_ctrl_c_during_the_build_and_while_serving_says_so_in_french(project: Path) -> None:
    """Ctrl+C is how people stop the server: a French line, never a traceback."""
    port = free_port()
    serve = EntraideProcess("serve", "--port", str(port), cwd=project)
    try:
        serve.wait_for_line("construction du site")
        serve.process.send_signal(signal.SIGINT)
        assert serve.finish() == 130
    finally:
        serve.stop()
    assert "Traceback" not in serve.output
    assert "Interrompu (Ctrl+C)" in serve.output

    serve = EntraideProcess("serve", "--port", str(port), cwd=project)
    try:
        serve.wait_until_serving(f"http://127.0.0.1:{port}/")
        serve.process.send_signal(signal.SIGINT)
        assert serve.finish() == 130
    finally:
        serve.stop()
    assert "Traceback" not in serve.output
    assert "Interrompu (Ctrl+C)" in serve.output.splitlines()[-1]
