"""Which pages an edit can reach: its item's own page alone, unless what other pages see of the item changed."""

from __future__ import annotations

from ..content.load import Content
from ..content.model import Action, Centre, Page
from ..site.listing import Projection, shared_view
from .cache import Edits
from .records import Options

Item = Action | Centre | Page


def own_page_edits(content: Content, edits: Edits | None, options: Options,
                   projections: tuple[Projection, ...]) -> tuple[Item, ...] | None:
    """The published items among ``edits`` if no edit changed what other pages see of them; else None.

    What other pages see of an item is its listing projection (and the records aggregate page
    kinds read): equal projections before and after, equal pages but the item's own.
    """
    if edits is None or edits.baseline.options != options or edits.baseline.config != content.config:
        return None
    edited = []
    for then, now in edits.changed.values():
        if then is None or now is None or type(then) is not type(now):
            return None
        published = options.drafts or not getattr(now, "draft", False)
        if published != (options.drafts or not getattr(then, "draft", False)):
            return None
        if not published:
            continue  # a draft edited, still a draft: no page shows it
        if shared_view(then, content.config, projections) != shared_view(now, content.config, projections):
            return None
        edited.append(now)
    return tuple(edited)
