"""The framework-independent domain: pages, taxonomy, front matter and validation."""
