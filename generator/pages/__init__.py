"""Every page kind of the site: one module each, with its URL, its template and the narrow context it shows.

An item's own page (``action``, ``centres.route``, ``static``) sees the whole item; every other
page kind sees the site graph, made of listings (:mod:`generator.site.listing`). A page kind
that aggregates a field of every action declares it as an :class:`Aggregate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import urls
from ..content.load import Content
from ..content.model import Action, Centre, Page
from ..editor import Editor
from ..site.link import Site
from ..site.listing import Projection
from . import action, admin, blog, centres, changes, crawl, observatory, open_data, search_page, static, taxonomies
from .changes import Review
from .route import Route
from .structured import search_pages


@dataclass(frozen=True)
class Aggregate:
    """A page kind built from one record of every published action or centre (sums, counts, open data).

    Its pages read ``site.records[reads.name]`` and the site's listings, never another aggregate's
    records: an edit that changes only these records re-renders only these pages.
    """

    reads: Projection  # its records are in ``site.records[reads.name]``, in blog order
    routes: Callable[[Site], list[Route]]


# The aggregate page kinds of the site: the observatoire and open data.
AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate(reads=observatory.READS, routes=observatory.routes),
    Aggregate(reads=open_data.ACTIONS, routes=open_data.action_routes),
    Aggregate(reads=open_data.CENTRES, routes=open_data.centre_routes),
)


def projections() -> tuple[Projection, ...]:
    """What the aggregate page kinds read: the link stage records it, the incremental layer compares it."""
    return tuple(aggregate.reads for aggregate in AGGREGATES)


def plan(site: Site, content: Content, review: Review | None = None, editor: Editor | None = None,
         search_shards: tuple[str, ...] = ()) -> list[Route]:
    """All the routes of the site, in a stable order; « Ce qui change » when a review was made, the web
    editor (/admin/) when its files are installed; ``search_shards``: the URLs of the search index's shards."""
    routes = blog.routes(site)
    routes += [action.route(site, a) for a in content.actions]
    routes += centres.routes(site)
    routes += [centres.route(site, c) for c in content.centres]
    routes += taxonomies.routes(site)
    routes += [static.route(p) for p in content.pages]
    routes += search_page.routes(site, search_shards)
    for aggregate in AGGREGATES:
        routes += aggregate.routes(site)
    if review is not None:
        routes.append(changes.route(review))
    if editor is not None:
        routes += admin.routes(site, editor)
    return routes + crawl.routes(site, routes)


def own_route_at(site: Site, content: Content, path: str) -> Route | None:
    """The route of the item's own page written at ``path`` (an output path), as plan() makes it; None
    when ``path`` is not an item's own page. Found without planning the site."""
    parts = path.split("/")
    if parts[-1:] != ["index.html"]:
        return None
    if len(parts) == 3 and parts[0] in ("actions", "centres"):
        items = content.actions if parts[0] == "actions" else content.centres
    elif len(parts) == 2:
        items = content.pages
    else:
        return None
    found = next((item for item in items if item.slug == parts[-2]), None)
    route = own_route(site, found) if found is not None else None
    return route if route is not None and urls.output_path(route.url) == path else None


def own_route(site: Site, item: Action | Centre | Page) -> Route:
    """The route of an item's own page, as plan() makes it."""
    if isinstance(item, Action):
        return action.route(site, item)
    if isinstance(item, Centre):
        return centres.route(site, item)
    return static.route(item)


def own_route_from(view: object, item: Action | Centre | Page) -> Route | None:
    """The route of an item's own page made, without the site graph, from ``view``: the route's view in the
    last build, when the item's listing and the graph are as they were then (a static page reads nothing of
    the graph). None when the page needs a view and ``view`` is None."""
    if isinstance(item, Action):
        return None if view is None else action.route_from(view, item)  # type: ignore[arg-type]
    if isinstance(item, Centre):
        return None if view is None else centres.route_from(view, item)  # type: ignore[arg-type]
    return static.route(item)


def own_page_path(item: Action | Centre | Page) -> str:
    """The output path of an item's own page."""
    if isinstance(item, Action):
        return urls.output_path(urls.action_url(item.slug))
    if isinstance(item, Centre):
        return urls.output_path(urls.centre_url(item.slug))
    return urls.output_path(urls.page_url(item.slug))


__all__ = ["AGGREGATES", "Aggregate", "Review", "Route", "own_page_path", "own_route", "own_route_at", "own_route_from",
           "plan", "projections", "search_pages"]
