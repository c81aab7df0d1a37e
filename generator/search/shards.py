"""The search index in shards: bounded Pagefind bundles that the search page merges.

Pagefind holds a whole index in memory while it builds it (about 350 kB a page: 4 GB at
10,000 actions) and has no incremental indexing. So the indexed pages are split into shards,
each a Pagefind bundle of its own in ``/pagefind/<name>/``, indexed one at a time; the search
page loads the first and merges the others (Pagefind's ``mergeIndex``).

The partition is a pure function of the indexed pages and their dates, so an incremental build
and a cold one make the same shards:

* Pages are taken newest first (date, then path): each shard is a range of dates, and a search
  sorted by date is the shards' results one after the other (the search page relies on it).
* A shard ends where a page's path hashes to a boundary (content-defined chunking, as rsync
  does), once it holds ``size // 2`` pages, and at ``size`` pages at most: Pagefind's memory is
  bounded by it. Adding or removing a page moves at most the boundaries around it: the other
  shards keep their members.
* A shard's name is a digest of its members' paths: same members, same name, and the index
  written for them can be kept as long as none of them was rewritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

# Pages of a shard at most, for the site readers get: Pagefind needs about 330 kB a page while it
# indexes (1.3 GB for 4,000), and each shard costs a reader's first query about 40 kB (its word index
# chunk and metadata): see docs/performance.md.
SHARD_PAGES = 4000
SERVE_SHARD_PAGES = 400  # under `serve`: an edit re-indexes its shard in about a second at any size


@dataclass(frozen=True)
class Shard:
    name: str  # its folder in /pagefind/
    paths: tuple[str, ...]  # its pages, as output paths (``actions/x/index.html``), newest first


def plan_shards(pages: Iterable[tuple[str, str]], size: int = SHARD_PAGES) -> tuple[Shard, ...]:
    """Split ``pages`` — (output path, ISO date or any string sorting like one) — into shards of at most
    ``size`` pages, newest first."""
    if size < 2:
        raise ValueError(f"a shard holds at least 2 pages, not {size}")
    ordered = sorted(pages, key=lambda page: page[0])  # ties of date by path, then newest first (stable)
    ordered.sort(key=lambda page: page[1], reverse=True)
    # One page in size/6 ends a shard: past its first half, a shard reaches the bound one time in twenty
    # (e^-3), where a boundary is forced and an edit can move the next ones too. About 2/3 size on average.
    least, most, span = size // 2, size, max(1, size // 6)
    shards: list[Shard] = []
    members: list[str] = []
    for path, _date in ordered:
        members.append(path)
        if len(members) >= most or (len(members) >= least and _boundary(path, span)):
            shards.append(_shard(members))
            members = []
    if members:
        shards.append(_shard(members))
    return tuple(shards)


def stale_shards(shards: Sequence[Shard], rewritten: Iterable[str]) -> set[str]:
    """The names of the shards holding a page of ``rewritten`` (pages written or removed since they were indexed)."""
    changed = set(rewritten)
    return {shard.name for shard in shards if not changed.isdisjoint(shard.paths)}


def _boundary(path: str, span: int) -> bool:
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % span == 0


def _shard(paths: list[str]) -> Shard:
    digest = hashlib.blake2b("\n".join(paths).encode("utf-8"), digest_size=6).hexdigest()
    return Shard(name=digest, paths=tuple(paths))
