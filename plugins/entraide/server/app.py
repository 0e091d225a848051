"""The ASGI application that serves a built site.

Starlette's ``StaticFiles`` resolves paths inside the site folder and refuses
anything outside it, so path traversal is handled by a maintained library
rather than by us.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles


def create_app(site_dir: Path) -> Starlette:
    return Starlette(routes=[Mount("/", app=StaticFiles(directory=site_dir, html=True))])
