"""HTML and Markdown that show the domain to people, for any site generator.

Functions here receive plain callables for what only the generator knows (the
URL of a page from another page, an icon's SVG), so MkDocs stays in its adapter.
"""
