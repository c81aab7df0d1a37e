"""Page keys: a hash of everything a page's bytes depend on, however it is taken."""

from __future__ import annotations

from pathlib import Path

from generator.incremental.cache import BuildCache
from generator.pages.views import PageLink, Pagination


def _pagination(number: int, *urls: str) -> Pagination:
    pages = tuple(PageLink(str(n), url, n == number) for n, url in enumerate(urls, 1))
    return Pagination(number=number, count=len(pages), previous_url=None, next_url=None, pages=pages)


def test_a_listing_key_depends_on_its_page_links(tmp_path: Path):
    cache = BuildCache(None, tmp_path)
    key = cache.page_key({"pagination": _pagination(1, "/", "/page/2/")})
    assert cache.page_key({"pagination": _pagination(1, "/", "/page/2/")}) == key
    assert cache.page_key({"pagination": _pagination(2, "/", "/page/2/")}) != key
    assert cache.page_key({"pagination": _pagination(1, "/", "/page/3/")}) != key
    assert cache.page_key({"pagination": _pagination(1, "/", "/page/2/", "/page/3/")}) != key


def test_shared_parts_hashed_once_give_keys_that_depend_on_them(tmp_path: Path):
    cache = BuildCache(None, tmp_path)
    context = {"title": "Accueil"}
    key = cache.page_keyer(b"templates", "layout")(context, "/", "home.html")
    assert cache.page_keyer(b"templates", "layout")(context, "/", "home.html") == key
    assert cache.page_keyer(b"templates", "other layout")(context, "/", "home.html") != key
    assert cache.page_keyer(b"other templates", "layout")(context, "/", "home.html") != key
    assert cache.page_keyer(b"templates", "layout")(context, "/page/2/", "home.html") != key
    assert cache.page_keyer(b"templates", lambda: None)(context, "/", "home.html") is None  # cannot be hashed
