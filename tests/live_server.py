"""The real server (uvicorn) on a free loopback port, in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
