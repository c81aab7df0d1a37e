"""The orchestrator: load, link, render, write, index — one line per stage.

Everything is read and validated before a single file is written; the
changed files are staged beside the output, then applied to it as one
transaction, undone if anything fails (see :mod:`generator.output`).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterator

from . import output, search
from .content.load import Content, load_content
from .content.model import Action, Centre, Page
from .errors import BuildError, ContentError, Problem, has_errors
from .incremental.cache import BuildCache, Edits, hash_bytes
from .incremental.signatures import output_signature
from . import pages
from .pages import own_route, plan
from .parallel import parallel_map
from .progress import Progress, Silent
from .render.theme import Renderer, check_theme, make_layout, theme_assets
from .site.link import Site, link
from .site.listing import shared_view
from .urls import output_path


@dataclass
class BuildReport:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    parsed: int = 0  # content files parsed (the others came from the cache)
    indexed: int | None = None  # pages in the search index; None without search
    warnings: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, files: dict[str, bytes], written: output.WriteReport) -> None:
        self.pages = sum(1 for path in files if path.endswith(".html"))
        self.written, self.unchanged, self.removed = len(written.written), len(written.unchanged), len(written.removed)

    def outcome(self) -> tuple:
        """What a later build that finds nothing changed reports again."""
        return self.warnings, self.pages, self.written + self.unchanged, self.indexed

    def nothing_changed(self, warnings: list[Problem], pages: int, files: int, indexed: int | None) -> "BuildReport":
        """The report of a build that found its inputs and outputs as the last build left them."""
        self.warnings, self.pages, self.unchanged, self.indexed = warnings, pages, files, indexed
        return self

    def summary(self) -> str:
        timings = ", ".join(f"{stage} {s:.2f}s" for stage, s in self.seconds.items())
        searched = f", {self.indexed} indexed" if self.indexed is not None else ", search skipped"
        return (f"{self.pages} pages: {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed{searched} ({timings})")


def build(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None = None,
          drafts: bool = False, search_index: bool = True, in_place: bool = False,
          cache: BuildCache | Path | None = None, progress: Progress | None = None,
          changed: Collection[Path] | None = None) -> BuildReport:
    """Build the whole site into ``out_dir``; raise ContentError or BuildError, leaving it untouched.

    ``cache`` is a cache folder (``.cache/`` for the command line) or a BuildCache kept in memory
    between builds (``serve``); with one, unchanged files are neither re-parsed, re-rendered nor written.
    ``in_place`` (``serve`` only) updates ``out_dir`` file by file, with nothing kept to undo it (the
    content was checked first), and leaves the search index to the caller. ``changed`` (``serve``, with
    its cache in memory): the only input files changed since the last build, as a file watcher saw them;
    only they are checked, and the output folder is trusted to hold what that build wrote. None: check
    every file.
    """
    report = BuildReport()
    timed = _stage_timer(report, progress or Silent())
    options = (str(content_dir.resolve()), str(theme_dir.resolve()), base_url, drafts, search_index)

    with timed("check"):
        output.check_output_folder(out_dir)  # before any work: never build for a folder we may not replace
        check_theme(theme_dir)
        output.recover(out_dir)  # a build killed while changing the output folder: put the previous site back
        cache = cache if isinstance(cache, BuildCache) else BuildCache.open(cache, out_dir)
        cache.expect(changed)
        previous = cache.unchanged_inputs([content_dir, theme_dir], options)
    if previous is not None:
        return report.nothing_changed(*previous)
    with timed("load"):
        content = _load(content_dir, drafts, base_url, cache, report)
    with timed("link"):
        site, edited = _link(content, cache, options)
    with timed("render"):
        files = render_site(site, content, theme_dir, search_enabled=search_index, cache=cache, progress=progress,
                            edited=edited)
    if in_place:
        with timed("write"):
            written = output.update(files, out_dir, present=cache.trusted_output())
        report.count(files, written)
    else:
        with timed("write"):
            staging = output.stage(files, out_dir)
        written = staging.report
        report.count(files, written)
        try:
            with timed("apply"):
                output.apply(staging)
            if search_index:
                with timed("index"):
                    report.indexed = _index(staging, site.config.language, report)
            else:
                output.replace_folder(staging, search.SEARCH_DIR, None)
            output.commit(staging)
        except BaseException:
            output.discard(staging)
            cache.forget_inputs()
            raise
    with timed("cache"):
        cache.remember(content_dir, theme_dir, options, report.outcome(), files=files, in_place=in_place,
                       written=written.written)
    return report


def _load(content_dir: Path, drafts: bool, base_url: str | None, cache: BuildCache, report: BuildReport) -> Content:
    """Load and validate all content (unchanged files come from the cache); raise on any error."""
    content, problems = load_content(content_dir, drafts=drafts, loader=cache.load_files)
    report.parsed = cache.parsed_files
    report.warnings = [p for p in problems if not p.is_error]
    if has_errors(problems):
        cache.save()
        raise ContentError(problems)
    if base_url:
        content = dataclasses.replace(content, config=dataclasses.replace(content.config, base_url=base_url))
    return content


def _link(content: Content, cache: BuildCache, options: tuple) -> tuple[Site, tuple[Item, ...] | None]:
    """The site graph, and the items whose own page alone changed since the last build (None: any page may have).

    When no edit since the last complete build changed what other pages see of an item (its
    listing, or a record an aggregate page reads), every other page is as that build left it,
    and so is the graph: ``serve`` reuses the graph it kept.
    """
    projections = pages.projections()
    edited = _own_page_edits(content, cache.edits, options, projections)
    if edited is not None and cache.site is not None:
        return cache.site, edited
    return link(content, projections), edited


Item = Action | Centre | Page


def _own_page_edits(content: Content, edits: Edits | None, options: tuple,
                    projections: tuple) -> tuple[Item, ...] | None:
    """The published items among ``edits`` if no edit changed what other pages see of them; else None."""
    if edits is None or edits.baseline.options != options or edits.baseline.config != content.config:
        return None
    drafts = options[3]
    edited = []
    for then, now in edits.changed.values():
        if then is None or now is None or type(then) is not type(now):
            return None
        published = drafts or not getattr(now, "draft", False)
        if published != (drafts or not getattr(then, "draft", False)):
            return None
        if not published:
            continue  # a draft edited, still a draft: no page shows it
        if shared_view(then, content.config, projections) != shared_view(now, content.config, projections):
            return None
        edited.append(now)
    return tuple(edited)


def _index(staging: output.Staging, language: str, report: BuildReport) -> int:
    """Index the site now in place; when no page changed, keep the previous index (same pages, same index)."""
    if not report.written and not report.removed:
        reusable = search.read_index(staging.out_dir, language=language)
        if reusable:
            return reusable.pages
    folder = staging.scratch(search.SEARCH_DIR)
    index = search.build_index(staging.out_dir, language=language, into=folder)
    output.replace_folder(staging, search.SEARCH_DIR, folder)
    return index.pages


def render_site(site: Site, content: Content, theme_dir: Path, *, search_enabled: bool,
                cache: BuildCache | None = None, progress: Progress | None = None,
                edited: tuple[Item, ...] | None = None) -> dict[str, bytes]:
    """Every output file of the site: relative path -> bytes (output.PREVIOUS when the cache vouches for it).

    ``edited``: the items whose own page alone changed since the cache's last complete build;
    when the layout and templates did not change either, only their pages are rendered.
    """
    assets = theme_assets(theme_dir)
    layout = make_layout(site, assets, search_enabled=search_enabled)
    renderer = Renderer(theme_dir, layout)
    templates = _templates_digest(theme_dir) if cache else b""
    if cache is not None:
        cache.rendered = (site.config, layout, templates, site)
        if edited is not None:
            files = _render_edited(site, edited, renderer, templates, cache)
            if files is not None:
                for asset in assets:
                    files[output_path(asset.url)] = asset.data
                return files
    routes = plan(site, content)
    page_key = cache.page_keyer(templates, layout) if cache is not None else None
    paths = [output_path(route.url) for route in routes]
    if len(set(paths)) != len(paths):
        url = next(r.url for r, p in zip(routes, paths) if paths.count(p) > 1)
        raise BuildError(f"two pages want the same URL {url}; rename one of the files")

    def render(index: int) -> tuple[bytes | None, bytes | None]:
        """The page's key, and its bytes (None when the key and the file are those of the last build)."""
        route = routes[index]
        key = page_key(route.context, route.url, route.template) if page_key else None
        if cache is not None and cache.unchanged_page(paths[index], key):
            return key, None
        return key, renderer.render(route)

    # Pages are independent: key and render them over every core (forked workers inherit the site).
    progress = progress or Silent()
    progress.start("render", total=len(routes))
    rendered = parallel_map(render, range(len(routes)), on_progress=progress.advance)
    files = {path: output.PREVIOUS if data is None else data for path, (_, data) in zip(paths, rendered)}
    for asset in assets:
        files[output_path(asset.url)] = asset.data
    if cache is not None:
        cache.rendered_keys = {path: key for path, (key, _) in zip(paths, rendered)}
    return files


def _render_edited(site: Site, edited: tuple[Item, ...], renderer: Renderer, templates: bytes,
                   cache: BuildCache) -> dict[str, bytes] | None:
    """The pages of the last build, with the pages of ``edited`` rendered again; None when that build cannot vouch."""
    baseline, layout = cache.edits.baseline if cache.edits else None, renderer.layout
    if baseline is None or baseline.layout != layout or baseline.templates != templates:
        return None
    previous = cache.page_keys
    out_dir = str(cache.out_dir) + os.sep
    trusted = cache.trusted_output() is not None  # serve: nothing but our builds writes the output
    if len(previous) != baseline.pages or any(signature is None or not trusted and signature != output_signature(
            out_dir + path) for path, (_, signature) in previous.items()):
        return None  # a page had no key, or an output file was changed or removed since
    files: dict[str, bytes] = dict.fromkeys(previous, output.PREVIOUS)
    keys = {path: key for path, (key, _) in previous.items()}
    page_key = cache.page_keyer(templates, layout)
    for route in (own_route(site, item) for item in edited):
        path = output_path(route.url)
        if path not in files:
            return None
        keys[path] = key = page_key(route.context, route.url, route.template)
        files[path] = output.PREVIOUS if cache.unchanged_page(path, key) else renderer.render(route)
    cache.rendered_keys = keys
    return files


def _templates_digest(theme_dir: Path) -> bytes:
    """A hash of every template of the theme: editing one invalidates every page key."""
    templates = theme_dir / "templates"
    return hash_bytes(b"".join(p.relative_to(templates).as_posix().encode() + b"\0" + p.read_bytes() + b"\0"
                               for p in sorted(templates.rglob("*")) if p.is_file()))


def build_command(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None,
                  drafts: bool, search: bool, cache_dir: Path | None = None) -> int:
    """`initiatives build`: build, print warnings and a one-line summary."""
    report = build(content_dir, out_dir, theme_dir, base_url=base_url, drafts=drafts, search_index=search,
                   cache=cache_dir, progress=Progress())
    for warning in report.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"Built the site in {out_dir}/: {report.summary()}")
    return 0


def _stage_timer(report: BuildReport, progress: Progress) -> Callable[[str], contextmanager]:
    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.perf_counter()
        progress.start(stage)
        try:
            yield
        finally:
            report.seconds[stage] = time.perf_counter() - start
        progress.end(stage, report.seconds[stage])

    return timed
