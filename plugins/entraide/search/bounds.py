"""How much work one search may ask for, whoever asks (CLI, server, static export).

Declared once: the engine and the query cleaner apply them, the server's
limits (:mod:`entraide.server.limits`) and the README quote them, so a pasted
page or a crafted URL costs a bounded amount of work everywhere.
"""

from __future__ import annotations

# Longest query kept, in characters (cut at the last whole word before it).
MAX_QUERY_CHARS = 200
# Words searched; the rest of a longer query is dropped.
MAX_WORDS = 16
# Results one search returns at most (the server lowers it further, see server/limits.py).
MAX_LIMIT = 100
