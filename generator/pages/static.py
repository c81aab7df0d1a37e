"""A static page's own page (``content/pages/a-propos.md`` → ``/a-propos/``)."""

from __future__ import annotations

from .. import urls
from ..content.model import Page
from . import structured
from .route import Route, crumbs, given
from .views import Link


def route(page: Page) -> Route:
    url = urls.page_url(page.slug)
    return Route(url, "page.html", given({
        "title": page.title,
        "description": page.description,
        "breadcrumbs": crumbs(Link(page.title, url)),
        "page": page,
        "search_record": structured.page_search_record(page),
    }))
