"""``entraide serve``: a real server process on a loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[str], timeout: float = 180) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read() if process.stdout else "serve exited")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_serve_builds_then_serves_the_french_home_page(project: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "entraide.cli.main", "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", process)
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
    finally:
        process.terminate()
        process.wait(timeout=10)
