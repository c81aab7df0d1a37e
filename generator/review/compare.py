"""Compare the content at a git reference with the working tree: items, fields, words and pages.

Pure but for reading the reference's content (``git.extract``): both contents are rendered
in memory with the same theme, so « other pages that changed » is exact — a page is listed
when its HTML differs, whatever made it differ (a title on a card, a count, a new term page).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tempfile
from pathlib import Path
from typing import Iterable

from .. import pages, urls
from ..content.fields import ACTION_FIELDS, CENTRE_FIELDS, PAGE_FIELDS, Field
from ..content.load import Content, load_content
from ..content.markdown import plain_text
from ..content.model import Action, Centre, Page
from ..errors import has_errors
from ..french import format_date
from ..pages.changes import FieldChange, ItemChange, Review
from ..pages.views import Link
from ..render import render_site
from ..site.link import link
from .git import Reference, extract

Item = Action | Centre | Page
KINDS = ((Action, "Initiative", ACTION_FIELDS), (Centre, "Centre", CENTRE_FIELDS), (Page, "Page", PAGE_FIELDS))
# Fields a reader does not see as such: the body is compared word by word, the date of import is noise.
UNCOMPARED = {"source"}
# Output files that are not pages a reviewer reads, and the comparison page itself.
NOT_PAGES = ("assets/", "pagefind/", "ce-qui-change/", "404.html")


def review(reference: Reference, content_dir: Path, content: Content, theme_dir: Path, *, drafts: bool) -> Review:
    """What the working tree's content changes against ``reference``; a Review saying why when it cannot."""
    if not reference.commit:
        return Review(reference=reference.name, reason=reference.reason)
    short = reference.commit[:7]
    with tempfile.TemporaryDirectory(prefix="initiatives-review-") as scratch:
        folder = extract(content_dir, reference.commit, Path(scratch))
        if folder is None:
            return Review(reference.name, short,
                          reason=f"le dossier du contenu n’existe pas dans « {reference.name} ».")
        before, problems = load_content(folder, drafts=drafts)
        if has_errors(problems):
            return Review(reference.name, short, reason=f"le contenu de « {reference.name} » contient des erreurs : "
                                                         "il ne peut pas être comparé.")
        production = before.config.base_url.rstrip("/")
        # Both sites on the same address: a page differs by its content, not by where it is published.
        same_address = dataclasses.replace(before.config, base_url=content.config.base_url)
        before = dataclasses.replace(before, config=same_address)
        before_pages = rendered_pages(before, theme_dir)
    items = compare_items(before, content, production)
    after_pages = rendered_pages(content, theme_dir)
    own = {item.url for item in items} | {item.former_url for item in items}
    changed = sorted(url for url in after_pages.keys() | before_pages.keys()
                     if after_pages.get(url) != before_pages.get(url) and url not in own
                     and urls.absolute_url(production, url) not in own)
    links = [Link(_title(after_pages.get(url) or before_pages[url]),
                  url if url in after_pages else urls.absolute_url(production, url)) for url in changed]
    return Review(reference.name, short, items=tuple(items), pages=_grouped(links, content))


def _grouped(links: list[Link], content: Content) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    """Pages by kind, as a reviewer checks them: initiatives, centres, taxonomy pages, the rest."""
    groups: dict[str, list[Link]] = {"Initiatives": [], "Centres": []}
    prefixes = {urls.taxonomy_url(t.prefix): t.title for t in content.config.taxonomies}
    for taxonomy in prefixes.values():
        groups[taxonomy] = []
    groups["Listes et autres pages"] = []
    for found in links:
        path = "/" + (found.url.split("://", 1)[1].partition("/")[2] if "://" in found.url else found.url.lstrip("/"))
        if path.startswith(urls.action_url("").removesuffix("/")):  # "/actions/"
            groups["Initiatives"].append(found)
        elif path.startswith(urls.centres_url()) and path != urls.centres_url():
            groups["Centres"].append(found)
        else:
            taxonomy = next((title for prefix, title in prefixes.items() if path.startswith(prefix)), None)
            groups[taxonomy or "Listes et autres pages"].append(found)
    return tuple((name, tuple(found)) for name, found in groups.items() if found)


def rendered_pages(content: Content, theme_dir: Path) -> dict[str, bytes]:
    """Every HTML page of the site a content makes, by URL, rendered in memory."""
    site = link(content, pages.projections())
    files = render_site(site, content, theme_dir, search_enabled=True).files
    found = {}
    for path, data in files.items():
        if path.endswith(".html") and not path.startswith(NOT_PAGES):
            found["/" + path.removesuffix("index.html")] = data
    return found


def compare_items(before: Content, after: Content, production: str) -> list[ItemChange]:
    """The items added, modified, renamed and removed, in the order a reviewer reads them."""
    changes: list[ItemChange] = []
    for kind, label, fields in KINDS:
        then = {item.slug: item for item in _items(before, kind)}
        now = {item.slug: item for item in _items(after, kind)}
        added = [now[slug] for slug in now.keys() - then.keys()]
        removed = {then[slug].slug: then[slug] for slug in then.keys() - now.keys()}
        for item in sorted(added, key=lambda i: i.slug):
            former = next((old for old in removed.values() if _same(old, item, fields)), None)
            if former is not None:
                del removed[former.slug]
                changes.append(ItemChange(label, _name(item), _url(item), "renamed", former_url=_url(former)))
            else:
                changes.append(ItemChange(label, _name(item), _url(item), "added", _fields(None, item, fields),
                                          _words("", _text(item))))
        for slug in sorted(now.keys() & then.keys()):
            fields_changed = _fields(then[slug], now[slug], fields)
            words = _words(_text(then[slug]), _text(now[slug]))
            if fields_changed or any(op != "same" for op, _ in words):
                changes.append(ItemChange(label, _name(now[slug]), _url(now[slug]), "modified", fields_changed,
                                          words if any(op != "same" for op, _ in words) else ()))
        for item in sorted(removed.values(), key=lambda i: i.slug):
            changes.append(ItemChange(label, _name(item), urls.absolute_url(production, _url(item)), "removed"))
    order = {"added": 0, "modified": 1, "renamed": 2, "removed": 3}
    return sorted(changes, key=lambda c: order[c.state])  # stable: by kind, then slug, within each state


def _items(content: Content, kind: type) -> Iterable[Item]:
    return {Action: content.actions, Centre: content.centres, Page: content.pages}[kind]


def _name(item: Item) -> str:
    return item.name if isinstance(item, Centre) else item.title


def _url(item: Item) -> str:
    if isinstance(item, Action):
        return urls.action_url(item.slug)
    if isinstance(item, Centre):
        return urls.centre_url(item.slug)
    return urls.page_url(item.slug)


def _same(old: Item, new: Item, fields: tuple[Field, ...]) -> bool:
    """A rename: the same fields and text under another slug."""
    return not _fields(old, new, fields) and _text(old) == _text(new)


def _fields(old: Item | None, new: Item, fields: tuple[Field, ...]) -> tuple[FieldChange, ...]:
    found = []
    for field in fields:
        if field.name in UNCOMPARED:
            continue
        before = _shown(getattr(old, field.name)) if old is not None else ""
        after = _shown(getattr(new, field.name))
        if before != after and (old is not None or after):
            long_text = before and after and max(len(before), len(after)) > LONG_TEXT
            found.append(FieldChange(field.label, before or "—", after or "—",
                                     _words(before, after) if long_text else ()))
    return tuple(found)


LONG_TEXT = 60  # characters from which a changed text field is shown as a word-level diff


def _shown(value: object) -> str:
    """A field's value as the reviewer reads it."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _text(item: Item) -> str:
    """The words of an item's body, one block a line."""
    return plain_text(item.body_html)


def _words(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """A word-level diff: runs of words kept, inserted or deleted."""
    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            kept = old[i1:i2]
            if len(kept) > 2 * CONTEXT_WORDS and 0 < i1 and i2 < len(old):  # a long unchanged run between changes
                kept = [*kept[:CONTEXT_WORDS], "…", *kept[-CONTEXT_WORDS:]]
            elif len(kept) > CONTEXT_WORDS and i1 == 0 and i2 < len(old):  # before the first change
                kept = ["…", *kept[-CONTEXT_WORDS:]]
            elif len(kept) > CONTEXT_WORDS and i1 > 0 and i2 == len(old):  # after the last change
                kept = [*kept[:CONTEXT_WORDS], "…"]
            runs.append(("same", " ".join(kept)))
            continue
        if op in ("delete", "replace"):
            runs.append(("del", " ".join(old[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("ins", " ".join(new[j1:j2])))
    return tuple(runs)


CONTEXT_WORDS = 15  # unchanged words shown around a change

_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.S)


def _title(page: bytes) -> str:
    found = _H1.search(page)
    return " ".join(plain_text(found.group(1).decode("utf-8")).split()) if found else "Page"
