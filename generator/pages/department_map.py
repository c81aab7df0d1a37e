"""The map of France's departments, shaded by number of initiatives: on /departements/ and /observatoire/.

The geometry (96 metropolitan departments, CC BY 4.0, see generator/data/france-departements.LICENSE.md)
ships with the generator; the overseas departments are insets drawn here. Counts come from the
department terms of the site graph, so the map changes with the listings that make it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .. import urls
from ..content import departments
from ..site.link import Site
from ..site.listing import CentreListing

SHADES = 5  # classes of the legend, from none to the most
OVERSEAS = tuple(departments.OVERSEAS_BOUNDS)
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
class Dot:
    """A centre whose coordinates are known, placed on the map."""

    x: float
    y: float
    name: str
    url: str


@dataclass(frozen=True)
class DepartmentMap:
    view_box: str
    areas: tuple[Area, ...]
    legend: tuple[tuple[int, str], ...]  # (shade, « 1 à 2 initiatives »)
    dots: tuple[Dot, ...] = ()
    inset: int = INSET
    credit: str = "Fond de carte : MapSVG / svg-maps (CC BY 4.0)"


@dataclass(frozen=True)
class Locator:
    """A centre's department alone, with the centre's dot: the small map of a centre page."""

    view_box: str
    path: str
    dot: tuple[float, float]
    department: str


@lru_cache(maxsize=1)
def _geometry() -> dict:
    text = resources.files("generator").joinpath("data", "france-departements.json").read_text(encoding="utf-8")
    return json.loads(text)


def department_map(site: Site, *, centres: bool = False) -> DepartmentMap:
    """The map, shaded by initiatives; with ``centres``, a dot for each centre whose coordinates are known."""
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
    dots = tuple(_dot(c, areas) for c in site.centres if c.coordinates is not None) if centres else ()
    return DepartmentMap(f"0 0 {width} {height + INSET + 36}", tuple(areas), _legend(bounds),
                         tuple(d for d in dots if d is not None))


def _dot(centre: CentreListing, areas: list[Area]) -> Dot | None:
    latitude, longitude = centre.coordinates
    name = f"{centre.name}{' (' + centre.city + ')' if centre.city else ''}"
    point = project(latitude, longitude)
    if point is None:  # overseas: the centre of its department's inset
        inset = next((a for a in areas if not a.path and a.code == departments.region_of(latitude, longitude)), None)
        if inset is None:
            return None
        point = (inset.x + INSET / 2, inset.y + INSET / 2)
    return Dot(round(point[0], 1), round(point[1], 1), name, urls.centre_url(centre.slug))


# Where a longitude and latitude fall on the geometry, which is drawn in Mercator: the scale and
# offsets are fitted on four extreme points of mainland France (Pointe de Corsen, Lauterbourg,
# Bray-Dunes, Puig de Coma Negra) against the outlines of their departments; Corsica, left out of
# the fit, then lands within 1.3 units (about 2 km) of its outline, Paris within 2 units of its own.
_EXTREMES = (("29", "west", -4.795), ("67", "east", 8.23), ("59", "north", 51.089), ("66", "south", 42.333))


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


@lru_cache(maxsize=1)
def _projection() -> tuple[float, float, float, float]:
    boxes = {d["code"]: _bbox(d["path"]) for d in _geometry()["departments"]}
    (west_code, _, west), (east_code, _, east), (north_code, _, north), (south_code, _, south) = _EXTREMES
    x_west, x_east = boxes[west_code][0], boxes[east_code][1]
    y_north, y_south = boxes[north_code][2], boxes[south_code][3]
    scale_x = (x_east - x_west) / (east - west)
    scale_y = (y_south - y_north) / (_mercator(south) - _mercator(north))
    return scale_x, x_west - scale_x * west, scale_y, y_north - scale_y * _mercator(north)


def project(latitude: float, longitude: float) -> tuple[float, float] | None:
    """The point of metropolitan France (Corsica included) on the map; None elsewhere."""
    if departments.region_of(latitude, longitude) != "metropolitan":
        return None
    scale_x, offset_x, scale_y, offset_y = _projection()
    return scale_x * longitude + offset_x, scale_y * _mercator(latitude) + offset_y


def _bbox(path: str) -> tuple[float, float, float, float]:
    """min x, max x, min y, max y of a path of relative moves and lines (« m x,y dx,dy … z »)."""
    x = y = 0.0
    start = (0.0, 0.0)
    xs, ys = [], []
    numbers = iter(re.findall(r"[mz]|-?\d+(?:\.\d+)?", path, flags=re.I))
    for token in numbers:
        if token in "zZ":
            x, y = start
            continue
        if token in "mM":
            x, y = x + float(next(numbers)), y + float(next(numbers))
            start = (x, y)
        else:
            x, y = x + float(token), y + float(next(numbers))
        xs.append(x)
        ys.append(y)
    return min(xs), max(xs), min(ys), max(ys)


def locator(department_code: str, latitude: float | None, longitude: float | None) -> Locator | None:
    """The small map of a centre page: its department's outline and its dot; None without both."""
    if latitude is None or longitude is None:
        return None
    point = project(latitude, longitude)
    shape = next((d for d in _geometry()["departments"] if d["code"] == department_code), None)
    if point is None or shape is None:
        return None
    left, right, top, bottom = _bbox(shape["path"])
    margin = max(right - left, bottom - top) * 0.15
    box = f"{left - margin:.1f} {top - margin:.1f} {right - left + 2 * margin:.1f} {bottom - top + 2 * margin:.1f}"
    return Locator(box, shape["path"], (round(point[0], 1), round(point[1], 1)), shape["name"])


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
