"""The site as one model: which files it publishes, from which layer, at which URL."""
