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
