"""The blog: the newest actions as cards, paginated (``/``, ``/page/N/``), and its Atom feed."""

from __future__ import annotations

from functools import partial
from typing import Any, Sequence

from .. import urls
from ..site.link import Site
from ..site.listing import ActionListing
from .feed import feed_route
from .route import Route, card, crumbs, paginate
from .views import Link, Pagination


def routes(site: Site) -> list[Route]:
    pages = [Route(url, "home.html", partial(_context, site, url, actions, pagination))
             for url, actions, pagination in paginate(site.actions, site.config.page_size, urls.home_url())]
    return [*pages, _feed(site)]


def _context(site: Site, url: str, actions: Sequence[ActionListing], pagination: Pagination) -> dict[str, Any]:
    title = "Les initiatives des centres sociaux" if pagination.number == 1 else f"Initiatives — page {pagination.number}"
    return {
        "title": title,
        "description": site.config.description,
        "breadcrumbs": () if pagination.number == 1 else crumbs(Link(f"Page {pagination.number}", url)),
        "cards": [card(site, a) for a in actions],
        "pagination": pagination,
        "total": len(site.actions),
        "centre_count": len(site.centres),
        "department_count": sum(1 for t in site.departments if t.actions or t.centres),
    }


def _feed(site: Site) -> Route:
    """The Atom feed of the newest actions."""
    return feed_route(site, urls.home_url(), site.config.title, site.config.description, site.actions)
