"""Downloadable resources (PDF, ODT, images): what they declare and what they must not leak."""
