"""The répertoire (``/centres/``) and each centre's own page (``/centres/<slug>/``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import urls
from ..content.fields import CENTRE_FIELDS
from ..content.model import Centre
from ..french import typeset
from ..site.link import Site
from ..site.listing import CentreListing, centre_listing
from . import structured
from .department_map import department_map, locator
from .route import Route, card, crumbs, given
from .views import Card, Detail, DirectoryEntry, DirectoryGroup, Link, SearchRecord

DETAIL_FIELDS = ("kind", "address", "phone", "email", "website", "management", "approved_since", "siret")
_LABELS = {f.name: typeset(f.label) for f in CENTRE_FIELDS}


def routes(site: Site) -> list[Route]:
    """The répertoire: every centre, grouped by department."""
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
        for term in site.departments
        if term.centres
    ]
    return [Route(urls.centres_url(), "centres.html", given({
        "title": "Répertoire des centres sociaux",
        "description": "Les centres sociaux et espaces de vie sociale, par département, avec leurs coordonnées et leurs actions.",
        "breadcrumbs": crumbs(Link("Répertoire", urls.centres_url())),
        "groups": groups,
        "map": department_map(site, centres=True) if any(c.coordinates for c in site.centres) else None,
        "kinds": sorted({c.kind for c in site.centres if c.kind}),
        "total": len(site.centres),
    }))]


@dataclass(frozen=True)
class CentreView:
    """What a centre's own page reads of the site graph, made from the centre's listing alone."""

    description: str
    absolute_url: str  # the page's own, on the published site (its JSON-LD)
    department: Link | None
    department_code: str | None  # for the locator map; None when the department is not a French one
    cards: tuple[Card, ...]  # its actions, newest first
    search_record: SearchRecord


def route(site: Site, centre: Centre) -> Route:
    return Route(urls.centre_url(centre.slug), "centre.html", partial(_context, centre),
                 reads=lambda: view(site, centre_listing(centre)))


def route_from(centre_view: CentreView, centre: Centre) -> Route:
    """The page of ``centre`` made from the view its listing had in the last build (unchanged since)."""
    return Route(urls.centre_url(centre.slug), "centre.html", partial(_context, centre), reads=lambda: centre_view)


def view(site: Site, listing: CentreListing) -> CentreView:
    department = site.department_of(listing)
    actions = site.actions_of_centre.get(listing.slug, ())
    return CentreView(
        description=structured.centre_description(listing, department),
        absolute_url=urls.absolute_url(site.config.base_url, urls.centre_url(listing.slug)),
        department=Link(department.name, department.url) if department else None,
        department_code=department.department.code if department and department.department else None,
        cards=tuple(card(site, a) for a in actions),
        search_record=structured.centre_search_record(listing, department, actions),
    )


def _context(centre: Centre, view: CentreView) -> dict[str, Any]:
    url = urls.centre_url(centre.slug)
    return {
        "title": centre.name,
        "description": view.description,
        "breadcrumbs": crumbs(Link("Répertoire", urls.centres_url()), Link(centre.name, url)),
        "centre": centre,
        "department": view.department,
        "details": _details(centre),
        "locator": locator(view.department_code, centre.latitude, centre.longitude)
        if view.department_code is not None else None,
        "cards": list(view.cards),
        "jsonld": structured.centre_jsonld(centre, view.absolute_url, view.department),
        "og_type": "website",
        "search_record": view.search_record,
    }


def _details(centre: Centre) -> list[Detail]:
    details = []
    for name in DETAIL_FIELDS:
        if name == "address":
            text = ", ".join(part for part in (centre.address, f"{centre.postcode} {centre.city}".strip()) if part)
            if text:
                details.append(Detail(_LABELS[name], text=text))
            continue
        value = getattr(centre, name)
        if value in ("", None):
            continue
        if name == "kind":
            details.append(Detail(_LABELS[name], text=value[:1].upper() + value[1:]))
        elif name == "email":
            details.append(Detail(_LABELS[name], text=value, href=f"mailto:{value}"))
        elif name == "phone":
            details.append(Detail(_LABELS[name], text=value,
                                  href="tel:" + "".join(c for c in value if c.isdigit() or c == "+")))
        elif name == "website":
            details.append(Detail(_LABELS[name], text=value, href=value if "://" in value else f"https://{value}"))
        else:
            details.append(Detail(_LABELS[name], text=str(value)))
    if centre.qpv:
        details.append(Detail(_LABELS["qpv"], text="oui"))
    if centre.federation_member:
        details.append(Detail(_LABELS["federation_member"], text="oui"))
    return details
