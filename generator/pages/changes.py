"""« Ce qui change » (``/ce-qui-change/``): what a pull request changes, for the reviewers of its preview.

The page shows a :class:`Review` made by :mod:`generator.review`; it reads nothing else of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import urls
from .route import Route, crumbs, given
from .views import Link

State = Literal["added", "modified", "renamed", "removed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after, as the fiche shows it (« Mots-clés : Santé → Santé, Logement »)."""

    label: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...] = ()  # a long text's word-level diff, shown instead of both values


@dataclass(frozen=True)
class ItemChange:
    """An action, centre or page the pull request adds, modifies, renames or removes."""

    kind: str  # « Initiative », « Centre », « Page »
    title: str
    url: str  # its page on the preview; on the production site when removed
    state: State
    fields: tuple[FieldChange, ...] = ()
    text: tuple[tuple[str, str], ...] = ()  # the body's words: ("same" | "ins" | "del", words)
    former_url: str = ""  # a renamed item's former address


@dataclass(frozen=True)
class Review:
    """The comparison of the content with a git reference, or why there is none."""

    reference: str = ""  # « origin/main »
    commit: str = ""  # the merge base compared with, abbreviated
    reason: str = ""  # why nothing could be compared (French), when ``commit`` is empty
    items: tuple[ItemChange, ...] = ()
    pages: tuple[tuple[str, tuple[Link, ...]], ...] = ()  # other pages whose content changed with them, by kind

    @property
    def page_count(self) -> int:
        return sum(len(links) for _, links in self.pages)


def route(review: Review) -> Route:
    url = urls.changes_url()
    counts = {state: sum(1 for item in review.items if item.state == state)
              for state in ("added", "modified", "renamed", "removed")}
    return Route(url, "changes.html", given({
        "title": "Ce qui change",
        "description": "Ce que cette demande de modification change sur le site : initiatives, centres et pages.",
        "breadcrumbs": crumbs(Link("Ce qui change", url)),
        "review": review,
        "counts": counts,
    }), in_sitemap=False)
