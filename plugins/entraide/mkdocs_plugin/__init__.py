"""The MkDocs adapter: calls the domain, adds nothing to its rules."""
