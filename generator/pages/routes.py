"""Every page of the site: its URL, its template and the narrow context it shows.

One function per page kind. Contexts hold view objects (links, cards) whose
URLs come from :mod:`generator.urls`; templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, Callable, Iterator, Sequence

from .. import urls
from ..content.config import Taxonomy
from ..content.fields import ACTION_FIELDS, CENTRE_FIELDS
from ..content.model import Action, Centre, Page
from ..french import format_euros, sort_key, typeset
from ..site.link import Site, Term
from . import structured
from .views import (
    Card,
    Detail,
    DirectoryEntry,
    DirectoryGroup,
    Link,
    PageLink,
    Pagination,
    TermEntry,
)

# Fields shown in the « Fiche » panel of an action page, in this order.
ACTION_DETAIL_FIELDS = (
    "centre", "department", "status", "status_reason", "dimension", "keywords", "themes",
    "initiative", "initiative_detail", "territory", "public", "partners", "partners_detail",
    "budget", "people", "files",
)
CENTRE_DETAIL_FIELDS = (
    "kind", "address", "phone", "email", "website", "management", "approved_since", "siret",
)
# Their labels as the fiche shows them (typeset once, not for every page).
_ACTION_LABELS = {f.name: typeset(f.label) for f in ACTION_FIELDS}
_CENTRE_LABELS = {f.name: typeset(f.label) for f in CENTRE_FIELDS}


@dataclass(frozen=True)
class Route:
    """One output file: where it goes, which template renders it, with what.

    ``make`` makes the context when it is first asked for: planning every route only
    costs its URL, and the cards, fiches and JSON-LD of a page are made by the worker
    that keys and renders it.
    """

    url: str
    template: str
    make: Callable[[], dict[str, Any]] = dict
    in_sitemap: bool = True

    @cached_property
    def context(self) -> dict[str, Any]:
        return self.make()


def _given(context: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    return lambda: context


def plan(site: Site) -> list[Route]:
    """All the routes of the site, in a stable order."""
    routes: list[Route] = []
    routes += _blog(site)
    routes += [_action(site, a) for a in site.actions]
    routes.append(_centres_index(site))
    routes += [_centre(site, c) for c in site.centres]
    for taxonomy in site.config.taxonomies:
        routes.append(_taxonomy_index(site, taxonomy))
        for term in site.terms[taxonomy.name]:
            routes += _term(site, term)
    routes += [_page(p) for p in site.pages]
    routes.append(Route(urls.search_url(), "search.html", lambda: {
        "title": "Rechercher", "description": "Rechercher une action, un centre ou un mot.",
        "breadcrumbs": _crumbs(Link("Rechercher", urls.search_url())),
        "browse": [Link(t.singular, urls.taxonomy_url(t.prefix)) for t in site.config.taxonomies],
        "bundle": urls.search_bundle_url(),
        "facets": structured.search_facets(site),
    }))
    routes.append(Route("/404.html", "404.html", _given({"title": "Page introuvable", "description": "",
                                                         "breadcrumbs": ()}), in_sitemap=False))
    routes.append(_feed(site))
    routes.append(Route("/robots.txt", "robots.txt", in_sitemap=False))
    routes.append(_sitemap(site, routes))
    return routes


def card(site: Site, action: Action) -> Card:
    department = site.department_of(action)
    return Card(
        title=action.title,
        url=urls.action_url(action.slug),
        summary=action.summary,
        centre=action.centre,
        department=department.name if department else action.department,
        date=action.date,
        status=action.status,
        keywords=action.keywords,
    )


PAGE_WINDOW = 2  # page links shown on each side of the current page, besides the first and the last


def paginate(items: Sequence[Any], size: int, first_url: str) -> Iterator[tuple[str, Sequence[Any], Pagination]]:
    """Split a listing into pages of ``size``: yields (url, items, pagination) for each page."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        yield (
            urls.paginated_url(first_url, number),
            items[(number - 1) * size:number * size],
            Pagination(
                number=number,
                count=count,
                previous_url=urls.paginated_url(first_url, number - 1) if number > 1 else None,
                next_url=urls.paginated_url(first_url, number + 1) if number < count else None,
                pages=tuple(PageLink(str(n), urls.paginated_url(first_url, n), n == number) if n else PageLink("…")
                            for n in page_window(number, count)),
            ),
        )


def page_window(number: int, count: int, window: int = PAGE_WINDOW) -> list[int | None]:
    """The page numbers a page of a listing links to, None for a gap: 1 … 6 7 [8] 9 10 … 40.

    However long the listing, a page lists at most 2 × window + 5 entries (a gap never hides a single page).
    """
    shown = sorted({1, count, *range(max(1, number - window), min(count, number + window) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


def _crumbs(*links: Link) -> tuple[Link, ...]:
    return (Link("Accueil", urls.home_url()), *links)


def _blog(site: Site) -> list[Route]:
    routes = []
    for url, actions, pagination in paginate(site.actions, site.config.page_size, urls.home_url()):
        routes.append(Route(url, "home.html", partial(_blog_context, site, url, actions, pagination)))
    return routes


def _blog_context(site: Site, url: str, actions: Sequence[Action], pagination: Pagination) -> dict[str, Any]:
    title = "Les initiatives des centres sociaux" if pagination.number == 1 else f"Initiatives — page {pagination.number}"
    return {
        "title": title,
        "description": site.config.description,
        "breadcrumbs": () if pagination.number == 1 else _crumbs(Link(f"Page {pagination.number}", url)),
        "cards": [card(site, a) for a in actions],
        "pagination": pagination,
        "total": len(site.actions),
        "centre_count": len(site.centres),
        "department_count": sum(1 for t in site.terms.get("departments", ()) if t.actions or t.centres),
    }


def action_route(site: Site, action: Action) -> Route:
    """The route of one action's page, as plan() makes it."""
    return _action(site, action)


def _action(site: Site, action: Action) -> Route:
    return Route(urls.action_url(action.slug), "action.html", partial(_action_context, site, action))


def _action_context(site: Site, action: Action) -> dict[str, Any]:
    url = urls.action_url(action.slug)
    department = site.department_of(action)
    centre = site.centre_of.get(action.slug)
    newer, older = site.neighbours[action.slug]
    crumbs = [department and Link(department.name, department.url), Link(action.title, url)]
    return {
        "title": action.title,
        "description": action.summary,
        "breadcrumbs": _crumbs(*[c for c in crumbs if c]),
        "action": action,
        "details": _action_details(site, action),
        "centre": Link(centre.name, urls.centre_url(centre.slug)) if centre else None,
        "similar": [card(site, a) for a in site.similar[action.slug]],
        "newer": Link(newer.title, urls.action_url(newer.slug)) if newer else None,
        "older": Link(older.title, urls.action_url(older.slug)) if older else None,
        "jsonld": structured.action_jsonld(site, action, centre),
        "og_type": "article",
        "search_record": structured.action_search_record(site, action, centre),
    }


def _action_details(site: Site, action: Action) -> list[Detail]:
    labels = _ACTION_LABELS
    taxonomy_of_field = {t.field: t for t in site.config.taxonomies}
    details = []
    for name in ACTION_DETAIL_FIELDS:
        value = getattr(action, name)
        if value in ("", (), None):
            continue
        if name == "centre" and action.slug in site.centre_of:
            centre = site.centre_of[action.slug]
            details.append(Detail(labels[name], links=(Link(centre.name, urls.centre_url(centre.slug)),)))
        elif name in taxonomy_of_field:
            terms = site.terms_of(action, taxonomy_of_field[name])
            details.append(Detail(labels[name], links=tuple(Link(t.name, t.url) for t in terms)))
        elif name == "budget" and action.budget_eur is not None:
            details.append(Detail(labels[name], text=format_euros(action.budget_eur)))
        elif isinstance(value, tuple):
            details.append(Detail(labels[name], text=", ".join(value)))
        else:
            details.append(Detail(labels[name], text=str(value)))
    return details


def _centres_index(site: Site) -> Route:
    groups = [
        DirectoryGroup(
            department=Link(term.name, term.url),
            code=term.department.code if term.department else "",
            anchor=term.slug,
            entries=tuple(
                DirectoryEntry(Link(c.name, urls.centre_url(c.slug)), c.kind, c.city,
                               len(site.actions_of_centre.get(c.slug, ())))
                for c in term.centres
            ),
        )
        for term in site.terms.get("departments", ())
        if term.centres
    ]
    return Route(urls.centres_url(), "centres.html", _given({
        "title": "Répertoire des centres sociaux",
        "description": "Les centres sociaux et espaces de vie sociale, par département, avec leurs coordonnées et leurs actions.",
        "breadcrumbs": _crumbs(Link("Répertoire", urls.centres_url())),
        "groups": groups,
        "total": len(site.centres),
    }))


def _centre(site: Site, centre: Centre) -> Route:
    return Route(urls.centre_url(centre.slug), "centre.html", partial(_centre_context, site, centre))


def _centre_context(site: Site, centre: Centre) -> dict[str, Any]:
    url = urls.centre_url(centre.slug)
    department = site.department_of(centre)
    actions = site.actions_of_centre.get(centre.slug, ())
    return {
        "title": centre.name,
        "description": structured.centre_description(centre, department),
        "breadcrumbs": _crumbs(Link("Répertoire", urls.centres_url()), Link(centre.name, url)),
        "centre": centre,
        "department": Link(department.name, department.url) if department else None,
        "details": _centre_details(centre),
        "cards": [card(site, a) for a in actions],
        "jsonld": structured.centre_jsonld(site, centre),
        "og_type": "website",
        "search_record": structured.centre_search_record(site, centre, department, actions),
    }


def _centre_details(centre: Centre) -> list[Detail]:
    labels = _CENTRE_LABELS
    details = []
    for name in CENTRE_DETAIL_FIELDS:
        if name == "address":
            text = ", ".join(part for part in (centre.address, f"{centre.postcode} {centre.city}".strip()) if part)
            if text:
                details.append(Detail(labels[name], text=text))
            continue
        value = getattr(centre, name)
        if value in ("", None):
            continue
        if name == "kind":
            details.append(Detail(labels[name], text=value[:1].upper() + value[1:]))
        elif name == "email":
            details.append(Detail(labels[name], text=value, href=f"mailto:{value}"))
        elif name == "phone":
            details.append(Detail(labels[name], text=value, href="tel:" + "".join(c for c in value if c.isdigit() or c == "+")))
        elif name == "website":
            details.append(Detail(labels[name], text=value, href=value if "://" in value else f"https://{value}"))
        else:
            details.append(Detail(labels[name], text=str(value)))
    if centre.qpv:
        details.append(Detail(labels["qpv"], text="oui"))
    if centre.federation_member:
        details.append(Detail(labels["federation_member"], text="oui"))
    return details


def _taxonomy_index(site: Site, taxonomy: Taxonomy) -> Route:
    url = urls.taxonomy_url(taxonomy.prefix)
    terms = [t for t in site.terms[taxonomy.name] if t.actions or t.centres]
    return Route(url, "taxonomy.html", _given({
        "title": taxonomy.title,
        "description": f"{taxonomy.title} des actions des centres sociaux.",
        "breadcrumbs": _crumbs(Link(taxonomy.title, url)),
        "taxonomy": taxonomy,
        "terms": [
            TermEntry(Link(t.name, t.url), t.department.code if t.department else "", len(t.actions), len(t.centres))
            for t in terms
        ],
    }))


def _term(site: Site, term: Term) -> list[Route]:
    return [Route(url, "term.html", partial(_term_context, site, term, url, actions, pagination))
            for url, actions, pagination in paginate(term.actions, site.config.page_size, term.url)]


def _term_context(site: Site, term: Term, url: str, actions: Sequence[Action], pagination: Pagination) -> dict[str, Any]:
    taxonomy = term.taxonomy
    crumbs = [Link(taxonomy.title, urls.taxonomy_url(taxonomy.prefix)), Link(term.name, term.url)]
    if pagination.number > 1:
        crumbs.append(Link(f"Page {pagination.number}", url))
    return {
        "title": term.name if pagination.number == 1 else f"{term.name} — page {pagination.number}",
        "description": f"{taxonomy.singular} «\u00a0{term.name}\u00a0»\u00a0: les actions des centres sociaux.",
        "breadcrumbs": _crumbs(*crumbs),
        "taxonomy": taxonomy,
        "term": Link(term.name, term.url),
        "department": term.department,
        "centres": [Link(c.name, urls.centre_url(c.slug)) for c in term.centres] if pagination.number == 1 else [],
        "cards": [card(site, a) for a in actions],
        "total": len(term.actions),
        "pagination": pagination,
        "search": _term_search_link(term),
    }


def _page(page: Page) -> Route:
    url = urls.page_url(page.slug)
    return Route(url, "page.html", _given({
        "title": page.title,
        "description": page.description,
        "breadcrumbs": _crumbs(Link(page.title, url)),
        "page": page,
        "search_record": structured.page_search_record(page),
    }))


def _term_search_link(term: Term) -> Link | None:
    """« Rechercher parmi ces actions »: the search page filtered on this term."""
    filter_name = urls.SEARCH_FILTERS.get(term.taxonomy.field)
    if filter_name is None:
        return None
    return Link("Rechercher parmi ces actions", urls.search_url_for(filter_name, term.name))


def _feed(site: Site) -> Route:
    """The Atom feed of the newest actions; dated by its newest entry, never by the clock."""
    entries = [card(site, a) for a in site.actions[:site.config.feed_size]]
    dates = [e.date for e in entries if e.date]
    return Route("/feed.xml", "feed.xml", _given({
        "entries": entries,
        "updated": max(dates) if dates else dt.date(2000, 1, 1),
    }), in_sitemap=False)


def _sitemap(site: Site, routes: list[Route]) -> Route:
    dates = {urls.action_url(a.slug): a.date for a in site.actions}
    entries = [(r.url, dates.get(r.url)) for r in routes if r.in_sitemap]
    return Route("/sitemap.xml", "sitemap.xml", _given({"entries": entries}), in_sitemap=False)


def menu_pages(pages: Sequence[Page]) -> list[Link]:
    """Static pages that asked for a place in the header menu, by position then title."""
    chosen = sorted((p for p in pages if p.menu is not None), key=lambda p: (p.menu, sort_key(p.title)))
    return [Link(p.title, urls.page_url(p.slug)) for p in chosen]


__all__ = ["Route", "action_route", "card", "menu_pages", "paginate", "plan"]
