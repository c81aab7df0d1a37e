"""Page keys: a hash of everything a page's bytes depend on, however it is taken."""

from __future__ import annotations

from pathlib import Path

from generator.cache import BuildCache
from generator.views import Link, Pagination


def _pagination(number: int, pages: tuple[Link, ...]) -> Pagination:
    return Pagination(number=number, count=len(pages), previous_url=None, next_url=None, pages=pages)


def _links(*urls: str) -> tuple[Link, ...]:
    return tuple(Link(str(n), url) for n, url in enumerate(urls, 1))


def test_a_listing_key_depends_on_its_page_links_not_on_which_tuple_holds_them(tmp_path: Path):
    cache = BuildCache(None, tmp_path)
    pages = _links("/", "/page/2/")
    key = cache.page_key({"pagination": _pagination(1, pages)})
    assert cache.page_key({"pagination": _pagination(1, pages)}) == key
    assert cache.page_key({"pagination": _pagination(1, _links("/", "/page/2/"))}) == key
    assert cache.page_key({"pagination": _pagination(2, pages)}) != key
    assert cache.page_key({"pagination": _pagination(1, _links("/", "/page/3/"))}) != key
    assert cache.page_key({"pagination": _pagination(1, _links("/", "/page/2/", "/page/3/"))}) != key
    assert cache.page_key({"pagination": _pagination(1, pages)}) == key  # after other listings were hashed


def test_shared_parts_hashed_once_give_keys_that_depend_on_them(tmp_path: Path):
    cache = BuildCache(None, tmp_path)
    context = {"title": "Accueil"}
    key = cache.page_keyer(b"templates", "layout")(context, "/", "home.html")
    assert cache.page_keyer(b"templates", "layout")(context, "/", "home.html") == key
    assert cache.page_keyer(b"templates", "other layout")(context, "/", "home.html") != key
    assert cache.page_keyer(b"other templates", "layout")(context, "/", "home.html") != key
    assert cache.page_keyer(b"templates", "layout")(context, "/page/2/", "home.html") != key
    assert cache.page_keyer(b"templates", lambda: None)(context, "/", "home.html") is None  # cannot be hashed
