"""The search page (``/recherche/``): its form, and every filter value with its count."""

from __future__ import annotations

from .. import urls
from ..site.link import Site
from . import structured
from .route import Route, crumbs
from .views import Link


def routes(site: Site, shards: tuple[str, ...] = ()) -> list[Route]:
    """``shards``: the URLs of the search index's shards, newest pages first."""
    return [Route(urls.search_url(), "search.html", lambda: {
        "title": "Rechercher",
        "description": "Rechercher une action, un centre ou un mot.",
        "breadcrumbs": crumbs(Link("Rechercher", urls.search_url())),
        "browse": [Link(t.singular, urls.taxonomy_url(t.prefix)) for t in site.config.taxonomies],
        "shards": shards,
        "facets": structured.search_facets(site),
    })]
