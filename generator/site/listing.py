"""What pages other than an item's own page may know of it: its listing projection.

Every page but an action's own page (the blog, term and department pages, centre
pages, similar actions, the search page's filters, feeds, the sitemap) is built
from :class:`ActionListing` records, never from the full :class:`Action`; the
same holds for centres and static pages. Whether an edit can change any page
but the edited item's own is then decided by comparing projections
(:func:`shared_view`), never by a hand-kept list of field names: showing a new
field on a shared page means adding it here, and nothing else.

A page kind that aggregates a field of every action (a sum, a count) declares
what it reads as a :class:`Projection`; the site graph holds its records and the
same comparison covers them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Hashable

from ..content.config import SiteConfig
from ..content.markdown import excerpt
from ..content.model import Action, Centre, Page


@dataclass(frozen=True)
class ActionListing:
    """An action as every page but its own sees it: its card, its order, its terms and filters."""

    slug: str
    title: str
    summary: str
    centre: str
    department: str
    date: dt.date | None
    status: str
    dimension: str
    keywords: tuple[str, ...]
    partners: tuple[str, ...]
    public: tuple[str, ...]
    territory: str  # search filters and the observatoire's charts
    initiative: tuple[str, ...]
    grouped: tuple[tuple[str, tuple[str, ...]], ...]  # (field, values) of each field a taxonomy groups by

    def values(self, field: str) -> tuple[str, ...]:
        """The non-empty values of a field a taxonomy groups by."""
        return next(values for name, values in self.grouped if name == field)


@dataclass(frozen=True)
class CentreListing:
    """A centre as the répertoire, department pages and its actions' pages see it."""

    slug: str
    name: str
    department: str
    kind: str
    city: str
    coordinates: tuple[float, float] | None  # (latitude, longitude): a dot on the répertoire's map


@dataclass(frozen=True)
class PageListing:
    """A static page as the menu, the sitemap and the search page see it."""

    slug: str
    title: str
    menu: int | None


def action_listing(action: Action, config: SiteConfig) -> ActionListing:
    """The one function that says what pages other than an action's own may show of it."""
    return ActionListing(
        slug=action.slug,
        title=action.title,
        summary=action.summary or excerpt(action.body_html),  # a card, a feed entry: never blank
        centre=action.centre,
        department=action.department,
        date=action.date,
        status=action.status,
        dimension=action.dimension,
        keywords=action.keywords,
        partners=action.partners,
        public=action.public,
        territory=action.territory,
        initiative=action.initiative,
        grouped=tuple((t.field, _values(getattr(action, t.field))) for t in config.taxonomies),
    )


def centre_listing(centre: Centre) -> CentreListing:
    known = centre.latitude is not None and centre.longitude is not None
    return CentreListing(slug=centre.slug, name=centre.name, department=centre.department, kind=centre.kind,
                         city=centre.city, coordinates=(centre.latitude, centre.longitude) if known else None)


def page_listing(page: Page) -> PageListing:
    return PageListing(slug=page.slug, title=page.title, menu=page.menu)


def _values(value: object) -> tuple[str, ...]:
    values = value if isinstance(value, tuple) else (value,)
    return tuple(v for v in values if isinstance(v, str) and v.strip())


@dataclass(frozen=True)
class Projection:
    """What an aggregate page kind reads of every published action (or centre): ``record(item)`` must hold all of it."""

    name: str
    record: Callable[[Action], Hashable] | Callable[[Centre], Hashable]
    of: type = Action  # Action or Centre


def shared_view(item: Action | Centre | Page, config: SiteConfig,
                projections: tuple[Projection, ...] = ()) -> tuple[Hashable, ...]:
    """Everything pages other than the item's own page may read of it: equal views, equal shared pages."""
    if isinstance(item, Action):
        return (action_listing(item, config), *(p.record(item) for p in projections if p.of is Action))
    if isinstance(item, Centre):
        return (centre_listing(item), *(p.record(item) for p in projections if p.of is Centre))
    return (page_listing(item),)
