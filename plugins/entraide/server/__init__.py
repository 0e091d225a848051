"""The local web server: the built site plus, later, the search API."""
