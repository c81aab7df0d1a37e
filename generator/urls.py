"""Slugs, URLs and output paths: the only place that knows where a page goes.

Templates ask for a URL through the context they get; they never build one.
URLs are root-relative (``/actions/mos-art/``) so the site works at a domain
root, on a Netlify deploy preview and from ``build/`` behind a local server.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from slugify import slugify as _slugify

# Characters that separate words in a French label but carry no meaning in a URL.
_SLUG_REPLACEMENTS = [["&", " "], ["’", " "], ["œ", "oe"], ["Œ", "Oe"], ["æ", "ae"]]


@lru_cache(maxsize=1 << 16)  # python-slugify is slow and the same labels recur thousands of times
def slugify(text: str) -> str:
    """Lower-case ASCII slug with accents folded: « Démocratie & citoyenneté » → democratie-citoyennete."""
    return _slugify(text, replacements=_SLUG_REPLACEMENTS)


FILE_SLUG_LENGTH = 80  # a file name made from a title: long enough to read, far below the file systems' 255 bytes


def file_slug(text: str) -> str:
    """The slug of a title as a file name: ``slugify``, cut at a word under FILE_SLUG_LENGTH characters."""
    slug = slugify(text)
    if len(slug) <= FILE_SLUG_LENGTH:
        return slug
    return slug[:FILE_SLUG_LENGTH + 1].rsplit("-", 1)[0] or slug[:FILE_SLUG_LENGTH]


def home_url() -> str:
    return "/"


def observatory_url() -> str:
    return "/observatoire/"


def open_data_url(file: str = "") -> str:
    """« Données ouvertes » (``/donnees/``) and its files (``/donnees/actions.csv``)."""
    return f"/donnees/{file}"


def admin_url(file: str = "") -> str:
    """The web editor (``/admin/``) and its files (``/admin/config.yml``, ``/admin/decap-cms.js``)."""
    return f"/admin/{file}"


def changes_url() -> str:
    """« Ce qui change »: what a pull request changes, on its deploy preview."""
    return "/ce-qui-change/"


def feed_url(page_url: str) -> str:
    """The Atom feed of a listing page: ``/feed.xml`` for the blog, ``/mots-cles/logement/feed.xml``."""
    return f"{page_url}feed.xml"


def action_url(slug: str) -> str:
    return f"/actions/{slug}/"


def centres_url() -> str:
    return "/centres/"


def centre_url(slug: str) -> str:
    return f"/centres/{slug}/"


def department_slug(code: str, name: str) -> str:
    """« 31 », « Haute-Garonne » → ``31-haute-garonne``."""
    return f"{code.lower()}-{slugify(name)}"


def taxonomy_url(prefix: str) -> str:
    return f"/{prefix}/"


def term_url(prefix: str, slug: str) -> str:
    return f"/{prefix}/{slug}/"


def page_url(slug: str) -> str:
    return f"/{slug}/"


def search_url() -> str:
    return "/recherche/"


# The facets of the search page: action field -> Pagefind filter name, which the search page
# shows, capitalised, as the facet's title. In a search URL each facet is a query parameter
# named after the slug of its filter name: /recherche/?q=jardin&departement=Pas-de-Calais.
SEARCH_FILTERS = {
    "department": "département",
    "keywords": "mot-clé",
    "partners": "partenaire",
    "public": "public",
    "status": "statut",
    "dimension": "dimension",
    "territory": "territoire",
    "initiative": "initiative",
}
SEARCH_KIND_FILTER = "type"  # Initiative, Centre or Page


def search_parameter(filter_name: str) -> str:
    """The query parameter of a search filter: « mot-clé » → ``mot-cle``."""
    return slugify(filter_name)


def search_url_for(filter_name: str, value: str) -> str:
    """The search page filtered on one value: (« département », « Pas-de-Calais ») → /recherche/?departement=Pas-de-Calais."""
    return f"{search_url()}?{urlencode({search_parameter(filter_name): value}, quote_via=quote)}"


def asset_url(hashed_name: str) -> str:
    """URL of a fingerprinted theme file: ``style.3f2a9c1e.css`` → ``/assets/style.3f2a9c1e.css``."""
    return f"/assets/{hashed_name}"


# First path segments the site uses for its own pages and files: a static page may not take one.
RESERVED_SEGMENTS = frozenset({
    "actions", "centres", "recherche", "page", "assets", "pagefind",
    "feed", "sitemap", "robots", "404", "static", "index", "donnees", "ce-qui-change", "observatoire", "admin",
})


SEARCH_BUNDLE = "pagefind"  # the output folder of the search index, beside the pages it indexes


def search_bundle_url(name: str = "") -> str:
    """URL of a file of the Pagefind bundle (index and search API), written beside the pages."""
    return f"/{SEARCH_BUNDLE}/{name}"


def paginated_url(first_page_url: str, number: int) -> str:
    """URL of page ``number`` of a listing whose first page is ``first_page_url``."""
    return first_page_url if number == 1 else f"{first_page_url}page/{number}/"


def output_path(url: str) -> str:
    """Relative file path in the output folder for a root-relative URL."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def absolute_url(base_url: str, url: str) -> str:
    """Join the site's base URL (``https://example.org`` or ``https://example.org/sub/``) with a URL."""
    return base_url.rstrip("/") + url
