"""Markdown to HTML for action, centre and page bodies.

CommonMark plus tables and autolinks. Raw HTML in content is escaped, never
passed through, and no typographic replacement touches the text: French
guillemets, non-breaking spaces and apostrophes stay exactly as written.

markdown-it-py is the reference renderer. When markdown-it-pyrs (its Rust port,
about twenty times faster) is installed, texts it renders exactly like the
reference go through it: those with no heading spanning lines, and whose only
links for linkify to find are bare host names (« caf.fr ») in plain words, which
are then linked in its HTML as linkify links them. ``tests/content/test_markdown_fast.py``
proves identical output on all shipped content and on the benchmark corpus.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.anchors import anchors_plugin

from ..urls import slugify


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
# A link word holding any of these may be Markdown syntax (emphasis, code, link, autolink…), a scheme
# or an e-mail: linkify sees it in the reference's tokens differently than in plain text.
_MARKUP = re.compile(r"[*_`\[\]<>!~&\\]|//|@|:")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def render_markdown(text: str) -> str:
    """HTML for a Markdown text; headings get stable ids, unique within the text."""
    if _FAST is not None:
        hosts = _links_to_find(text)
        if hosts is not None:
            rendered = _with_heading_ids(_FAST.render(text))
            if rendered is not None:
                return _link_host_names(rendered, hosts) if hosts else rendered
    return _MARKDOWN.render(text)


def _links_to_find(text: str) -> set[str] | None:
    """The words of ``text`` where linkify would find a link, when all are bare host names in plain words
    (the fast path links them itself; empty: no link); None for any other (a scheme, an e-mail, an
    escape…), which only the reference renders right."""
    words = {word for word in (_word_at(text, at) for at in _link_candidates(text)) if _linkifiable(word)}
    if words and (_ESCAPES.search(text) or any(_MARKUP.search(word) for word in words)):
        return None
    return {escapeHtml(word) for word in words}  # as they appear in the HTML


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


_TAGS = re.compile(r"(<[^>]*>)")
_UNESCAPE = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_ESCAPED = re.compile("|".join(_UNESCAPE))


def _link_host_names(rendered: str, words: set[str]) -> str:
    """Link the host names in ``words`` where they appear in the text of ``rendered`` as linkify does:
    not in links nor in code."""
    parts = _TAGS.split(rendered)
    inside = 0  # depth in <a>, <code> and <pre>, whose text linkify never sees
    for index, part in enumerate(parts):
        if index % 2:
            name = part[1:].split(None, 1)[0].rstrip(">/").lower() if len(part) > 2 else ""
            if name in ("a", "code", "pre"):
                inside += 1
            elif name in ("/a", "/code", "/pre"):
                inside -= 1
        elif part and not inside and any(word in part for word in words):
            parts[index] = _linkify_text(part)
    return "".join(parts)


def _linkify_text(escaped: str) -> str:
    """One run of escaped text, its host names linked exactly as markdown-it-py's linkify rule links them."""
    text = _ESCAPED.sub(lambda match: _UNESCAPE[match.group()], escaped)
    links = _MARKDOWN.linkify.match(text) or []
    pieces, last = [], 0
    for link in links:
        url = _MARKDOWN.normalizeLink(link.url)
        if not _MARKDOWN.validateLink(url):
            continue
        label = _MARKDOWN.normalizeLinkText("http://" + link.text).removeprefix("http://")
        pieces += [escapeHtml(text[last:link.index]), f'<a href="{escapeHtml(url)}">{escapeHtml(label)}</a>']
        last = link.last_index
    if not pieces:
        return escaped
    pieces.append(escapeHtml(text[last:]))
    return "".join(pieces)


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


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|tr|blockquote|pre)>")


def plain_text(rendered: str) -> str:
    """The text of rendered HTML, one block (paragraph, heading, list item) a line."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", rendered))).strip()


_PARAGRAPH = re.compile(r"<(p|li)>(.*?)</\1>", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def excerpt(rendered: str, limit: int = 200) -> str:
    """The first sentences of a rendered body's text, at most ``limit`` characters, cut on a word.

    What a page shows in search engines and link previews when its author wrote no summary:
    headings are left out (« Description de l'expérience » describes nothing).
    """
    text = " ".join(html.unescape(_TAG.sub("", m.group(2))) for m in _PARAGRAPH.finditer(rendered))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return f"{cut}…"
