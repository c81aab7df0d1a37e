"""Initiatives: a static-site generator for the initiatives of French social centres."""

__version__ = "0.1.0"
