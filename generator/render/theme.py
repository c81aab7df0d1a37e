"""The render stage: routes to bytes, through the theme's Jinja2 templates.

A page's bytes depend only on its route's context, the layout shared by all
pages and the templates — nothing global, no clock — so the same input always
gives the same output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import urls
from ..deploy import PRODUCTION, Deploy
from ..errors import BuildError
from ..french import format_date, format_number, plural
from ..pages.route import Route, menu_pages
from ..pages.views import Card, Link
from ..site.link import Site


@dataclass(frozen=True)
class Layout:
    """What every page shows around its own content: site name, menu, assets."""

    site_title: str
    site_description: str
    base_url: str
    language: str
    menu: tuple[Link, ...]
    assets: dict[str, str]  # theme static file name -> fingerprinted URL
    home_url: str
    centres_url: str
    feed_url: str
    search_url: str
    search_enabled: bool
    data_url: str = ""  # open data, linked from every page's footer
    preview: str = ""  # a deploy preview's banner (« Prévisualisation de la demande de modification n° 12 »)
    changes_url: str = ""  # « Ce qui change », linked from the banner


@dataclass(frozen=True)
class Asset:
    """A theme static file copied to the output under a content-hashed name."""

    name: str  # "style.css"
    url: str  # "/assets/style.3f2a9c1e.css"
    data: bytes


def check_theme(theme_dir: Path) -> Path:
    """The theme's templates folder; BuildError when there is none."""
    templates = theme_dir / "templates"
    if not templates.is_dir():
        raise BuildError(f"{templates}: theme templates folder not found (expected themes/<name>/templates/)")
    return templates


def theme_assets(theme_dir: Path) -> list[Asset]:
    """Fingerprint every file of ``<theme>/static`` so browsers can cache them forever."""
    static = theme_dir / "static"
    assets = []
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        data = path.read_bytes()
        relative = path.relative_to(static).as_posix()
        stem, dot, suffix = relative.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"
        assets.append(Asset(relative, urls.asset_url(hashed), data))
    return assets


def make_layout(site: Site, assets: list[Asset], *, search_enabled: bool, deploy: Deploy = PRODUCTION) -> Layout:
    """What every page shows around its content: the menu (site sections, then pages that asked for a place)."""
    config = site.config
    menu = (
        Link("Initiatives", urls.home_url()),
        Link("Répertoire", urls.centres_url()),
        Link("Observatoire", urls.observatory_url()),
        *(Link(t.title, urls.taxonomy_url(t.prefix)) for t in config.taxonomies),
        *menu_pages(site.pages),
    )
    return Layout(
        site_title=config.title,
        site_description=config.description,
        base_url=config.base_url.rstrip("/"),
        language=config.language,
        menu=menu,
        assets={a.name: a.url for a in assets},
        home_url=urls.home_url(),
        centres_url=urls.centres_url(),
        feed_url=urls.feed_url(urls.home_url()),
        data_url=urls.open_data_url(),
        search_url=urls.search_url(),
        search_enabled=search_enabled,
        preview=deploy.banner(),
        changes_url=urls.changes_url() if deploy.preview else "",
    )


class Renderer:
    """Renders routes with the theme's templates (autoescaped, undefined names fail)."""

    def __init__(self, theme_dir: Path, layout: Layout):
        templates = check_theme(theme_dir)
        self.layout = layout
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one Renderer per build: templates do not change while it renders
        )
        self.env.filters.update(
            date_fr=format_date,
            iso_date=lambda d: d.isoformat() if d else "",
            number=format_number,
            plural=plural,
            absolute=lambda url: urls.absolute_url(layout.base_url, url),
        )
        self.env.globals["asset"] = self._asset
        self.env.globals["card_html"] = self._card_html
        self._cards: dict[tuple[Card, int], Markup] = {}

    def _asset(self, name: str) -> str:
        try:
            return self.layout.assets[name]
        except KeyError:
            raise BuildError(f"theme asset '{name}' not found in static/") from None

    def _card_html(self, card: Card, level: int) -> Markup:
        """An action's card (``partials/card.html``), rendered once and reused on every listing that shows it."""
        key = (card, level)
        html = self._cards.get(key)
        if html is None:
            html = self._cards[key] = Markup(self.env.get_template("partials/card.html").render(card=card, level=level))
        return html

    def render(self, route: Route) -> bytes:
        """The bytes of one page."""
        try:
            template = self.env.get_template(route.template)
            html = template.render(route.context, layout=self.layout, url=route.url,
                                   canonical=urls.absolute_url(self.layout.base_url, route.url))
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{exc.filename}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise BuildError(f"{route.template}: {exc.message} (while rendering {route.url})") from None
        return html.encode("utf-8")

