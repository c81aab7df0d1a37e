"""The observatoire (``/observatoire/``): the federation's figures, drawn at build time.

Each chart is counted from the site graph (keywords, departments and partners from their
terms; publics, status, dimension, territory and initiative from the listings, each bar linked to
the search filtered on its value) or from the one record per action this aggregate page declares
(the budget, shown nowhere else). The view holds the geometry;
the template draws the SVG and the same data as a table.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .. import urls
from ..content.model import Action
from ..french import format_euros, sort_key
from ..site.link import Site
from ..site.listing import Projection
from .department_map import department_map
from .route import Route, crumbs
from .views import Link

READS = Projection("observatoire", lambda action: action.budget_eur, Action)

ROW = 44  # height of one bar and its label, in SVG units
WIDTH = 320  # the drawing's width: readable at 360 px without scaling text down
BAR = WIDTH - 40  # the longest bar, room left for its count


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str  # what it counts: a term page or the pre-filtered search ("" when there is none)
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    slug: str  # the id of its heading
    title: str
    reading: str  # one sentence: what the chart shows first
    noun: tuple[str, str]  # what is counted, singular and plural
    bars: tuple[Bar, ...]
    height: int

    def counted(self, count: int) -> str:
        return f"{count} {self.noun[0] if count < 2 else self.noun[1]}"


@dataclass(frozen=True)
class Budget:
    known: int  # actions whose budget is known
    total: int
    median: str
    quartiles: tuple[str, str]


def routes(site: Site) -> list[Route]:
    url = urls.observatory_url()
    return [Route(url, "observatoire.html", lambda: _context(site, url))]


def _context(site: Site, url: str) -> dict:
    total = len(site.actions)
    records = site.records[READS.name]
    charts = [
        _terms_chart(site, "keywords", "mots-cles", "Mots-clés", "Le mot-clé le plus fréquent est", total),
        _terms_chart(site, "department", "departements", "Initiatives par département",
                     "Le département qui compte le plus d’initiatives est", total),
        _chart("centres-par-departement", "Centres par département",
               "Le département qui compte le plus de centres est",
               ((t.name, len(t.centres), t.url) for t in site.departments if t.centres),
               len(site.centres), ("centre", "centres")),
        _terms_chart(site, "partners", "partenaires", "Partenaires", "Le partenaire le plus présent est", total),
        _listing_chart(site, "public", "publics", "Publics", "Le public le plus visé est", total),
        _listing_chart(site, "status", "statut", "Statut des initiatives", "La plupart des initiatives sont", total),
        _listing_chart(site, "dimension", "dimensions", "Dimensions", "La dimension la plus fréquente est", total),
        _listing_chart(site, "territory", "territoires", "Territoires concernés", "Le territoire le plus fréquent est",
                       total),
        _listing_chart(site, "initiative", "initiative", "À l’initiative de l’action",
                       "Les initiatives viennent le plus souvent de", total),
    ]
    budgets = sorted(budget for budget in records if budget is not None)
    budget = None
    if budgets:
        low, _, high = statistics.quantiles(budgets, n=4, method="inclusive") if len(budgets) > 1 else budgets * 3
        budget = Budget(len(budgets), total, format_euros(statistics.median(budgets)),
                        (format_euros(low), format_euros(high)))
    return {
        "title": "Observatoire",
        "description": f"Les {total} initiatives des centres sociaux en chiffres : mots-clés, départements, "
                       "partenaires, publics, budgets.",
        "breadcrumbs": crumbs(Link("Observatoire", url)),
        "total": total,
        "centre_count": len(site.centres),
        "charts": [c for c in charts if c.bars],
        "budget": budget,
        "width": WIDTH,
        "row": ROW,
        "data_url": urls.open_data_url(),
        "map": department_map(site),
    }


def _terms_chart(site: Site, field: str, slug: str, title: str, lead: str, total: int) -> Chart:
    terms = site.terms.get(field, ())  # a site may do without keywords or partners
    return _chart(slug, title, lead, ((t.name, len(t.actions), t.url) for t in terms if t.actions), total)


def _listing_chart(site: Site, field: str, slug: str, title: str, lead: str, total: int) -> Chart:
    """A field of the listings, each bar linked to the search filtered on its value."""
    counts: Counter[str] = Counter()
    for action in site.actions:
        value = getattr(action, field)
        counts.update(v for v in (value if isinstance(value, tuple) else (value,)) if v)
    name = urls.SEARCH_FILTERS[field]
    return _chart(slug, title, lead, ((v, n, urls.search_url_for(name, v)) for v, n in counts.items()), total)


def _chart(slug: str, title: str, lead: str, counts: Iterable[tuple[str, int, str]], total: int,
           noun: tuple[str, str] = ("initiative", "initiatives")) -> Chart:
    ranked = sorted(counts, key=lambda c: (-c[1], sort_key(c[0])))
    if not ranked:
        return Chart(slug, title, "", noun, (), 0)
    top = ranked[0][1]
    bars = tuple(Bar(label, count, url, index * ROW, max(2, round(BAR * count / top)))
                 for index, (label, count, url) in enumerate(ranked))
    chart = Chart(slug, title, "", noun, bars, len(bars) * ROW)
    reading = f"{lead} «\u00a0{bars[0].label}\u00a0»\u00a0: {chart.counted(bars[0].count)} sur {total}."
    return dataclasses.replace(chart, reading=reading)
