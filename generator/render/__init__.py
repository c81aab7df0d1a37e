"""The render stage: routes to bytes, through the theme's Jinja2 templates."""

from .site import render_own_pages, render_site

__all__ = ["render_own_pages", "render_site"]
