"""Everything that makes a rebuild cheap, behind one seam.

A build asks it three questions — unchanged inputs? (:meth:`BuildCache.unchanged_inputs`),
parsed already? (:meth:`BuildCache.load_files`), page current? (:meth:`BuildCache.unchanged_page`,
and :func:`own_page_edits` for the pages an edit cannot reach) — and tells it the result once,
at the end (:meth:`BuildCache.record`). ``serve`` keeps a :class:`Memory` of its own builds.
"""

from .cache import BuildCache, Edits, hash_bytes
from .edits import Item, OwnEdits, own_page_edits
from .records import Completed, Memory, Options, Outcome, Rendered

__all__ = ["BuildCache", "Completed", "Edits", "Item", "Memory", "Options", "Outcome", "Rendered", "hash_bytes",
           "OwnEdits", "own_page_edits"]
