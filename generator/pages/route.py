"""What every page kind is made of: a route, page links of a listing, breadcrumbs and cards."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, Sequence

from .. import urls
from ..french import sort_key
from ..site.link import Site
from ..site.listing import ActionListing, PageListing
from .views import Card, Link, PageLink, Pagination


@dataclass(frozen=True)
class Route:
    """One output file: where it goes, which template renders it, with what.

    ``make`` makes the context when it is first asked for: planning every route only
    costs its URL, and the cards, fiches and JSON-LD of a page are made by the worker
    that keys and renders it. An item's own page makes it in two parts: its ``view``
    (what it reads of the site graph) and the context, from the view and the item.
    """

    url: str
    template: str
    make: Callable[..., dict[str, Any]] = dict
    in_sitemap: bool = True
    reads: Callable[[], Any] | None = None  # an item's own page: makes its view, which ``make`` is then given

    @cached_property
    def view(self) -> Any:
        """What an item's own page reads of the site graph, made from the item's listing alone (None for
        other pages): the build cache keeps it, so that after an edit that leaves the listing as it was,
        the page is made again from the item and its view, without linking the site."""
        return None if self.reads is None else self.reads()

    @cached_property
    def context(self) -> dict[str, Any]:
        return self.make() if self.reads is None else self.make(self.view)


def given(context: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """A context already made."""
    return lambda: context


def crumbs(*links: Link) -> tuple[Link, ...]:
    """Breadcrumbs from the home page to ``links``."""
    return (Link("Accueil", urls.home_url()), *links)


def card(site: Site, action: ActionListing) -> Card:
    """An action as every listing shows it."""
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


def menu_pages(pages: Sequence[PageListing]) -> list[Link]:
    """Static pages that asked for a place in the header menu, by position then title."""
    chosen = sorted((p for p in pages if p.menu is not None), key=lambda p: (p.menu, sort_key(p.title)))
    return [Link(p.title, urls.page_url(p.slug)) for p in chosen]
