"""Data for machines on each page: schema.org JSON-LD and the search index's filters and metadata."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any, Sequence

from .. import urls
from ..content.model import Centre, Page
from ..french import format_date, sort_key
from ..site.link import Site, Term
from ..site.listing import ActionListing, CentreListing
from .views import Link, SearchFacet, SearchRecord

UNDATED = "0000-00-00"  # sort key of pages without a date: last when sorting by newest


def centre_description(centre: CentreListing, department: Term | None) -> str:
    place = centre.city or (department.name if department else centre.department)
    return f"{centre.name} ({centre.kind}, {place})\u00a0: coordonnées et actions."


def action_search_record(site: Site, action: ActionListing, centre: CentreListing | None) -> SearchRecord:
    """Facets of an action: taxonomy terms by their canonical names, so that term pages link to them."""
    taxonomy_of_field = {t.field: t for t in site.config.taxonomies}
    filters: list[tuple[str, tuple[str, ...]]] = [(urls.SEARCH_KIND_FILTER, ("Initiative",))]
    for field_name, filter_name in urls.SEARCH_FILTERS.items():
        if field_name in taxonomy_of_field:
            values = tuple(t.name for t in site.terms_of(action, taxonomy_of_field[field_name]))
        else:
            value = getattr(action, field_name)
            values = tuple(v for v in (value if isinstance(value, tuple) else (value,)) if v)
        if values:
            filters.append((filter_name, values))
    department = site.department_of(action)
    meta = {
        "centre": centre.name if centre else action.centre,
        "department": department.name if department else action.department,
        "date": format_date(action.date) if action.date else "",
        "summary": action.summary,
    }
    return SearchRecord(filters=tuple(filters), meta=tuple((k, v) for k, v in meta.items() if v),
                        date=_sort_date(action.date))


def centre_search_record(centre: CentreListing, department: Term | None,
                         actions: Sequence[ActionListing]) -> SearchRecord:
    """A centre is found by its department; it sorts by the date of its newest action."""
    name = department.name if department else centre.department
    return SearchRecord(
        filters=((urls.SEARCH_KIND_FILTER, ("Centre",)), (urls.SEARCH_FILTERS["department"], (name,))),
        meta=(("department", name), ("summary", centre_description(centre, department))),
        date=_centre_date(actions),
    )


def _sort_date(date: dt.date | None) -> str:
    """The date a page sorts by in the search index (newest first), or UNDATED."""
    return date.isoformat() if date else UNDATED


def _centre_date(actions: Sequence[ActionListing]) -> str:
    """A centre sorts by the date of its newest action."""
    return _sort_date(max((a.date for a in actions if a.date), default=None))


_PAGE_FILTERS = ((urls.SEARCH_KIND_FILTER, ("Page",)),)


def page_search_record(page: Page) -> SearchRecord:
    return SearchRecord(filters=_PAGE_FILTERS,
                        meta=(("summary", page.description),) if page.description else (), date=UNDATED)


def search_pages(site: Site) -> list[tuple[str, str]]:
    """The indexed pages — every action's, centre's and static page — as (output path, sort date): the
    search index is split into shards by them (:mod:`generator.search.shards`)."""
    found = [(urls.output_path(urls.action_url(a.slug)), _sort_date(a.date)) for a in site.actions]
    found += [(urls.output_path(urls.centre_url(c.slug)), _centre_date(site.actions_of_centre.get(c.slug, ())))
              for c in site.centres]
    found += [(urls.output_path(urls.page_url(page.slug)), UNDATED) for page in site.pages]
    return found


def search_facets(site: Site) -> tuple[SearchFacet, ...]:
    """The search page's filters with every value the index holds: shown without loading any of the index."""
    records = [action_search_record(site, action, site.centre_of.get(action.slug)) for action in site.actions]
    records += [centre_search_record(c, site.department_of(c), site.actions_of_centre.get(c.slug, ()))
                for c in site.centres]
    filters = [record.filters for record in records] + [_PAGE_FILTERS] * len(site.pages)
    counts: Counter[tuple[str, str]] = Counter(
        (name, value) for found in filters for name, values in found for value in set(values))
    facets = []
    for name in (urls.SEARCH_KIND_FILTER, *urls.SEARCH_FILTERS.values()):
        values = sorted(((value, count) for (filter_name, value), count in counts.items() if filter_name == name),
                        key=lambda item: sort_key(item[0]))
        if values:
            facets.append(SearchFacet(name, name[:1].upper() + name[1:], urls.search_parameter(name), tuple(values),
                                      open=name == urls.SEARCH_FILTERS["department"]))
    return tuple(facets)


def action_jsonld(site: Site, action: ActionListing, centre: CentreListing | None, description: str) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": action.title,
        "description": description,
        "inLanguage": "fr",
        "url": urls.absolute_url(site.config.base_url, urls.action_url(action.slug)),
        "author": {"@type": "Organization", "name": action.centre},
        "publisher": {"@type": "Organization", "name": site.config.title},
        "keywords": ", ".join(action.keywords),
    }
    if centre:
        data["author"]["url"] = urls.absolute_url(site.config.base_url, urls.centre_url(centre.slug))
    if action.date:
        data["datePublished"] = action.date.isoformat()
    return _json_script(data)


def centre_jsonld(centre: Centre, url: str, department: Link | None) -> str:
    """``url``: the centre's page on the published site."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": centre.name,
        "url": url,
    }
    address = {"streetAddress": centre.address, "postalCode": centre.postcode, "addressLocality": centre.city}
    address = {k: v for k, v in address.items() if v}
    if department:
        address["addressRegion"] = department.label
    data["address"] = {"@type": "PostalAddress", "addressCountry": "FR", **address}
    for key, value in (("telephone", centre.phone), ("email", centre.email), ("sameAs", centre.website)):
        if value:
            data[key] = value
    if centre.latitude is not None and centre.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": centre.latitude, "longitude": centre.longitude}
    return _json_script(data)


def _json_script(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block, safe against « </script> » in values."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
