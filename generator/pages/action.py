"""One action's own page (``/actions/<slug>/``): the only page that sees the whole action."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import urls
from ..content.fields import ACTION_FIELDS
from ..content.model import Action
from ..french import format_euros, typeset
from ..site.link import Site
from ..site.listing import ActionListing, action_listing
from . import structured
from .route import Route, card, crumbs
from .views import Card, Detail, Link, SearchRecord

# Fields shown in the « Fiche » panel of an action page, in this order.
DETAIL_FIELDS = (
    "centre", "department", "status", "status_reason", "dimension", "keywords", "themes",
    "initiative", "initiative_detail", "territory", "public", "partners", "partners_detail",
    "budget", "people", "files",
)
_LABELS = {f.name: typeset(f.label) for f in ACTION_FIELDS}  # as the fiche shows them, typeset once


@dataclass(frozen=True)
class ActionView:
    """What an action's own page reads of the site graph, made from the action's listing alone: an edit that
    leaves the listing (and so the graph) as it was leaves the view as it was."""

    description: str
    breadcrumbs: tuple[Link, ...]
    centre: Link | None  # its centre's page, when the centre has a file
    terms: tuple[tuple[str, tuple[Link, ...]], ...]  # (taxonomy field, the action's terms) for each taxonomy
    similar: tuple[Card, ...]
    newer: Link | None
    older: Link | None
    jsonld: str
    search_record: SearchRecord


def route(site: Site, action: Action) -> Route:
    return Route(urls.action_url(action.slug), "action.html", partial(_context, action),
                 reads=lambda: view(site, action_listing(action, site.config)))


def route_from(action_view: ActionView, action: Action) -> Route:
    """The page of ``action`` made from the view its listing had in the last build (unchanged since)."""
    return Route(urls.action_url(action.slug), "action.html", partial(_context, action),
                 reads=lambda: action_view)


def view(site: Site, listing: ActionListing) -> ActionView:
    url = urls.action_url(listing.slug)
    department = site.department_of(listing)
    centre = site.centre_of.get(listing.slug)
    newer, older = site.neighbours[listing.slug]
    trail = [department and Link(department.name, department.url), Link(listing.title, url)]
    description = listing.summary or _described(listing, department.name if department else "")
    return ActionView(
        description=description,
        breadcrumbs=crumbs(*[c for c in trail if c]),
        centre=Link(centre.name, urls.centre_url(centre.slug)) if centre else None,
        terms=tuple((t.field, tuple(Link(term.name, term.url) for term in site.terms_of(listing, t)))
                    for t in site.config.taxonomies),
        similar=tuple(card(site, a) for a in site.similar[listing.slug]),
        newer=Link(newer.title, urls.action_url(newer.slug)) if newer else None,
        older=Link(older.title, urls.action_url(older.slug)) if older else None,
        jsonld=structured.action_jsonld(site, listing, centre, description),
        search_record=structured.action_search_record(site, listing, centre),
    )


def _context(action: Action, view: ActionView) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": view.description,
        "breadcrumbs": view.breadcrumbs,
        "action": action,
        "details": _details(action, view),
        "centre": view.centre,
        "similar": list(view.similar),
        "newer": view.newer,
        "older": view.older,
        "jsonld": view.jsonld,
        "og_type": "article",
        "search_record": view.search_record,
    }


def _described(action: ActionListing, department: str) -> str:
    """A meta description for an action with neither summary nor text yet."""
    where = f" ({department})" if department else ""
    by = f" portée par {action.centre}" if action.centre else ""
    return f"{action.title}\u00a0: une initiative{by}{where}."


def _details(action: Action, view: ActionView) -> list[Detail]:
    terms = dict(view.terms)
    details = []
    for name in DETAIL_FIELDS:
        value = getattr(action, name)
        if value in ("", (), None):
            continue
        if name == "centre" and view.centre is not None:
            details.append(Detail(_LABELS[name], links=(view.centre,)))
        elif name in terms:
            details.append(Detail(_LABELS[name], links=terms[name]))
        elif name == "budget" and action.budget_eur is not None:
            details.append(Detail(_LABELS[name], text=format_euros(action.budget_eur)))
        elif isinstance(value, tuple):
            details.append(Detail(_LABELS[name], text=", ".join(value)))
        else:
            details.append(Detail(_LABELS[name], text=str(value)))
    return details
