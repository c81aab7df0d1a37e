"""Spread pure, independent work (parsing files, rendering pages) over the machine's cores.

Workers are forked, so they inherit the work list and the site graph instead of
receiving them through a pipe: only chunk bounds go out, only results come back,
in the order of the input. Where ``fork`` is not available (Windows), when
other threads run (``serve``) or when the work is small, everything runs in
this process: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The function and items of the current parallel_map, inherited by forked workers.
_WORK: tuple[Callable, Sequence] | None = None
CHUNKS_PER_CORE = 4


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], *, minimum: int = 200,
                 on_progress: Callable[[int], None] | None = None) -> list[Result]:
    """``[function(item) for item in items]``, over every core when there are at least ``minimum`` items.

    ``on_progress(count)`` is called as items are done, for a progress bar.
    """
    report = on_progress or (lambda count: None)
    workers = min(cores(), len(items) // max(1, minimum // 2) or 1)
    # Forking a process that runs other threads (the dev server's) could copy a lock another thread holds.
    if (workers < 2 or len(items) < minimum or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        results = []
        for item in items:
            results.append(function(item))
            report(1)
        return results
    global _WORK
    size = -(-len(items) // (workers * CHUNKS_PER_CORE))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = []
            for (start, stop), part in zip(bounds, pool.imap(_run_chunk, bounds, chunksize=1)):
                parts.append(part)
                report(stop - start)
    finally:
        _WORK = None
    return [result for part in parts for result in part]


def _run_chunk(bounds: tuple[int, int]) -> list:
    assert _WORK is not None, "parallel_map workers must be forked"
    function, items = _WORK
    return [function(items[index]) for index in range(*bounds)]
