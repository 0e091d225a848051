"""Running the application under uvicorn with the server's bounds: the one place that does.

``entraide serve``, the tests and the benchmark all start the server here, so
they run with the same header deadline, connection cap and keep-alive.
"""

from __future__ import annotations

from typing import Any

import uvicorn

from entraide.server.connections import guarded_protocol
from entraide.server.limits import DEFAULT_LIMITS, Limits


def server_config(
    app: Any, host: str, port: int, limits: Limits = DEFAULT_LIMITS, **options: Any
) -> uvicorn.Config:
    """uvicorn's settings for ``app``; ``options`` are passed on (``log_level``...)."""
    options.setdefault("log_level", "warning")
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(limits.header_timeout, limits.max_connections),
        timeout_keep_alive=limits.keep_alive_timeout,
        **options,
    )


def serve(app: Any, host: str, port: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Serve until Ctrl+C (uvicorn stops on it, then returns)."""
    uvicorn.Server(server_config(app, host, port, limits)).run()
