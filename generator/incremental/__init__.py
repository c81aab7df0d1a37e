"""Everything that makes a rebuild cheap, behind one seam.

A build asks it three questions — unchanged inputs? (:meth:`BuildCache.unchanged_inputs`),
parsed already? (:meth:`BuildCache.load_files`), page current? (:meth:`BuildCache.unchanged_page`,
and :func:`own_page_edits` for the pages an edit cannot reach) — and tells it the result once,
at the end (:meth:`BuildCache.record`). ``serve`` keeps a :class:`Memory` of its own builds.
When only content files changed since the last build and their edits reach their own pages
alone, the command line asks nothing else: it parses those files, remakes their pages from the
views the cache kept (:meth:`BuildCache.load_edited`) and tells it so (:meth:`BuildCache.record_edit`).
"""

from .cache import Baseline, BuildCache, EditedFiles, Edits, hash_bytes, pickle_view
from .edits import Item, OwnEdits, own_page_edits
from .records import Completed, Memory, Options, Outcome, Rendered, ViewRef

__all__ = ["Baseline", "BuildCache", "Completed", "EditedFiles", "Edits", "Item", "Memory", "Options", "Outcome",
           "Rendered", "ViewRef", "hash_bytes", "OwnEdits", "own_page_edits", "pickle_view"]
