"""View objects: the small records page contexts are made of (links, cards, fiche details…).

Built by :mod:`generator.routes` and :mod:`generator.structured`; templates only lay them out.
Every URL in them comes from :mod:`generator.urls`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Card:
    """An action as shown in a listing."""

    title: str
    url: str
    summary: str
    centre: str
    department: str
    date: dt.date | None
    status: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Detail:
    """One labelled value of a fiche: plain text, or links to term pages."""

    label: str
    text: str = ""
    links: tuple[Link, ...] = ()
    href: str = ""  # a link out of the site (website, email)


@dataclass(frozen=True)
class PageLink:
    """One entry of a listing's page links: a page (``current`` for the page showing them) or a gap (no URL)."""

    label: str  # "3", or "…" for pages left out
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """Where a page stands in its listing; ``pages`` links the first, the last and the pages around it."""

    number: int
    count: int
    previous_url: str | None
    next_url: str | None
    pages: tuple[PageLink, ...]


@dataclass(frozen=True)
class DirectoryEntry:
    """A centre as listed in the répertoire."""

    centre: Link
    kind: str
    city: str
    action_count: int


@dataclass(frozen=True)
class DirectoryGroup:
    """The centres of one department in the répertoire; ``anchor`` is the id of its heading."""

    department: Link
    code: str
    anchor: str
    entries: tuple[DirectoryEntry, ...]


@dataclass(frozen=True)
class TermEntry:
    """A term as listed on its taxonomy's index page, with its counts."""

    term: Link
    code: str  # department code, "" for other taxonomies
    action_count: int
    centre_count: int


@dataclass(frozen=True)
class SearchRecord:
    """What the search index keeps of a page besides its text (``data-pagefind-*`` attributes)."""

    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (filter name, values)
    meta: tuple[tuple[str, str], ...]  # (name, value) shown in a search result
    date: str  # the « date » sort key: every indexed page needs one, or sorted results drop it


@dataclass(frozen=True)
class SearchFacet:
    """A filter of the search page: its values, each with the number of indexed pages that have it."""

    name: str  # the Pagefind filter name, « département »
    label: str  # « Département »
    parameter: str  # its query parameter in a search URL, « departement »
    values: tuple[tuple[str, int], ...]  # (value, pages), in French alphabetical order
    open: bool = False  # shown unfolded
