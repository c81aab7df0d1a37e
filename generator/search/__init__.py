"""The search index (Pagefind), built from the output folder only, in shards the search page merges."""

from .index import ENTRY_FILE, NO_SEARCH_HINT, SEARCH_DIR, IndexReport, build_index, build_shards, read_shards
from .shards import SERVE_SHARD_PAGES, SHARD_PAGES, Shard, plan_shards, stale_shards

__all__ = ["ENTRY_FILE", "NO_SEARCH_HINT", "SEARCH_DIR", "SERVE_SHARD_PAGES", "SHARD_PAGES", "IndexReport", "Shard",
           "build_index", "build_shards", "plan_shards", "read_shards", "stale_shards"]
