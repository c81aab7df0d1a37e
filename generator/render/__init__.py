"""The render stage: routes to bytes through the theme's Jinja2 templates."""
