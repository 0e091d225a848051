"""Proposing changes from a browser: forms generated from the page schema, drafts checked
and previewed as the site renders them. Plain Python: the server is only an adapter."""
