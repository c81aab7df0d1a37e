"""Which pages an edit can reach: its item's own page alone, unless what other pages see of the item changed."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.config import SiteConfig
from ..content.model import Action, Centre, Page
from ..site.listing import Projection, shared_view
from .cache import Edits
from .records import Options

Item = Action | Centre | Page


@dataclass(frozen=True)
class OwnEdits:
    """Edits whose listings stayed as they were: their own pages, and the aggregate pages whose records changed."""

    items: tuple[Item, ...]
    aggregates: frozenset[str] = frozenset()  # names of the projections whose records the edits changed


def own_page_edits(config: SiteConfig, edits: Edits | None, options: Options,
                   projections: tuple[Projection, ...]) -> OwnEdits | None:
    """The published items among ``edits`` if no edit changed an item's listing; else None.

    What other pages see of an item is its listing projection and the records aggregate page
    kinds read: equal listings before and after, equal pages but the item's own and those of
    the aggregates whose records differ.
    """
    if edits is None or edits.baseline.options != options or edits.baseline.config != config:
        return None
    edited, touched = [], set()
    for then, now in edits.changed.values():
        if then is None or now is None or type(then) is not type(now):
            return None
        published = options.drafts or not getattr(now, "draft", False)
        if published != (options.drafts or not getattr(then, "draft", False)):
            return None
        if not published:
            continue  # a draft edited, still a draft: no page shows it
        if shared_view(then, config) != shared_view(now, config):
            return None
        touched |= {p.name for p in projections if isinstance(now, p.of) and p.record(then) != p.record(now)}
        edited.append(now)
    return OwnEdits(tuple(edited), frozenset(touched))
