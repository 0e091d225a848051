"""Connections that never send a whole request must not crowd out the room.

uvicorn keeps a connection open as long as its client wants while the request
headers are incomplete, and has no bound on how many it accepts: one slow
client holding 1,100 connections (a header line every 10 s) exhausts the
process's file descriptors (1,024 on many systems) and every other visitor
waits until it stops. Its ``limit_concurrency`` does not help: it answers 503
to *complete* requests once the count is reached, so the slow connections
would keep the room out by design.

:class:`GuardedH11Protocol` is uvicorn's h11 protocol with two bounds:

- a deadline for request headers: a connection has ``header_timeout`` seconds,
  from its first byte (or its opening), to finish a request's headers, else it
  gets a 408 and is closed;
- a cap on open connections: past ``max_connections``, the connection that has
  waited longest for its headers (or sits idle between requests) is closed to
  make room; when every connection is busy with a real request, the newcomer
  gets a 503 that says to retry.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def _answer(status: str, text: str, *headers: str) -> bytes:
    """A whole HTTP/1.1 response that closes the connection, written before any request."""
    body = text.encode("utf-8")
    lines = [
        f"HTTP/1.1 {status}",
        "content-type: text/plain; charset=utf-8",
        *headers,
        "connection: close",
        f"content-length: {len(body)}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


_TIMEOUT_ANSWER = _answer("408 Request Timeout", "Requête trop lente : réessayez.\n")
_FULL_ANSWER = _answer("503 Service Unavailable", "Serveur occupé : réessayez.\n", "retry-after: 1")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a connection cap (see module doc).

    Subclass with :func:`guarded_protocol` to set the bounds.
    """

    header_timeout = 10.0
    max_connections = 500

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._waiting_since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            self._arm_header_deadline()  # part of a request's headers: the clock runs
        else:
            self._disarm_header_deadline()

    @property
    def _evictable(self) -> bool:
        """Waiting for headers, or idle between two requests: nothing is lost by closing."""
        return self.conn.their_state is h11.IDLE and (
            self._header_deadline is not None or self.timeout_keep_alive_task is not None
        )

    def _arm_header_deadline(self) -> None:
        if self._header_deadline is None:
            self._waiting_since = self.loop.time()
            self._header_deadline = self.loop.call_later(
                self.header_timeout, self._headers_too_slow
            )

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._close_with(_TIMEOUT_ANSWER)

    def _make_room(self) -> None:
        waiting = [
            c for c in self.connections if isinstance(c, GuardedH11Protocol) and c._evictable
        ]
        if waiting:
            min(waiting, key=lambda c: c._waiting_since)._close_with(_TIMEOUT_ANSWER)
        else:
            self._close_with(_FULL_ANSWER)

    def _close_with(self, answer: bytes) -> None:
        self._disarm_header_deadline()
        self.connections.discard(self)  # counted out now, not when the loop gets to it
        if not self.transport.is_closing():
            self.transport.write(answer)
            self.transport.close()


def guarded_protocol(header_timeout: float, max_connections: int) -> type[GuardedH11Protocol]:
    """The protocol class to give uvicorn (``http=``), with these bounds."""
    return type(
        "EntraideH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": header_timeout, "max_connections": max_connections},
    )
