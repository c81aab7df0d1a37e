"""Files for browsers, crawlers and the host: the 404 page, robots.txt, the sitemap, Netlify's _headers."""

from __future__ import annotations

from .. import urls
from ..site.link import Site
from .route import Route, given

NOT_FOUND = ("Cette adresse ne correspond à aucune page du site\u00a0: l’initiative ou le centre a peut-être changé "
             "de nom. Retrouvez-les par la recherche ou par département.")


def routes(site: Site, pages: list[Route]) -> list[Route]:
    """The crawl files; the sitemap lists ``pages`` (every other route)."""
    not_found = Route("/404.html", "404.html", given({"title": "Page introuvable", "description": NOT_FOUND,
                                                       "breadcrumbs": ()}), in_sitemap=False)
    robots = Route("/robots.txt", "robots.txt", in_sitemap=False)
    headers = Route("/_headers", "_headers", in_sitemap=False)  # the header rules that depend on the deploy
    return [not_found, robots, headers, _sitemap(site, [*pages, not_found, robots])]


def _sitemap(site: Site, routes: list[Route]) -> Route:
    dates = {urls.action_url(a.slug): a.date for a in site.actions}
    entries = [(r.url, dates.get(r.url)) for r in routes if r.in_sitemap]
    return Route("/sitemap.xml", "sitemap.xml", given({"entries": entries}), in_sitemap=False)
