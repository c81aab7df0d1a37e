"""Centres on the maps: the répertoire's map and each centre's locator, placed by their coordinates."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from fixtures_content import SHIPPED, build_with_cli

from generator.importer.centres import import_centres
from generator.pages.department_map import _bbox, _geometry, project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "centres"
SVG = "{http://www.w3.org/2000/svg}"


def _inside(point: tuple[float, float], code: str) -> bool:
    shape = next(d for d in _geometry()["departments"] if d["code"] == code)
    left, right, top, bottom = _bbox(shape["path"])
    return left <= point[0] <= right and top <= point[1] <= bottom


@pytest.mark.parametrize("city, latitude, longitude, code", [
    ("Marseille", 43.2965, 5.3698, "13"), ("Strasbourg", 48.5734, 7.7521, "67"), ("Lille", 50.6292, 3.0573, "59"),
    ("Brest", 48.3904, -4.4861, "29"), ("Nice", 43.7102, 7.2620, "06"), ("Toulouse", 43.6047, 1.4442, "31"),
    ("Lyon", 45.7640, 4.8357, "69"), ("Ajaccio", 41.9192, 8.7386, "2A"), ("Calais", 50.9513, 1.8587, "62"),
])
def test_a_city_lands_in_its_department(city, latitude, longitude, code):
    assert _inside(project(latitude, longitude), code), city


def test_overseas_and_foreign_points_are_not_on_the_metropolitan_map():
    assert project(-21.1151, 55.5364) is None and project(40.4168, -3.7038) is None  # La Réunion, Madrid


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("maps")
    content = folder / "content"
    shutil.copytree(SHIPPED, content)
    import_centres(FIXTURES / "centres.csv", content)  # two centres with coordinates: Calais, Poitiers
    return build_with_cli(content, folder / "build")


def test_the_repertoire_map_has_a_named_dot_for_each_centre_with_coordinates(site):
    html = (site / "centres" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<figure class="department-map">\s*(<svg .*?</svg>)', html, re.S).group(1)
    dots = {a.get("aria-label"): (a.get("href"), a.find(f"{SVG}circle"))
            for a in ElementTree.fromstring(svg).iter(f"{SVG}a") if a.get("class") == "map-dot"}
    assert set(dots) == {"Centre social et culturel J.Y Cousteau (Calais)", "Centre social des Trois Cités (Poitiers)"}
    href, circle = dots["Centre social des Trois Cités (Poitiers)"]
    assert href == "/centres/centre-social-des-trois-cites/"
    assert _inside((float(circle.get("cx")), float(circle.get("cy"))), "86")


def test_a_centre_with_coordinates_has_a_locator_map_and_one_without_has_none(site):
    page = (site / "centres" / "centre-social-et-culturel-j-y-cousteau" / "index.html").read_text(encoding="utf-8")
    svg = ElementTree.fromstring(re.search(r'<figure class="locator">\s*(<svg .*?</svg>)', page, re.S).group(1))
    assert svg.get("aria-label") == "Situation dans le département Pas-de-Calais"
    circle = svg.find(f"{SVG}circle")
    assert _inside((float(circle.get("cx")), float(circle.get("cy"))), "62")
    without = (site / "centres" / "c-a-v-l-agir" / "index.html").read_text(encoding="utf-8")  # no coordinates
    assert 'class="locator"' not in without
