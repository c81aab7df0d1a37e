"""The orchestrator: check, load, link, render, write, index — one line per stage.

Everything is read and validated before a single file is written; the changed
files are staged beside the output, then applied to it as one transaction,
undone if anything fails (see :mod:`generator.output`). The incremental layer
(:mod:`generator.incremental`) is asked three questions on the way — unchanged
inputs? parsed already? page current? — and told the result once, at the end.
"""

from __future__ import annotations

import ctypes
import dataclasses
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Collection, Iterator

from . import output, pages, review, search, urls
from .content.load import Content, content_job, load_content
from .deploy import PRODUCTION, Deploy
from .editor import locate_editor
from .errors import ContentError, Problem, has_errors
from .incremental import BuildCache, Completed, EditedFiles, Memory, Options, Outcome, Rendered, own_page_edits
from .progress import Progress, Silent
from .render import own_routes_from_views, render_own_pages, render_site
from .render.theme import check_theme
from .site.link import link

EDITOR_LEFT_OUT = ("/admin/ (the web editor) left out: Decap CMS is not installed here "
                   "(run `npm ci` beside package.json, with Node.js)")


@dataclass
class BuildReport:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    parsed: int = 0  # content files parsed (the others came from the cache)
    indexed: int | None = None  # pages in the search index; None without search
    shards: tuple[search.Shard, ...] = ()  # the search index's shards (with search)
    rewritten: list[str] = field(default_factory=list)  # the output files written or removed
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the site was built without, and why
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, files: dict[str, bytes], written: output.WriteReport) -> None:
        self.pages = sum(1 for path in files if path.endswith(".html"))
        self.rewritten = [*written.written, *written.removed]
        self.written, self.unchanged, self.removed = len(written.written), len(written.unchanged), len(written.removed)

    def outcome(self) -> Outcome:
        return Outcome(tuple(self.warnings), self.pages, self.written + self.unchanged, self.indexed)

    def repeat(self, outcome: Outcome) -> "BuildReport":
        """The report of a build that found its inputs and outputs as the last build left them."""
        self.warnings, self.pages, self.unchanged, self.indexed = (list(outcome.warnings), outcome.pages,
                                                                   outcome.files, outcome.indexed)
        return self

    def summary(self) -> str:
        timings = ", ".join(f"{stage} {s:.2f}s" for stage, s in self.seconds.items())
        searched = f", {self.indexed} indexed" if self.indexed is not None else ", search skipped"
        return (f"{self.pages} pages: {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed{searched} ({timings})")


def build(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None = None,
          drafts: bool = False, search_index: bool = True, cache: BuildCache | Path | None = None,
          memory: Memory | None = None, changed: Collection[Path | str] | None = None,
          progress: Progress | None = None, deploy: Deploy = PRODUCTION,
          compare_with: str | None = None, shard_pages: int = search.SHARD_PAGES,
          first: Collection[str] = (), on_first: Callable[[list[str]], None] | None = None) -> BuildReport:
    """Build the whole site into ``out_dir``; raise ContentError or BuildError, leaving it untouched.

    ``cache``: a cache folder (``.cache/`` for the command line) or a BuildCache kept in memory
    (``serve``); with one, unchanged files are neither re-parsed, re-rendered nor written.
    ``memory`` (``serve`` only): what serve keeps between builds; the output folder is then
    updated file by file (the content was checked first) and the search index left to the caller.
    ``changed`` (with ``memory``): the only input files changed since the last build, as a file
    watcher saw them; only they are checked. None: check every file.
    ``deploy``: where the site is published (a deploy preview's pages carry its marks).
    ``compare_with``: a git reference; « Ce qui change » then shows what the content changes since.
    A deploy preview compares with the production branch by itself.
    ``shard_pages``: the most pages a shard of the search index holds (:mod:`generator.search.shards`).
    ``first`` and ``on_first`` (with ``memory``): the pages (output paths) open in a tab; they are
    rendered and written before the others, and ``on_first`` is told those that changed.
    """
    reference = review.locate(content_dir, compare_with) if compare_with or deploy.preview else None
    editor = locate_editor(content_dir, deploy.repository)
    options = Options(str(content_dir.resolve()), str(theme_dir.resolve()), base_url, drafts, search_index, deploy,
                      None if reference is None else reference.commit or reference.reason,
                      editor, shard_pages if search_index else None)
    report = BuildReport(notes=[] if editor else [EDITOR_LEFT_OUT])
    timed = _stage_timer(report, progress or Silent())

    with timed("check"):
        output.check_output_folder(out_dir)  # before any work: never build for a folder we may not replace
        check_theme(theme_dir)
        output.recover(out_dir)  # a build killed while changing the output folder: put the previous site back
        cache = cache if isinstance(cache, BuildCache) else BuildCache.open(cache, out_dir)
        watched = memory.watched(changed, cache.baseline is not None) if memory else None
        trusted = watched is not None  # only our builds wrote the output since the last one (serve)
        previous = cache.unchanged_inputs(options.inputs(), options)  # unchanged inputs?
        # Only content files changed? (the command line; serve keeps its graph, a comparison reads every item)
        edited = cache.edited_inputs() if previous is None and memory is None and reference is None else None
    if previous is not None:
        return report.repeat(previous)
    if edited is not None and _build_edited(*edited, content_dir, out_dir, theme_dir, options, cache, report, timed):
        return report
    with timed("load"):
        content = _load(content_dir, options, cache, watched, report)  # parsed already?
    with timed("link"):
        site, edited = _link(content, cache, memory, options)
        if search_index:  # a graph serve kept comes with its shards: the same pages, the same dates
            reused = memory is not None and site is memory.site
            report.shards = memory.shards if reused else search.plan_shards(pages.search_pages(site), shard_pages)
    changes = None
    if reference is not None:
        with timed("compare"):
            changes = review.review(reference, content_dir, content, theme_dir, drafts=drafts)
    written_first: list[str] = []

    def write_first(files: dict[str, bytes]) -> None:
        written_first.extend(output.write_changed(files, out_dir))
        if written_first and on_first is not None:
            on_first(list(written_first))

    with timed("render"):
        rendered = render_site(site, content, theme_dir, search_enabled=search_index, cache=cache,  # page current?
                               trusted=trusted, edited=edited, progress=progress, deploy=deploy, review=changes,
                               editor=editor,
                               search_shards=tuple(urls.search_bundle_url(f"{s.name}/") for s in report.shards),
                               first=first, early=write_first if memory is not None else None,
                               stage_dir=output.prestage(out_dir) if memory is None else None)
    written = _write(rendered.files, out_dir, memory, search_index, site.config.language, report, timed, cache,
                     written_first)
    with timed("cache"):
        cache.record(Completed(options, report.outcome(), rendered, written, trusted=trusted, shards=report.shards))
        if memory is not None:
            memory.keep(site, rendered.files, report.shards)
    return report


def _build_edited(changed: list[str], last: Outcome, content_dir: Path, out_dir: Path, theme_dir: Path,
                  options: Options, cache: BuildCache, report: BuildReport, timed) -> bool:
    """Build after edits of content files (``changed``, since the build that ended with ``last``) whose items'
    listings stayed as they were: parse those files alone and remake their own pages from the views the
    cache kept (what each page read of the site graph, the same while the listings are), without loading
    the rest of the content or linking the site. False, having changed nothing, when anything else
    changed or an edit may reach other pages: the caller then builds the whole site."""
    jobs = [content_job(content_dir, path) for path in changed]
    if not jobs or None in jobs:
        return False
    with timed("load"):
        edited = cache.load_edited(jobs)  # type: ignore[arg-type]
        if edited is None or has_errors(edited.problems_now) or _reported_across_files(last.warnings, edited):
            return False  # an error is reported, with every other problem, by a whole build
        baseline = edited.edits.baseline
        own = own_page_edits(baseline.config, edited.edits, options, pages.projections())
        if own is None or own.aggregates or not cache.output_as_recorded():  # (37,000 stats at 10,000: last)
            return False
    with timed("render"):
        routes = own_routes_from_views(own.items, cache)
        if routes is None:
            return False
        cache.take_edit(edited)  # the items' keys now hash their new files; no falling back from here
        files, keys = render_own_pages(routes, theme_dir, cache, baseline)
    report.parsed, report.shards = cache.parsed_files, baseline.shards
    report.warnings = _warnings(last.warnings, edited)
    written = _write(files, out_dir, None, options.search, baseline.config.language, report, timed, cache, [],
                     complete=False)
    report.pages, report.unchanged = last.pages, last.files - report.written
    with timed("cache"):
        index = search.SEARCH_DIR if options.search and written else None  # replaced when a page was written
        cache.record_edit(edited, keys, written, report.outcome(), index=index)
    return True


def _reported_across_files(warnings: tuple[Problem, ...], edited: EditedFiles) -> bool:
    """Did the last build report a problem on an edited file besides the file's own (a check across files,
    which an edit build does not make again)?"""
    paths = set(edited.parsed)
    return bool(Counter(w for w in warnings if w.path in paths) - Counter(edited.problems_then))


def _warnings(last: tuple[Problem, ...], edited: EditedFiles) -> list[Problem]:
    """The last build's warnings, with the edited files' own problems as they are now (all warnings)."""
    kept = Counter(last) - Counter(edited.problems_then)
    return sorted([*kept.elements(), *edited.problems_now])


def _load(content_dir: Path, options: Options, cache: BuildCache, watched: set[str] | None,
          report: BuildReport) -> Content:
    """Load and validate all content (unchanged files come from the cache); raise on any error."""
    content, problems = load_content(content_dir, drafts=options.drafts,
                                     loader=partial(cache.load_files, watched=watched))
    report.parsed = cache.parsed_files
    report.warnings = [p for p in problems if not p.is_error]
    if has_errors(problems):
        cache.save()  # what was parsed is not parsed again once the error is fixed
        raise ContentError(problems)
    if options.base_url:
        content = dataclasses.replace(content, config=dataclasses.replace(content.config, base_url=options.base_url))
    return content


def _link(content: Content, cache: BuildCache, memory: Memory | None, options: Options):
    """The site graph, and the items whose own page alone changed since the last build (None: any page may have).

    When no edit changed what other pages see of an item (its listing, or a record an aggregate
    page reads), every other page is as the last build left it, and so is the graph: ``serve``
    reuses the graph it kept.
    """
    projections = pages.projections()
    edited = own_page_edits(content.config, cache.edits(), options, projections)
    if edited is not None and not edited.aggregates and memory is not None and memory.site is not None:
        return memory.site, edited  # the kept graph's records are those of this content
    return link(content, projections), edited


def _write(files: dict[str, bytes], out_dir: Path, memory: Memory | None, search_index: bool, language: str,
           report: BuildReport, timed, cache: BuildCache, written_first: list[str], *, complete: bool = True
           ) -> list[str]:
    """Write the changed files: in place under ``serve`` (``written_first`` were written already, before the
    others), else as one transaction with the search index. ``complete``: ``files`` holds every file of the
    site, and the others are removed; else only files to write, and none is removed."""
    if memory is not None:
        with timed("write"):
            written = output.update(files, out_dir, present=memory.output if memory.trusted else None)
        written.written = sorted({*written.written, *written_first})
        written.unchanged = [path for path in written.unchanged if path not in written.written]
        report.count(files, written)
        return written.written
    with timed("write"):
        staging = output.stage(files, out_dir, complete=complete)
    report.count(files, staging.report)
    _release(files)
    try:
        with timed("apply"):
            output.apply(staging)
        if search_index:
            with timed("index"):
                report.indexed = _index(staging, language, report)
        else:
            output.replace_folder(staging, search.SEARCH_DIR, None)
        output.commit(staging)
    except BaseException:
        output.discard(staging)
        cache.forget_inputs()
        raise
    return staging.report.written


def _release(files: dict[str, bytes]) -> None:
    """Drop the bytes of the files now staged on disk, and give their memory back to the system: Pagefind
    runs next, beside this process (the pages of 10,000 actions are 343 MB)."""
    files.update(dict.fromkeys(files, output.PREVIOUS))
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed memory for later allocations otherwise
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused, not returned


def _index(staging: output.Staging, language: str, report: BuildReport) -> int:
    """Index the site now in place, shard by shard; a shard none of whose pages changed is kept as it was."""
    previous = staging.out_dir / search.SEARCH_DIR
    stale = search.stale_shards(report.shards, report.rewritten)
    if not stale and sorted(p.name for p in previous.glob("*")) == sorted(s.name for s in report.shards):
        reusable = search.read_shards(previous, report.shards, language=language)
        if reusable:
            return reusable.pages
    folder = staging.scratch(search.SEARCH_DIR)
    index = search.build_shards(staging.out_dir, report.shards, folder, language=language, previous=previous,
                                stale=stale)
    output.replace_folder(staging, search.SEARCH_DIR, folder)
    return index.pages


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


__all__ = ["BuildReport", "Rendered", "build"]
