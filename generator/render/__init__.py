"""The render stage: routes to bytes, through the theme's Jinja2 templates."""

from .site import own_routes_from_views, render_own_pages, render_site

__all__ = ["own_routes_from_views", "render_own_pages", "render_site"]
