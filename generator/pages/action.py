"""One action's own page (``/actions/<slug>/``): the only page that sees the whole action."""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import urls
from ..content.fields import ACTION_FIELDS
from ..content.model import Action
from ..french import format_euros, typeset
from ..site.link import Site
from ..site.listing import action_listing
from . import structured
from .route import Route, card, crumbs
from .views import Detail, Link

# Fields shown in the « Fiche » panel of an action page, in this order.
DETAIL_FIELDS = (
    "centre", "department", "status", "status_reason", "dimension", "keywords", "themes",
    "initiative", "initiative_detail", "territory", "public", "partners", "partners_detail",
    "budget", "people", "files",
)
_LABELS = {f.name: typeset(f.label) for f in ACTION_FIELDS}  # as the fiche shows them, typeset once


def route(site: Site, action: Action) -> Route:
    return Route(urls.action_url(action.slug), "action.html", partial(_context, site, action))


def _context(site: Site, action: Action) -> dict[str, Any]:
    url = urls.action_url(action.slug)
    listing = action_listing(action, site.config)
    department = site.department_of(action)
    centre = site.centre_of.get(action.slug)
    newer, older = site.neighbours[action.slug]
    trail = [department and Link(department.name, department.url), Link(action.title, url)]
    description = listing.summary or _described(action, department.name if department else "")
    return {
        "title": action.title,
        "description": description,
        "breadcrumbs": crumbs(*[c for c in trail if c]),
        "action": action,
        "details": _details(site, action),
        "centre": Link(centre.name, urls.centre_url(centre.slug)) if centre else None,
        "similar": [card(site, a) for a in site.similar[action.slug]],
        "newer": Link(newer.title, urls.action_url(newer.slug)) if newer else None,
        "older": Link(older.title, urls.action_url(older.slug)) if older else None,
        "jsonld": structured.action_jsonld(site, action, centre, description),
        "og_type": "article",
        "search_record": structured.action_search_record(site, listing, centre),
    }


def _described(action: Action, department: str) -> str:
    """A meta description for an action with neither summary nor text yet."""
    where = f" ({department})" if department else ""
    by = f" portée par {action.centre}" if action.centre else ""
    return f"{action.title}\u00a0: une initiative{by}{where}."


def _details(site: Site, action: Action) -> list[Detail]:
    listing = action_listing(action, site.config)
    taxonomy_of_field = {t.field: t for t in site.config.taxonomies}
    details = []
    for name in DETAIL_FIELDS:
        value = getattr(action, name)
        if value in ("", (), None):
            continue
        if name == "centre" and action.slug in site.centre_of:
            centre = site.centre_of[action.slug]
            details.append(Detail(_LABELS[name], links=(Link(centre.name, urls.centre_url(centre.slug)),)))
        elif name in taxonomy_of_field:
            terms = site.terms_of(listing, taxonomy_of_field[name])
            details.append(Detail(_LABELS[name], links=tuple(Link(t.name, t.url) for t in terms)))
        elif name == "budget" and action.budget_eur is not None:
            details.append(Detail(_LABELS[name], text=format_euros(action.budget_eur)))
        elif isinstance(value, tuple):
            details.append(Detail(_LABELS[name], text=", ".join(value)))
        else:
            details.append(Detail(_LABELS[name], text=str(value)))
    return details
