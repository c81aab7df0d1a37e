"""Open data (``/donnees/``): every published action and centre as CSV and JSON, each column documented.

Two aggregate page kinds: each reads one record of every published action (or centre), made
by one function from the field table, so that editing any exported field rebuilds the files
(the every-field test covers them). CSV as a spreadsheet opens it in France: UTF-8 with a BOM,
« ; » between columns, lists joined with « | ».
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from .. import urls
from ..content.fields import ACTION_FIELDS, CENTRE_FIELDS, KIND_LABELS, Field
from ..content.model import Action, Centre
from ..site.link import Site
from ..site.listing import Projection
from .route import Route, crumbs, given
from .views import Link

# Fields kept out of the open data: where a sheet was imported from is for staff only;
PRIVATE = {"source", "draft"}  # « draft » too: only published items are exported
LIST_SEPARATOR = " | "

ACTION_COLUMNS: tuple[Field, ...] = tuple(f for f in ACTION_FIELDS if f.name not in PRIVATE)
CENTRE_COLUMNS: tuple[Field, ...] = tuple(f for f in CENTRE_FIELDS if f.name not in PRIVATE)


def action_record(action: Action) -> tuple[Any, ...]:
    """One row of actions.csv / actions.json: its slug, then each exported field."""
    return (action.slug, *(getattr(action, f.name) for f in ACTION_COLUMNS))


def centre_record(centre: Centre) -> tuple[Any, ...]:
    return (centre.slug, *(getattr(centre, f.name) for f in CENTRE_COLUMNS))


ACTIONS = Projection("open-data-actions", action_record, Action)
CENTRES = Projection("open-data-centres", centre_record, Centre)


def action_routes(site: Site) -> list[Route]:
    """actions.csv, actions.json and the page that documents both files (it reads listings, not records)."""
    return [*_files("actions", ACTION_COLUMNS, ACTIONS, urls.action_url, site), _page(site)]


def centre_routes(site: Site) -> list[Route]:
    return _files("centres", CENTRE_COLUMNS, CENTRES, urls.centre_url, site)


def _files(name: str, columns: tuple[Field, ...], reads: Projection, url_of, site: Site) -> list[Route]:
    header = ["url", *(f.name for f in columns)]

    def table() -> list[list[Any]]:
        base = site.config.base_url.rstrip("/")
        return [[urls.absolute_url(base, url_of(slug)), *values] for slug, *values in site.records[reads.name]]

    # Made when rendered: planning the routes (which the incremental layer does) costs nothing.
    return [
        Route(urls.open_data_url(f"{name}.csv"), "data.txt", lambda: {"body": _csv(header, table())}),
        Route(urls.open_data_url(f"{name}.json"), "data.txt", lambda: {"body": _json(header, table())}),
    ]


def _csv(header: list[str], table: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in table])
    return "\ufeff" + out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")  # French decimals, as a spreadsheet reads them
    return "" if value is None else str(value)


def _json(header: list[str], table: list[list[Any]]) -> str:
    records = [{name: (list(v) if isinstance(v, tuple) else v.isoformat() if isinstance(v, dt.date) else v)
                for name, v in zip(header, row)} for row in table]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def _page(site: Site) -> Route:
    url = urls.open_data_url()
    return Route(url, "data.html", given({
        "title": "Données ouvertes",
        "description": "Les initiatives et le répertoire des centres sociaux en données ouvertes : CSV et JSON, "
                       "chaque colonne documentée.",
        "breadcrumbs": crumbs(Link("Données ouvertes", url)),
        "datasets": [
            {"title": "Initiatives", "count": len(site.actions),
             "files": _downloads("actions"),
             "columns": _columns(ACTION_COLUMNS, "l’adresse de la page de l’initiative")},
            {"title": "Centres", "count": len(site.centres),
             "files": _downloads("centres"),
             "columns": _columns(CENTRE_COLUMNS, "l’adresse de la page du centre dans le répertoire")},
        ],
        "licence": Link(site.config.licence, site.config.licence_url),
        "separator": LIST_SEPARATOR.strip(),
    }))


def _downloads(name: str) -> list[Link]:
    return [Link("CSV", urls.open_data_url(f"{name}.csv")), Link("JSON", urls.open_data_url(f"{name}.json"))]


def _columns(fields: tuple[Field, ...], url: str) -> list[tuple[str, str, str]]:
    return [("url", "Adresse", url), *((f.name, f.label, KIND_LABELS[f.kind]) for f in fields)]
