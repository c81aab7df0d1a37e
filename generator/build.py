"""The orchestrator: load, link, render, write, index — one line per stage.

Everything is read and validated before a single file is written; the new
site is staged and swapped into place only when complete.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import output, search
from .content import load_content
from .errors import BuildError, ContentError, Problem, has_errors
from .render import Renderer, make_layout, theme_assets
from .routes import plan
from .site import link
from .urls import output_path


@dataclass
class BuildReport:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    indexed: int | None = None  # pages in the search index; None without search
    warnings: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        timings = ", ".join(f"{stage} {s:.2f}s" for stage, s in self.seconds.items())
        searched = f", {self.indexed} indexed" if self.indexed is not None else ", search skipped"
        return (f"{self.pages} pages: {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed{searched} ({timings})")


def build(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None = None,
          drafts: bool = False, search_index: bool = True) -> BuildReport:
    """Build the whole site into ``out_dir``; raise ContentError or BuildError, leaving it untouched."""
    report = BuildReport()
    timed = _stage_timer(report)

    with timed("load"):
        content, problems = load_content(content_dir, drafts=drafts)
        report.warnings = [p for p in problems if not p.is_error]
        if has_errors(problems):
            raise ContentError(problems)
        if base_url:
            content = dataclasses.replace(content, config=dataclasses.replace(content.config, base_url=base_url))
    with timed("link"):
        site = link(content)
    with timed("render"):
        files = render_site(site, theme_dir, search_enabled=search_index)
    with timed("write"):
        staging = output.stage(files, out_dir)
    try:
        if search_index:
            with timed("index"):
                report.indexed = search.build_index(staging.path, language=site.config.language).pages
        output.commit(staging)
    except BaseException:
        output.discard(staging)
        raise

    report.pages = sum(1 for path in files if path.endswith(".html"))
    report.written = len(staging.report.written)
    report.unchanged = len(staging.report.unchanged)
    report.removed = len(staging.report.removed)
    return report


def render_site(site, theme_dir: Path, *, search_enabled: bool) -> dict[str, bytes]:
    """Every output file of the site: relative path -> bytes."""
    assets = theme_assets(theme_dir)
    renderer = Renderer(theme_dir, make_layout(site, site.config, assets, search_enabled=search_enabled))
    files: dict[str, bytes] = {}
    for route in plan(site):
        path = output_path(route.url)
        if path in files:
            raise BuildError(f"two pages want the same URL {route.url}; rename one of the files")
        files[path] = renderer.render(route)
    for asset in assets:
        files[output_path(asset.url)] = asset.data
    return files


def build_command(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None,
                  drafts: bool, search: bool) -> int:
    """`initiatives build`: build, print warnings and a one-line summary."""
    report = build(content_dir, out_dir, theme_dir, base_url=base_url, drafts=drafts, search_index=search)
    for warning in report.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"Built the site in {out_dir}/: {report.summary()}")
    return 0


def _stage_timer(report: BuildReport) -> Callable[[str], contextmanager]:
    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            report.seconds[stage] = time.perf_counter() - start

    return timed
