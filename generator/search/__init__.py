"""The search index (Pagefind), built from the output folder only."""

from .index import ENTRY_FILE, NO_SEARCH_HINT, SEARCH_DIR, IndexReport, build_index, read_index

__all__ = ["ENTRY_FILE", "NO_SEARCH_HINT", "SEARCH_DIR", "IndexReport", "build_index", "read_index"]
