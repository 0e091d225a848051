"""Entraide: the shared knowledge base of digital and administrative mediators.

The ``content`` package is the domain (page model, taxonomy, validation) and knows
nothing of MkDocs, the command line or HTTP; ``mkdocs_plugin``, ``cli`` and
``server`` are thin adapters over it, so the content survives a change of site
generator.
"""

__version__ = "0.1.0"
