"""Progress of a long build on stderr: a bar on a terminal, plain lines elsewhere (CI, logs).

Each stage that takes a while ends with a line « render: 3.21s (18387/18387), peak memory 593 MiB »
(the most this process held so far, and the most one of its child processes held, Pagefind or a
render worker, when more); on a terminal a bar shows how far it got meanwhile.
Stdout keeps only the one-line summary, so scripts can read it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
# Stages quicker than this leave no line: a small site builds silently.
LONG_STAGE_SECONDS = 1.0


class Progress:
    """Reports each stage as it starts and ends, and how far a long stage got."""

    def __init__(self, stream: TextIO | None = None, *, interactive: bool | None = None):
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = self.stream.isatty() and not os.environ.get("CI")
        self.interactive = interactive
        self.stage = ""
        self.total = 0
        self.done = 0
        self._drawn = 0.0

    def start(self, stage: str, total: int = 0) -> None:
        self.stage, self.total, self.done = stage, total, 0
        if self.interactive:
            self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.interactive:
            self._draw()

    def end(self, stage: str, seconds: float) -> None:
        if self.interactive:
            self.stream.write("\r\033[K")
        if seconds >= LONG_STAGE_SECONDS:
            done = f" ({self.done}/{self.total})" if self.total else ""
            self.stream.write(f"{stage}: {seconds:.2f}s{done}{_peak_memory()}\n")
        self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        if self.total:
            filled = BAR_WIDTH * min(self.done, self.total) // self.total
            bar = f" [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total}"
        else:
            bar = " …"
        self.stream.write(f"\r\033[K{self.stage}{bar}")
        self.stream.flush()


def _peak_memory() -> str:
    """« , peak memory 593 MiB » (and « , a child process 1,234 MiB » when one held more); nothing where
    the system does not say."""
    try:
        import resource
    except ImportError:
        return ""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kB on Linux
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return f", peak memory {own:,} MiB" + (f", a child process {child:,} MiB" if child > own else "")


class Silent(Progress):
    """No progress at all (library use, tests)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr, interactive=False)

    def start(self, stage: str, total: int = 0) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def end(self, stage: str, seconds: float) -> None:
        pass
