"""Search errors, with French messages that say how to get going again."""

from __future__ import annotations

from pathlib import Path


class SearchError(Exception):
    """Anything that stops indexing or searching; ``str()`` is for people."""


class IndexMissingError(SearchError):
    def __init__(self, index_dir: Path) -> None:
        super().__init__(
            f"aucun index de recherche dans {index_dir}. Créez-le avec "
            f"« entraide index --index-dir {index_dir} » (ou « entraide build »)."
        )
        self.index_dir = index_dir


class IndexDamagedError(SearchError):
    def __init__(self, index_dir: Path, reason: str) -> None:
        super().__init__(
            f"l'index de recherche de {index_dir} est illisible ({reason}). "
            f"Reconstruisez-le avec « entraide index --index-dir {index_dir} »."
        )
        self.index_dir = index_dir


class IndexBusyError(SearchError):
    def __init__(self, index_dir: Path, waited: float) -> None:
        super().__init__(
            f"une autre mise à jour de l'index {index_dir} est en cours depuis plus de "
            f"{waited:g} s. Attendez qu'elle se termine, puis relancez « entraide index »."
        )
        self.index_dir = index_dir


class InvalidFilterError(SearchError):
    """A filter key the index does not know; values are free (foreign corpora)."""
