"""The ``entraide`` command: a thin adapter from the shell to the domain."""
