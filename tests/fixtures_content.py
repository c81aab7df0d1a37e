"""Fixtures that build content folders for tests (make_site and the shipped fixture site)."""
