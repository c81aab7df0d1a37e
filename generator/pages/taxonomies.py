"""Each taxonomy's index (``/mots-cles/``) and its terms' pages, paginated (``/mots-cles/logement/``)."""

from __future__ import annotations

from functools import partial
from typing import Any, Sequence

from .. import urls
from ..content.config import DEPARTMENT_FIELD, Taxonomy
from ..site.link import Site, Term
from ..site.listing import ActionListing
from .department_map import department_map
from .feed import feed_route
from .route import Route, card, crumbs, given, paginate
from .views import Link, Pagination, TermEntry


def routes(site: Site) -> list[Route]:
    routes: list[Route] = []
    for taxonomy in site.config.taxonomies:
        routes.append(_index(site, taxonomy))
        for term in site.terms[taxonomy.field]:
            routes += [Route(url, "term.html", partial(_term_context, site, term, url, actions, pagination))
                       for url, actions, pagination in paginate(term.actions, site.config.page_size, term.url)]
            routes.append(feed_route(site, term.url, f"{term.name} — {site.config.title}",
                                     _about(term), term.actions))
    return routes


def _index(site: Site, taxonomy: Taxonomy) -> Route:
    url = urls.taxonomy_url(taxonomy.prefix)
    terms = [t for t in site.terms[taxonomy.field] if t.actions or t.centres]
    return Route(url, "taxonomy.html", given({
        "title": taxonomy.title,
        "description": f"{taxonomy.title} des actions des centres sociaux.",
        "breadcrumbs": crumbs(Link(taxonomy.title, url)),
        "taxonomy": taxonomy,
        "map": department_map(site) if taxonomy.field == DEPARTMENT_FIELD else None,
        "terms": [
            TermEntry(Link(t.name, t.url), t.department.code if t.department else "", len(t.actions), len(t.centres))
            for t in terms
        ],
    }))


def _term_context(site: Site, term: Term, url: str, actions: Sequence[ActionListing],
                  pagination: Pagination) -> dict[str, Any]:
    taxonomy = term.taxonomy
    trail = [Link(taxonomy.title, urls.taxonomy_url(taxonomy.prefix)), Link(term.name, term.url)]
    if pagination.number > 1:
        trail.append(Link(f"Page {pagination.number}", url))
    return {
        "title": term.name if pagination.number == 1 else f"{term.name} — page {pagination.number}",
        "description": _about(term),
        "breadcrumbs": crumbs(*trail),
        "taxonomy": taxonomy,
        "term": Link(term.name, term.url),
        "department": term.department,
        "centres": [Link(c.name, urls.centre_url(c.slug)) for c in term.centres] if pagination.number == 1 else [],
        "cards": [card(site, a) for a in actions],
        "total": len(term.actions),
        "pagination": pagination,
        "search": _search_link(term),
        "feed": Link("S’abonner", urls.feed_url(term.url)),
    }


def _about(term: Term) -> str:
    return f"{term.taxonomy.singular} «\u00a0{term.name}\u00a0»\u00a0: les actions des centres sociaux."


def _search_link(term: Term) -> Link | None:
    """« Rechercher parmi ces actions »: the search page filtered on this term."""
    filter_name = urls.SEARCH_FILTERS.get(term.taxonomy.field)
    if filter_name is None:
        return None
    return Link("Rechercher parmi ces actions", urls.search_url_for(filter_name, term.name))
