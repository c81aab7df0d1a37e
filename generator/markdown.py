"""Markdown to HTML for action, centre and page bodies.

CommonMark plus tables and autolinks. Raw HTML in content is escaped, never
passed through, and no typographic replacement touches the text: French
guillemets, non-breaking spaces and apostrophes stay exactly as written.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from .urls import slugify


def _heading_id(title: str) -> str:
    """The id of a heading: its slug (« Résultats » → resultats), or « section » when it has none."""
    return slugify(title) or "section"


# Built once: the parser is reused for every file of the site.
_MARKDOWN = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable(["table", "linkify"])
    .use(anchors_plugin, min_level=1, max_level=6, slug_func=_heading_id)
)


def render_markdown(text: str) -> str:
    """HTML for a Markdown text; headings get stable ids, unique within the text."""
    return _MARKDOWN.render(text)
