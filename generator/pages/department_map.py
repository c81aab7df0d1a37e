"""The map of France's departments, shaded by number of initiatives: on /departements/ and /observatoire/.

The geometry (96 metropolitan departments, CC BY 4.0, see generator/data/france-departements.LICENSE.md)
ships with the generator; the overseas departments are insets drawn here. Counts come from the
department terms of the site graph, so the map changes with the listings that make it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..site.link import Site

SHADES = 5  # classes of the legend, from none to the most
OVERSEAS = ("971", "972", "973", "974", "976")
INSET = 46  # side of an overseas inset, in map units


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str  # SVG path; empty for an overseas inset (drawn as a square at x, y)
    count: int
    url: str  # the department's page; "" when it has none
    shade: int  # 0 (none) … SHADES - 1
    x: int = 0
    y: int = 0


@dataclass(frozen=True)
class DepartmentMap:
    view_box: str
    areas: tuple[Area, ...]
    legend: tuple[tuple[int, str], ...]  # (shade, « 1 à 2 initiatives »)
    inset: int = INSET
    credit: str = "Fond de carte : MapSVG / svg-maps (CC BY 4.0)"


@lru_cache(maxsize=1)
def _geometry() -> dict:
    text = resources.files("generator").joinpath("data", "france-departements.json").read_text(encoding="utf-8")
    return json.loads(text)


def department_map(site: Site) -> DepartmentMap:
    geometry = _geometry()
    terms = {t.department.code: t for t in site.departments if t.department is not None}
    counts = {code: len(term.actions) for code, term in terms.items()}
    top = max(counts.values(), default=0)
    bounds = _bounds(top)

    def area(code: str, name: str, path: str, x: int = 0, y: int = 0) -> Area:
        term = terms.get(code)
        count = counts.get(code, 0)
        return Area(code, term.name if term else name, path, count, term.url if term and (term.actions or term.centres)
                    else "", _shade(count, bounds), x, y)

    areas = [area(d["code"], d["name"], d["path"]) for d in geometry["departments"]]
    _, _, width, height = (int(v) for v in geometry["viewBox"].split())
    names = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte"}
    areas += [area(code, names[code], "", 8 + index * (INSET + 8), height + 12) for index, code in enumerate(OVERSEAS)]
    return DepartmentMap(f"0 0 {width} {height + INSET + 36}", tuple(areas), _legend(bounds))


def _bounds(top: int) -> tuple[int, ...]:
    """Upper bounds of shades 1 … SHADES - 1 (shade 0: no initiative), even steps up to the largest count."""
    steps = SHADES - 1
    return tuple(max(1, -(-top * step // steps)) for step in range(1, steps + 1)) if top else ()


def _shade(count: int, bounds: tuple[int, ...]) -> int:
    if count == 0:
        return 0
    return next(index for index, bound in enumerate(bounds, start=1) if count <= bound)


def _legend(bounds: tuple[int, ...]) -> tuple[tuple[int, str], ...]:
    legend = [(0, "aucune initiative")]
    low = 1
    for shade, high in enumerate(bounds, start=1):
        if high < low:
            continue
        label = f"{low} initiative{'s' if low > 1 else ''}" if low == high else f"{low} à {high} initiatives"
        legend.append((shade, label))
        low = high + 1
    return tuple(legend)
