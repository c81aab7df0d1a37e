"""Open data: /donnees/ and its CSV and JSON files round-trip the content's values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from fixtures_content import SHIPPED as CONTENT
from fixtures_content import build_with_cli

from generator.content.fields import ACTION_FIELDS, CENTRE_FIELDS
from generator.content.load import load_content

BASE = "https://exemple.fr"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_with_cli(CONTENT, tmp_path_factory.mktemp("open-data") / "build", "--base-url", BASE)


@pytest.fixture(scope="module")
def content():
    loaded, _ = load_content(CONTENT)
    return loaded


def _csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data  # what a French spreadsheet opens as it is
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _expected(value: object) -> tuple[str, object]:
    """The value as the CSV writes it, and as JSON does."""
    if isinstance(value, tuple):
        return " | ".join(value), list(value)
    if isinstance(value, bool):
        return ("oui" if value else "non"), value
    if isinstance(value, dt.date):
        return value.isoformat(), value.isoformat()
    if isinstance(value, float):
        return f"{value:g}".replace(".", ","), value
    return ("" if value is None else str(value)), value


@pytest.mark.parametrize("kind, fields", [("actions", ACTION_FIELDS), ("centres", CENTRE_FIELDS)])
def test_csv_and_json_hold_every_published_item_with_every_public_field(site, content, kind, fields):
    items = [a for a in content.actions if not a.draft] if kind == "actions" else list(content.centres)
    rows = _csv(site / "donnees" / f"{kind}.csv")
    records = json.loads((site / "donnees" / f"{kind}.json").read_text(encoding="utf-8"))
    assert len(rows) == len(records) == len(items) > 10
    exported = [f for f in fields if f.name not in ("source", "draft")]
    assert list(rows[0]) == list(records[0]) == ["url", *(f.name for f in exported)]
    for item, row, record in zip(items, rows, records):
        assert row["url"] == record["url"] == f"{BASE}/{kind}/{item.slug}/"
        for field in exported:
            as_csv, as_json = _expected(getattr(item, field.name))
            assert row[field.name] == as_csv, (item.slug, field.name)
            assert record[field.name] == as_json, (item.slug, field.name)


def test_the_data_page_documents_each_column_and_the_licence_and_is_linked_everywhere(site):
    page = (site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence version 2.0" in page
    for field in ACTION_FIELDS:
        if field.name not in ("source", "draft"):
            assert f"<code>{field.name}</code></th><td>{field.label}</td>" in page.replace("&#39;", "'")
    for name in ("actions.csv", "actions.json", "centres.csv", "centres.json"):
        assert f'href="/donnees/{name}"' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{BASE}/donnees/</loc>" in sitemap and f"{BASE}/donnees/actions.csv</loc>" in sitemap
    for html in (site / "index.html", site / "actions" / "mos-art" / "index.html", site / "404.html"):
        assert '<a href="/donnees/">Données ouvertes</a>' in html.read_text(encoding="utf-8")
