"""Keeping a running server in step with its sources.

``entraide serve`` builds a stale site before it starts; a laptop in an EPN
then runs for days while someone fixes a page beside it. Every few seconds
this compares the sources' fingerprint with the one the last build recorded
(a stat of each file, a few milliseconds for a few thousand pages), and when
they differ and have stopped changing (an editor saves in several writes), it
rebuilds the site beside the served one and swaps it in, updates the index,
and lets the engine see the new generation. Rebuilds are strict: a rebuild
that fails, including one whose pages fail the content checks, keeps the
previous site and its search index served and prints every message with its
file and line.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from entraide.sitebuild import BuildError, build_site, fingerprint, recorded_fingerprint


@dataclass(frozen=True)
class SiteSources:
    config_file: Path
    docs_dir: Path
    site_dir: Path


def rebuild_and_swap(sources: SiteSources) -> int:
    """Rebuild strictly beside the served site, then swap it in; return the warning count.

    Strict: a page that ``entraide check`` refuses fails the build, so it never
    replaces the served site nor reaches the search index (see ``build_site``).
    """
    return build_site(sources.config_file, sources.site_dir, strict=True).warnings


class ContentWatcher:
    """Rebuilds when the sources changed; ``check`` is one step, ``start`` loops on it."""

    def __init__(
        self,
        sources: SiteSources,
        after_rebuild: Callable[[], None],
        *,
        interval: float = 5.0,
        rebuild: Callable[[SiteSources], int] = rebuild_and_swap,
        failed: str | None = None,
    ) -> None:
        """``failed``: the fingerprint of sources whose build already failed (and was
        reported), so they are not rebuilt until they change."""
        self.sources = sources
        self.interval = interval
        self._after_rebuild = after_rebuild
        self._rebuild = rebuild
        self._built = recorded_fingerprint(sources.site_dir)
        self._failed = failed
        self._seen: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """Rebuild if the sources changed and held still since the previous check."""
        current = fingerprint(self.sources.config_file, self.sources.docs_dir)
        if current in (self._built, self._failed):
            self._seen = current
            return False
        if current != self._seen:
            self._seen = current
            return False
        print("Le contenu a changé : reconstruction du site…", file=sys.stderr, flush=True)
        try:
            warnings = self._rebuild(self.sources)
        except BuildError as exc:
            self._failed = current
            for message in exc.messages:
                print(message, file=sys.stderr)
            print(
                f"Échec de la reconstruction : {exc} Le site précédent reste servi, "
                "avec sa recherche.",
                file=sys.stderr,
                flush=True,
            )
            return False
        self._built = current
        self._failed = None
        self._after_rebuild()
        print(
            f"Site reconstruit ({warnings} avertissement(s)).",
            file=sys.stderr,
            flush=True,
        )
        return True

    def _loop(self, on_tick: Callable[[], None]) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
                on_tick()
            except Exception as exc:  # a watcher that dies silently would be worse
                print(f"Surveillance du contenu : erreur inattendue ({exc}).", file=sys.stderr)

    def start(self, on_tick: Callable[[], None] = lambda: None) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(on_tick,), name="entraide-watch", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
