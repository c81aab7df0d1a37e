"""The typed records a build and its incremental layer exchange."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Collection

from ..deploy import PRODUCTION, Deploy
from ..errors import Problem

if TYPE_CHECKING:
    from ..content.config import SiteConfig
    from ..site.link import Site


# Where an own page's view is kept: a file of the cache folder, the offset and the length of its bytes.
ViewRef = tuple[str, int, int]


@dataclass(frozen=True)
class Options:
    """What a build was asked for: a build with other options reuses nothing of the last one's decisions."""

    content_dir: str  # absolute
    theme_dir: str  # absolute
    base_url: str | None
    drafts: bool
    search: bool
    deploy: Deploy = PRODUCTION  # a preview's pages carry its marks
    compared_with: str | None = None  # « Ce qui change »: the commit compared with (or why none), None: no page
    editor: object = None  # the web editor (generator.editor.Editor), or None; its ``inputs`` are read too
    shard_pages: int | None = None  # the search index's pages per shard (None: no search)

    def inputs(self) -> list[Path]:
        """The folders a build reads: the content, the theme and, with the web editor, Decap's files."""
        return [Path(self.content_dir), Path(self.theme_dir), *getattr(self.editor, "inputs", ())]


@dataclass(frozen=True)
class Outcome:
    """What a later build that finds nothing changed reports again."""

    warnings: tuple[Problem, ...]
    pages: int
    files: int
    indexed: int | None


@dataclass(frozen=True)
class Rendered:
    """What the render stage made: every output file (``output.PREVIOUS`` where the cache vouched for it),
    the key of each page, and what every page was rendered from besides content."""

    files: dict[str, bytes]
    keys: dict[str, bytes | None]
    config: SiteConfig
    layout: object
    templates: bytes
    aggregates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # projection name -> its pages' paths
    views: dict[str, ViewRef] = field(default_factory=dict)  # own page's path -> where its view is


@dataclass(frozen=True)
class Completed:
    """A build that completed, as the incremental layer is told it once at the end."""

    options: Options
    outcome: Outcome
    rendered: Rendered
    written: Collection[str]  # the files it rewrote
    trusted: bool  # it updated a folder it trusted (serve): files not written keep their signature
    shards: tuple = ()  # its search index's shards (search.Shard); none without search


@dataclass
class Memory:
    """What ``serve`` keeps between its builds, never on disk: the last complete build's graph and output."""

    site: Site | None = None
    output: set[str] | None = None  # the files of the output folder as that build left them
    shards: tuple = ()  # that graph's search index shards (search.Shard), none without search
    trusted: bool = field(default=False, init=False)  # the build under way trusts the watcher's report

    def watched(self, changed: Collection[str | os.PathLike] | None, has_baseline: bool) -> set[str] | None:
        """The only files this build checks: the watcher's report, when the last complete build was ours; else None."""
        self.trusted = changed is not None and has_baseline and self.output is not None
        return {os.path.abspath(path) for path in changed} if self.trusted else None  # type: ignore[union-attr]

    def keep(self, site: Site, files: Collection[str], shards: tuple = ()) -> None:
        self.site, self.output, self.shards = site, set(files), shards

    def forget(self) -> None:
        self.site, self.output, self.shards, self.trusted = None, None, (), False
