"""Page templates, one per type, and what fills them (see :mod:`.drafts`)."""
