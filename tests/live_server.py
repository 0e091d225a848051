"""The real server (uvicorn) on a free loopback port, in a thread of the test process or as
``entraide`` in a child process; and a plain static file server, as a network's web host."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from entraide.server.limits import DEFAULT_LIMITS, Limits
from entraide.server.serving import server_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: Starlette, limits: Limits = DEFAULT_LIMITS) -> Iterator[str]:
    """Yield the base URL while uvicorn serves ``app`` with the settings of ``entraide serve``;
    stop it cleanly afterwards."""
    port = free_port()
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, limits, lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("le serveur de test n'a pas démarré")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class EntraideProcess:
    """A real ``entraide`` command in a child process, its output drained as it comes.

    A child writing to a pipe nobody reads blocks once the pipe's buffer is full
    (64 KiB on Linux): a thread reads every line into :attr:`lines`, so a
    chatty server never stalls, and tests can wait for a line it printed.
    """

    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "entraide.cli.main", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str, bound: float = 240) -> None:
        """Until a line containing ``text`` was printed; the bound only catches a defect."""
        deadline = time.monotonic() + bound
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError(f"arrêté sans afficher « {text} » :\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"« {text} » jamais affiché :\n{self.output}")
            time.sleep(0.05)

    def wait_until_serving(self, url: str, bound: float = 240) -> None:
        deadline = time.monotonic() + bound
        while True:
            if self.process.poll() is not None:
                self._reader.join(timeout=10)
                raise AssertionError(f"entraide s'est arrêté :\n{self.output}")
            try:
                httpx.get(url, timeout=2)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{url} ne répond pas :\n{self.output}") from None
                time.sleep(0.1)

    def finish(self, bound: float = 60) -> int:
        """Wait for the command to end (after a signal, say) and for its last output."""
        code = self.process.wait(timeout=bound)
        self._output_closed()
        return code

    def _output_closed(self, bound: float = 30) -> None:
        """The output pipe reaches its end only when every process holding it has ended:
        a search worker that outlives the server keeps it open."""
        self._reader.join(timeout=bound)
        assert not self._reader.is_alive(), (
            f"un processus lancé par entraide lui survit (sortie encore ouverte) :\n{self.output}"
        )
        if self.process.stdout:
            self.process.stdout.close()

    def stop(self) -> None:
        """Stop the command as a service manager does (SIGTERM; TerminateProcess on Windows)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._output_closed()


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_files(folder: Path) -> Iterator[str]:
    """Yield the base URL of a plain static file server on ``folder`` (no API, no rewriting)."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
