"""Load and validate ``content/``: the site configuration, actions, centres and pages.

:func:`load_content` reads every file, checks every value against the field
table of :mod:`generator.fields`, and returns the content model together with
every problem it found. It never raises for a mistake in the content.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import ContentError, Problem, error, warning
from ..french import sort_key, strip_accents
from ..urls import RESERVED_SEGMENTS, slugify
from . import departments
from .config import SiteConfig, load_config
from .document import Document, read_document
from .fields import ACTION_FIELDS, CENTRE_FIELDS, PAGE_FIELDS, Field
from .markdown import render_markdown
from .model import Action, Centre, Location, Page, centre_key


@dataclass(frozen=True)
class Content:
    """Everything in ``content/``, checked: the input of the site graph."""

    config: SiteConfig
    actions: tuple[Action, ...]  # newest first
    centres: tuple[Centre, ...]  # by name
    pages: tuple[Page, ...]  # by slug


def same_words(value: str) -> str:
    """How a value typed by hand is compared with a choice: case, accents, apostrophes and spacing aside."""
    return " ".join(strip_accents(value.replace("’", "'")).split())


# Loads a batch of content files: (path, kind) -> (item or None, problems), in order.
# The default reads them one by one; the build cache reuses unchanged ones and spreads the rest over cores.
FileLoader = Callable[[list[tuple[str, str]]], list[tuple[object | None, list[Problem]]]]


def load_content(content_dir: Path, *, drafts: bool = False,
                 loader: FileLoader | None = None) -> tuple[Content, list[Problem]]:
    """Read and check everything in ``content_dir``; drafts are checked but kept only with ``drafts``."""
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(error(content_dir, 0, "content folder not found"))
        return Content(SiteConfig(title=""), (), (), ()), problems
    config = _with_vocabulary(_load_config(content_dir / "site.toml", problems), content_dir, problems)
    jobs = [(path, kind) for kind in KINDS for path in content_files(content_dir, kind)]
    loaded: dict[str, list] = {"centres": [], "actions": [], "pages": []}
    for (path, kind), (item, found) in zip(jobs, (loader or load_files)(jobs)):
        problems.extend(found)
        if item is not None:
            loaded[kind].append(item)
    centres, actions, pages = loaded["centres"], loaded["actions"], loaded["pages"]
    for collection in (centres, actions, pages):
        _check_duplicate_slugs(collection, problems)
    _check_duplicate_centres(centres, problems)
    _check_action_centres(actions, centres, content_dir / "centres", problems)
    _check_page_slugs(pages, config, problems)
    actions = sorted((a for a in actions if drafts or not a.draft), key=_newest_first)
    centres = sorted(centres, key=lambda c: (_title_key(c.name), c.slug))
    pages = sorted((p for p in pages if drafts or not p.draft), key=lambda p: p.slug)
    content = Content(config, tuple(actions), tuple(centres), tuple(pages))
    return content, sorted(problems)


KINDS = ("centres", "actions", "pages")  # the folders of content/ holding an item per Markdown file


def content_job(content_dir: Path, path: str) -> tuple[str, str] | None:
    """The (path, kind) under which :func:`load_content` reads the file at ``path`` (absolute); None when it
    is not an item's file: an action, a centre or a page."""
    folder, name = os.path.split(path)
    kind = os.path.basename(folder)
    if kind not in KINDS or not name.endswith(".md") or os.path.dirname(folder) != str(content_dir.resolve()):
        return None
    return str(content_dir / kind) + os.sep + name, kind


def content_files(content_dir: Path, kind: str) -> list[str]:
    """The paths of the Markdown files of one collection (``actions``, ``centres`` or ``pages``), sorted.

    Strings, not Paths: a build lists every file but parses only the changed ones.
    """
    folder = content_dir / kind
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # by name, like sorted paths of one folder, without comparing Paths
        names = sorted(e.name for e in entries if e.name.endswith(".md"))
    prefix = str(folder) + os.sep
    return [prefix + name for name in names]


def load_file(path: Path | str, kind: str) -> tuple[object | None, list[Problem]]:
    """One content file read, checked and rendered to HTML: depends only on its path and bytes."""
    path = Path(path)
    problems: list[Problem] = []
    document, found = read_document(path)
    problems.extend(found)
    if document is None:
        return None, problems
    slug = _slug_of(path, document, problems)
    item = {"actions": _action, "centres": _centre, "pages": _page}[kind](document, slug, problems)
    return item, problems


def load_files(jobs: list[tuple[str, str]]) -> list[tuple[object | None, list[Problem]]]:
    return [load_file(path, kind) for path, kind in jobs]


def _load_config(path: Path, problems: list[Problem]) -> SiteConfig:
    try:
        return load_config(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return SiteConfig(title="")


VOCABULARY_FILE = "vocabulary.yaml"


def _with_vocabulary(config: SiteConfig, content_dir: Path, problems: list[Problem]) -> SiteConfig:
    """The site's settings with the labels of ``vocabulary.yaml`` (the web editor offers them); none without one."""
    path = content_dir / VOCABULARY_FILE
    if not path.is_file():
        return config
    from .vocabulary import load_vocabulary

    try:
        vocabulary = load_vocabulary(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return config
    return dataclasses.replace(config, vocabulary=tuple(sorted(vocabulary.labels.items())))


def _slug_of(path: Path, document: Document, problems: list[Problem]) -> str:
    slug = slugify(path.stem) or "sans-titre"
    if slug != path.stem:
        problems.append(error(document.path, 1, "file name is not a valid slug (lower-case letters, digits and '-')",
                              hint=f"rename it to {slug}.md"))
    return slug


def _action(document: Document, slug: str, problems: list[Problem]) -> Action:
    values = _check_fields(document, ACTION_FIELDS, "an action", problems)
    values["department"] = _department(document, values["department"], problems)
    return Action(slug=slug, location=_location(document), body_html=render_markdown(document.body), **values)


def _centre(document: Document, slug: str, problems: list[Problem]) -> Centre:
    values = _check_fields(document, CENTRE_FIELDS, "a centre", problems)
    values["department"] = _department(document, values["department"], problems)
    _check_coordinates(document, values, problems)
    return Centre(slug=slug, location=_location(document), body_html=render_markdown(document.body), **values)


def _page(document: Document, slug: str, problems: list[Problem]) -> Page:
    values = _check_fields(document, PAGE_FIELDS, "a page", problems)
    return Page(slug=slug, location=_location(document), body_html=render_markdown(document.body), **values)


def _location(document: Document) -> Location:
    return Location(document.path, dict(document.lines), document.body_line)


# --- field values -------------------------------------------------------------------------


def _check_fields(document: Document, fields: tuple[Field, ...], what: str,
                  problems: list[Problem]) -> dict[str, object]:
    """The values of ``fields`` in ``document``, checked; a wrong value is reported and left out."""
    values: dict[str, object] = {}
    for field in fields:
        line = document.line(field.name)
        if field.name not in document.data:
            value, message = None, f"missing required field '{field.name}'" if field.required else ""
            line = 1
        else:
            value, message = field.parse(document.data[field.name])
        hint = ""
        if not message and value is None and field.required:
            message = f"required field '{field.name}' is empty"
        elif not message and field.choices and value not in (None, *field.choices):
            message, hint, value = f'unknown {field.name} "{value}"', _choices_hint(value, field.choices), None
        if message:
            source = document.source(line) if field.name in document.data else ""
            report = error
            if value is None and field.required and field.name != "title" and document.data.get("draft") is True:
                # An imported sheet may lack its centre; as a draft it is kept, to be completed by staff.
                report, hint = warning, "allowed in a draft; fill it in before publishing"
            problems.append(report(document.path, line, message, hint=hint, source_line=source))
        if value is not None:
            values[field.name] = value
        elif field.required:
            values[field.name] = ""
    known = {f.name for f in fields}
    for key in document.data:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean « {close[0]} » ?" if close else f"not a field of {what}; it is ignored"
            line = document.line(key)
            problems.append(warning(document.path, line, f"unknown field '{key}'", hint=hint,
                                    source_line=document.source(line)))
    return values


def _choices_hint(value: str, choices: tuple[str, ...]) -> str:
    for choice in choices:
        if same_words(choice) == same_words(value):
            return f"did you mean « {choice} » ?"
    return "expected " + " or ".join(f"« {c} »" for c in choices)


def _department(document: Document, name: str, problems: list[Problem]) -> str:
    """The official name of the department ``name``; an unknown name is reported and kept."""
    if not name:
        return name
    department = departments.find(name)
    if department is not None:
        return department.name
    suggestion = departments.suggest(name)
    hint = f"did you mean « {suggestion} » ?" if suggestion else "expected a French department name such as « Nord »"
    line = document.line("department")
    problems.append(error(document.path, line, f'unknown department "{name}"', hint=hint,
                          source_line=document.source(line)))
    return name


def _check_coordinates(document: Document, values: dict[str, object], problems: list[Problem]) -> None:
    """A centre has both coordinates or neither, and they place it in France; else both are reported and left out."""
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        message, hint = "latitude and longitude go together", "give both, or neither"
    elif departments.region_of(latitude, longitude) is None:  # type: ignore[arg-type]
        message = f"coordinates {latitude}, {longitude} are not in France"
        hint = "latitude first, about 43 to 51 in metropolitan France, then longitude"
    else:
        return
    line = document.line("latitude" if "latitude" in document.data else "longitude")
    problems.append(error(document.path, line, message, hint=hint, source_line=document.source(line)))
    values.pop("latitude", None), values.pop("longitude", None)


# --- checks across files ------------------------------------------------------------------


def _newest_first(action: Action) -> tuple:
    undated = action.date is None
    return (undated, -(action.date.toordinal() if action.date else 0), _title_key(action.title), action.slug)


_title_key = functools.lru_cache(maxsize=1 << 16)(sort_key)  # every build sorts every action; titles rarely change


def _check_duplicate_slugs(items: list, problems: list[Problem]) -> None:
    first: dict[str, str] = {}
    for item in items:
        path = item.location.path
        if item.slug in first:
            problems.append(error(path, 1, f"duplicate slug '{item.slug}' (also the slug of {first[item.slug]})"))
        else:
            first[item.slug] = path


def _check_duplicate_centres(centres: list[Centre], problems: list[Problem]) -> None:
    first: dict[str, Centre] = {}
    for centre in centres:
        key = centre_key(centre.name)
        if not key:
            continue
        if key in first:
            other = first[key].location
            line = centre.location.line("name")
            problems.append(error(centre.location.path, line,
                                  f'centre "{centre.name}" is already defined in {other.path}:{other.line("name")}'))
        else:
            first[key] = centre


def _check_action_centres(actions: list[Action], centres: list[Centre], centres_dir: Path,
                          problems: list[Problem]) -> None:
    known = {centre_key(c.name) for c in centres}
    for action in actions:
        if action.centre and centre_key(action.centre) not in known:
            line = action.location.line("centre")
            problems.append(warning(action.location.path, line,
                                    f'centre "{action.centre}" has no file in {centres_dir}/',
                                    hint=f"create {centres_dir / (slugify(action.centre) or 'centre')}.md"))


def _check_page_slugs(pages: list[Page], config: SiteConfig, problems: list[Problem]) -> None:
    reserved = RESERVED_SEGMENTS | {t.prefix for t in config.taxonomies}
    for page in pages:
        if page.slug in reserved:
            problems.append(error(page.location.path, 1,
                                  f"slug '{page.slug}' collides with the site's own /{page.slug}/ pages",
                                  hint="rename the file"))
