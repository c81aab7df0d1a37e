"""The index stage: build the Pagefind search index of a built site folder.

Reads only the output folder (what readers get), through the ``pagefind``
Python API and the binary shipped by ``pagefind-bin``. Which parts of a page
are indexed, and with which filters, is declared in the templates with
``data-pagefind-*`` attributes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

SEARCH_DIR = "pagefind"


@dataclass(frozen=True)
class IndexReport:
    pages: int


def build_index(site_dir: Path, *, language: str = "fr") -> IndexReport:
    """Index the HTML files of ``site_dir`` into ``site_dir/pagefind/``."""
    try:
        return asyncio.run(_build_index(site_dir, language))
    except BuildError:
        raise
    except FileNotFoundError as exc:
        raise BuildError(f"search index: Pagefind binary not found ({exc}); "
                         "reinstall with `pip install 'pagefind[bin]'` or build with --no-search") from None
    except Exception as exc:  # the Pagefind service reports failures as plain exceptions
        raise BuildError(f"search index: Pagefind failed on {site_dir}: {exc}") from None


async def _build_index(site_dir: Path, language: str) -> IndexReport:
    from pagefind.index import PagefindIndex
    from pagefind.service import get_executable

    if get_executable() is None:
        raise BuildError("search index: Pagefind binary not found; "
                         "reinstall with `pip install 'pagefind[bin]'` or build with --no-search")
    config = {"force_language": language, "write_playground": False}
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
        if result.get("errors"):
            raise BuildError(f"search index: {result['errors']}")
        await index.write_files(output_path=str(site_dir / SEARCH_DIR))
    return IndexReport(pages=int(result.get("page_count", 0)))
