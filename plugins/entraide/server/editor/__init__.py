"""The browser editor (``entraide serve --edit``): proposing and reviewing pages without Git.

An adapter, like the rest of :mod:`entraide.server`: the rules live in
:mod:`entraide.editing`, :mod:`entraide.accounts` and :mod:`entraide.proposals`;
this package turns them into pages under ``/edition/``. :mod:`.app` composes it:
one Starlette application mounted into :func:`entraide.server.app.create_app`,
with its own templates (``templates/``, Jinja2, autoescaped), its own static
files (``/edition/static/``) and a strict Content-Security-Policy (no inline
script nor style), so the published site never carries any of it.
"""
