"""A network's own Entraide: the shared base at a pinned version, plus its local layer."""
