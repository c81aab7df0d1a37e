"""French departments reference data (INSEE), looked up by name or code."""

from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from importlib import resources

from ..french import fold
from ..urls import department_slug
from .model import Department


@lru_cache(maxsize=1)
def all_departments() -> tuple[Department, ...]:
    """Every department, metropolitan and overseas, in INSEE code order."""
    text = resources.files("generator").joinpath("data/departements.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(
        Department(code=row["code"], name=row["name"], region=row["region"],
                   slug=department_slug(row["code"], row["name"]))
        for row in rows
    )


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Department]:
    index: dict[str, Department] = {}
    for department in all_departments():
        index[fold(department.name)] = department
        index[department.code.lower()] = department
    return index


def find(name_or_code: str) -> Department | None:
    """The department called (or numbered) ``name_or_code``, accents and case aside."""
    key = name_or_code.strip()
    return _by_key().get(key.lower()) or _by_key().get(fold(key))


def suggest(name: str) -> str | None:
    """The closest official department name, for a « did you mean » hint."""
    names = {fold(d.name): d.name for d in all_departments()}
    matches = difflib.get_close_matches(fold(name), list(names), n=1, cutoff=0.7)
    return names[matches[0]] if matches else None


# Where a place of France may be, as (south, north, west, east) in degrees: metropolitan France with
# Corsica, then each overseas department by its code.
METROPOLITAN_BOUNDS = (41.3, 51.2, -5.3, 9.7)
OVERSEAS_BOUNDS = {"971": (15.8, 16.6, -61.9, -60.9), "972": (14.3, 14.95, -61.3, -60.7),
                   "973": (2.0, 6.0, -54.7, -51.5), "974": (-21.45, -20.8, 55.1, 55.9), "976": (-13.1, -12.6, 44.9, 45.35)}


def _within(bounds: tuple[float, float, float, float], latitude: float, longitude: float) -> bool:
    south, north, west, east = bounds
    return south <= latitude <= north and west <= longitude <= east


def region_of(latitude: float, longitude: float) -> str | None:
    """« metropolitan », the code of the overseas department holding the point, or None outside France."""
    if _within(METROPOLITAN_BOUNDS, latitude, longitude):
        return "metropolitan"
    return next((code for code, bounds in OVERSEAS_BOUNDS.items() if _within(bounds, latitude, longitude)), None)
