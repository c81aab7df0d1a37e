"""Render the whole site: every route to bytes, over every core, asking the cache which pages are current."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, Collection

from .. import output, pages
from ..content.load import Content
from ..deploy import PRODUCTION, Deploy
from ..editor import Editor
from ..errors import BuildError
from ..incremental import Baseline, BuildCache, Item, OwnEdits, Rendered, ViewRef, hash_bytes, pickle_view
from ..incremental.signatures import output_signature
from ..pages import Review, Route, own_route, own_route_at, plan
from ..parallel import parallel_map
from ..progress import Progress, Silent
from ..site.link import Site
from ..urls import output_path
from .theme import Asset, Layout, Renderer, make_layout, theme_assets


def render_site(site: Site, content: Content, theme_dir: Path, *, search_enabled: bool,
                cache: BuildCache | None = None, trusted: bool = False, edited: OwnEdits | None = None,
                progress: Progress | None = None, deploy: Deploy = PRODUCTION,
                review: Review | None = None, editor: Editor | None = None,
                search_shards: tuple[str, ...] = (), first: Collection[str] = (),
                early: Callable[[dict[str, bytes]], None] | None = None, stage_dir: Path | None = None) -> Rendered:
    """Every output file of the site (``output.PREVIOUS`` where the cache vouches for the file) and each page's key.

    ``edited``: the items whose listings did not change since the cache's last complete build;
    when the layout and templates did not change either, only their own pages and the pages of
    the aggregates whose records they changed are rendered.
    ``trusted``: nothing but our builds wrote the output folder since that build (``serve``).
    ``editor``: the web editor's files and settings, for /admin/ (None: the site has none).
    ``search_shards``: the URLs of the search index's shards, for the search page.
    ``first`` and ``early`` (``serve``): the pages of ``first`` (output paths: those open in a tab) are
    rendered before any other and handed to ``early``, so that they reach the tab before the rest is
    decided; every page is the same as if rendered in turn.
    ``stage_dir`` (a new site, from ``output.prestage``): each page is written there by the worker that
    renders it, and stands as ``output.STAGED`` in the files; the pages' bytes never travel back.
    """
    assets = theme_assets(theme_dir)
    layout = make_layout(site, assets, search_enabled=search_enabled, deploy=deploy)
    renderer = Renderer(theme_dir, layout)
    templates = _templates_digest(theme_dir) if cache else b""
    if cache is not None and edited is not None and review is None:  # « Ce qui change » reads every item
        found = _render_edited(site, edited, renderer, templates, cache, trusted)
        if found is not None:  # the edited items' listings are as they were: so are their views
            files, keys = found
            return Rendered(_with_assets(files, assets, editor), keys, site.config, layout, templates,
                            _aggregates(site))
    page_key = cache.page_keyer(templates, layout) if cache is not None else None
    views = cache.view_writer() if cache is not None else None

    def key_of(route) -> tuple[bytes | None, bytes | None]:
        return _keyed(page_key, route) if page_key else (None, None)

    # The pages open in a tab first; an item's own page even before the site is planned.
    wanted_first = set(first) if early is not None else set()
    made_first = _made(((path, own_route_at(site, content, path)) for path in sorted(wanted_first)), key_of,
                       renderer, early)  # output path -> (key, view, bytes)
    routes = plan(site, content, review, editor, search_shards)
    paths = [output_path(route.url) for route in routes]
    if len(set(paths)) != len(paths):
        url = next(r.url for r, p in zip(routes, paths) if paths.count(p) > 1)
        raise BuildError(f"two pages want the same URL {url}; rename one of the files")

    made_first.update(_made(((path, route) for route, path in zip(routes, paths)
                             if path in wanted_first and path not in made_first), key_of, renderer, early))

    def render(index: int) -> tuple[bytes | None, bytes | None, ViewRef | None]:
        """The page's key, its bytes (None when the key and the file are those of the last build) and where
        its view is kept (an own page's, for a cache on disk)."""
        route = routes[index]
        key, view, data = made_first.get(paths[index]) or (*key_of(route), None)
        kept = views.put(view) if views is not None and view is not None else None
        if cache is not None and cache.unchanged_page(paths[index], key, trusted=trusted):
            return key, None, kept
        data = data if data is not None else renderer.render(route)
        return key, data if stage_dir is None else output.write_staged(stage_dir, paths[index], data), kept

    # Pages are independent: key and render them over every core (forked workers inherit the site).
    progress = progress or Silent()
    progress.start("render", total=len(routes))
    try:
        rendered = parallel_map(render, range(len(routes)), on_progress=progress.advance)
    finally:
        if views is not None:
            views.close()
    files = {path: output.PREVIOUS if data is None else data for path, (_, data, _) in zip(paths, rendered)}
    keys = {path: key for path, (key, _, _) in zip(paths, rendered)}
    kept = {path: where for path, (_, _, where) in zip(paths, rendered) if where is not None}
    return Rendered(_with_assets(files, assets, editor), keys, site.config, layout, templates, _aggregates(site),
                    kept)


def own_routes_from_views(items: Collection[Item], cache: BuildCache) -> dict[str, Route] | None:
    """The own pages of ``items`` (output path -> route) made from the views the cache kept, without the site
    graph: the edits left each item's listing, hence the graph, as the last complete build saw them. None
    when a page has no record or no view."""
    routes = {}
    for item in items:
        path = pages.own_page_path(item)
        record = cache.page_record(path)
        view = cache.view(record[2]) if record is not None and record[2] is not None else None
        route = pages.own_route_from(None if view is None else pickle.loads(view), item)
        if record is None or route is None or output_path(route.url) != path:
            return None
        routes[path] = route
    return routes


def render_own_pages(routes: dict[str, Route], theme_dir: Path, cache: BuildCache, baseline: Baseline
                     ) -> tuple[dict[str, bytes], dict[str, bytes | None]]:
    """The pages of ``routes`` (from :func:`own_routes_from_views`) with the layout and templates of the last
    complete build (``baseline``), whose inputs did not change: their files (``output.PREVIOUS`` where
    unchanged) and keys."""
    renderer = Renderer(theme_dir, baseline.layout)
    page_key = cache.page_keyer(baseline.templates, baseline.layout)
    made = {path: _made_again(route, path, page_key, renderer, cache, trusted=True) for path, route in routes.items()}
    return {path: data for path, (_, data) in made.items()}, {path: key for path, (key, _) in made.items()}


def _made_again(route: Route, path: str, page_key: Callable[..., bytes | None], renderer: Renderer,
                cache: BuildCache, *, trusted: bool) -> tuple[bytes | None, bytes]:
    """A page of the last build keyed again, and rendered only when its key or its file changed since."""
    key = _keyed(page_key, route)[0]
    return key, output.PREVIOUS if cache.unchanged_page(path, key, trusted=trusted) else renderer.render(route)


def _made(routes, key_of, renderer: Renderer, early) -> dict[str, tuple[bytes | None, bytes | None, bytes]]:
    """Key and render the (output path, route) pairs of ``routes`` (a None route is skipped), hand them to
    ``early``; their keys, views and bytes."""
    made = {path: (*key_of(route), renderer.render(route)) for path, route in routes if route is not None}
    if made:
        early({path: data for path, (_, _, data) in made.items()})
    return made


def _keyed(page_key: Callable[..., bytes | None], route: Route) -> tuple[bytes | None, bytes | None]:
    """A page's key, and its view pickled when it is an item's own page (None for other pages). An own
    page's key hashes what its context is made from — how (``route.make``, with the item) and its view —
    rather than the context itself: the same dependencies, hashed for less."""
    if route.reads is None:
        return page_key(route.context, route.url, route.template), None
    view = pickle_view(route.view)
    return page_key({}, route.url, route.template, route.make, view), view


def _aggregates(site: Site) -> dict[str, tuple[str, ...]]:
    """The paths of each aggregate page kind's pages (its routes are planned, not rendered: cheap)."""
    return {aggregate.reads.name: tuple(output_path(r.url) for r in aggregate.routes(site))
            for aggregate in pages.AGGREGATES}


def _render_edited(site: Site, edited: OwnEdits, renderer: Renderer, templates: bytes, cache: BuildCache,
                   trusted: bool) -> tuple[dict[str, bytes], dict[str, bytes | None]] | None:
    """The pages of the last build, with the own pages of ``edited`` and the pages of the aggregates whose
    records they changed rendered again; None when it cannot vouch (then every page is keyed)."""
    edits, layout = cache.edits(), renderer.layout
    baseline = edits.baseline if edits else None
    if baseline is None or baseline.layout != layout or baseline.templates != templates:
        return None
    previous = cache.page_records()
    out_dir = str(cache.out_dir) + os.sep
    if len(previous) != baseline.pages or any(signature is None or not trusted and signature != output_signature(
            out_dir + path) for path, (_, signature, _) in previous.items()):
        return None  # a page had no key, or an output file was changed or removed since
    files: dict[str, bytes] = dict.fromkeys(previous, output.PREVIOUS)
    keys: dict[str, bytes | None] = {path: key for path, (key, _, _) in previous.items()}
    page_key = cache.page_keyer(templates, layout)
    routes = [own_route(site, item) for item in edited.items]
    for aggregate in pages.AGGREGATES:
        if aggregate.reads.name in edited.aggregates:
            made = aggregate.routes(site)
            if tuple(output_path(r.url) for r in made) != baseline.aggregates.get(aggregate.reads.name):
                return None  # the aggregate's pages are not those of the last build: key every page
            routes += made
    for route in routes:
        path = output_path(route.url)
        if path not in files:
            return None
        keys[path], files[path] = _made_again(route, path, page_key, renderer, cache, trusted=trusted)
    return files, keys


def _with_assets(files: dict[str, bytes], assets: list[Asset], editor: Editor | None) -> dict[str, bytes]:
    """The pages, the theme's fingerprinted files and the web editor's own files (Decap's scripts)."""
    for asset in assets:
        files[output_path(asset.url)] = asset.data
    if editor is not None:
        files.update(editor.bundle.files())
    return files


def _templates_digest(theme_dir: Path) -> bytes:
    """A hash of every template of the theme: editing one invalidates every page key."""
    templates = theme_dir / "templates"
    return hash_bytes(b"".join(p.relative_to(templates).as_posix().encode() + b"\0" + p.read_bytes() + b"\0"
                               for p in sorted(templates.rglob("*")) if p.is_file()))


__all__ = ["Layout", "render_site"]
