"""Offline French search over Markdown pages, built on Whoosh.

Whoosh is frozen upstream, so everything it is used for sits behind this
package: ``indexing.update_index`` writes, ``engine.SearchEngine`` reads, and
nothing outside imports ``whoosh`` directly.
"""
