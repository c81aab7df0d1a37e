"""Atom feeds: the blog's (``/feed.xml``) and one per term (``/departements/31-haute-garonne/feed.xml``)."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from .. import urls
from ..site.link import Site
from ..site.listing import ActionListing
from .route import Route, card, given

# A feed with no entry yet still needs an <updated>: a fixed date, never the clock (output stays deterministic).
NO_ENTRY_DATE = dt.date(2000, 1, 1)


def feed_route(site: Site, page_url: str, title: str, subtitle: str, actions: Sequence[ActionListing]) -> Route:
    """The feed of the newest ``actions`` of the listing at ``page_url``; dated by its newest entry."""
    entries = [card(site, a) for a in actions[:site.config.feed_size]]
    dates = [e.date for e in entries if e.date]
    return Route(urls.feed_url(page_url), "feed.xml", given({
        "feed_title": title,
        "subtitle": subtitle,
        "page_url": page_url,
        "entries": entries,
        "updated": max(dates) if dates else NO_ENTRY_DATE,
    }), in_sitemap=False)
