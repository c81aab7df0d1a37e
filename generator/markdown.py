"""Markdown to HTML for action, centre and page bodies.

CommonMark plus tables and autolinks. Raw HTML in content is escaped, never
passed through, and no typographic replacement touches the text: French
guillemets, non-breaking spaces and apostrophes stay exactly as written.

markdown-it-py is the reference renderer. When markdown-it-pyrs (its Rust port,
about twenty times faster) is installed, texts it renders exactly like the
reference go through it: those with no link for linkify to find and no heading
spanning lines. ``tests/test_markdown_fast.py`` proves identical output on all
shipped content and on the benchmark corpus.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Iterator

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


def _fast_markdown():
    try:
        import markdown_it_pyrs
    except ImportError:
        return None
    # The CommonMark rules less raw HTML (escaped instead), plus tables; no linkify (see _MAY_LINKIFY).
    fast = markdown_it_pyrs.MarkdownIt("zero")
    fast.enable_many(["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
                      "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image",
                      "link", "newline", "table"])
    return fast


_FAST = _fast_markdown()
# A dot then a letter: with a word character before it, a host name (« x.fr ») linkify could see.
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
# Entities and backslash escapes can hide a link from a search of the source text.
_ESCAPES = re.compile(r"&#?\w+;|\\")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def render_markdown(text: str) -> str:
    """HTML for a Markdown text; headings get stable ids, unique within the text."""
    if _FAST is not None and not _may_linkify(text):
        rendered = _with_heading_ids(_FAST.render(text))
        if rendered is not None:
            return rendered
    return _MARKDOWN.render(text)


def _may_linkify(text: str) -> bool:
    """Could linkify find a link in ``text``? Asked of each word that looks like one: links hold no space."""
    candidates = _link_candidates(text)
    first = next(candidates, None)
    if first is None:
        return False
    if _ESCAPES.search(text):
        return True
    return _linkifiable(_word_at(text, first)) or any(_linkifiable(_word_at(text, at)) for at in candidates)


def _link_candidates(text: str) -> Iterator[int]:
    """Positions of anything linkify-it-py might turn into a link: a scheme (//), an e-mail (@), a host
    name (« x.fr »). Plain string searches first: a regular expression over every text was the slow part."""
    for mark in ("//", "@"):
        at = text.find(mark)
        while at >= 0:
            yield at
            at = text.find(mark, at + len(mark))
    for match in _DOT_LETTER.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before == "_":
            yield match.start()


@lru_cache(maxsize=1 << 16)
def _linkifiable(word: str) -> bool:
    """Would linkify find a link in this word? Memoised: the same words recur across thousands of files."""
    return bool(_MARKDOWN.linkify.test(word))


def _word_at(text: str, position: int) -> str:
    """The run of non-space characters around ``position``."""
    start = max(text.rfind(c, 0, position) for c in " \n\t") + 1
    ends = [i for i in (text.find(c, position) for c in " \n\t") if i >= 0]
    return text[start:min(ends, default=len(text))]


def render_markdown_reference(text: str) -> str:
    """HTML from markdown-it-py alone, the reference the fast path must match."""
    return _MARKDOWN.render(text)


def _with_heading_ids(rendered: str) -> str | None:
    """Give headings the ids anchors_plugin gives them; None when a heading is not a plain line."""
    taken: set[str] = set()
    parts = []
    position = 0
    for match in _HEADING.finditer(rendered):
        inner = match.group(2)
        if "\n" in inner or "<br" in inner or "<img" in inner:
            return None
        slug = base = _heading_id(html.unescape(_TAG.sub("", inner)))
        number = 1
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        level = match.group(1)
        parts += [rendered[position:match.start()], f'<h{level} id="{html.escape(slug)}">{inner}</h{level}>']
        position = match.end()
    parts.append(rendered[position:])
    return "".join(parts)
