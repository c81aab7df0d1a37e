"""The content model: what an action, a centre, a page and a department are.

Instances are built by :mod:`generator.content` from the files in ``content/``
and never change afterwards. Field names match the tables in
:mod:`generator.fields` (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from ..french import fold


@dataclass(frozen=True)
class Department:
    """A French department from the INSEE reference list."""

    code: str  # "31", "2A", "971"
    name: str  # "Haute-Garonne"
    region: str  # "Occitanie"
    slug: str  # "31-haute-garonne"


@dataclass(frozen=True, eq=False)
class Location:
    """Where a content item was read from, for error messages."""

    path: str  # relative to the current directory when possible, as typed by the user
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line
    body_line: int = 1  # first line of the Markdown body

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True, eq=False)
class Action:
    """One *fiche action*: an initiative carried by a centre."""

    slug: str
    location: Location
    title: str
    centre: str
    department: str
    status: str = ""
    status_reason: str = ""
    dimension: str = ""
    keywords: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    initiative: tuple[str, ...] = ()
    initiative_detail: str = ""
    territory: str = ""
    public: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    partners_detail: str = ""
    budget: str = ""
    budget_eur: float | None = None
    people: str = ""
    files: tuple[str, ...] = ()
    summary: str = ""
    date: dt.date | None = None
    draft: bool = False
    source: str = ""  # sheet file and line it was imported from
    body_html: str = ""  # the Markdown body, rendered


@dataclass(frozen=True, eq=False)
class Centre:
    """One structure of the répertoire: a centre social or an espace de vie sociale."""

    slug: str
    location: Location
    name: str
    department: str
    kind: str = "centre social"
    address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    latitude: float | None = None
    longitude: float | None = None
    siret: str = ""
    management: str = ""
    approved_since: int | None = None
    qpv: bool = False
    federation_member: bool | None = None  # unknown until staff say; shown only when true
    body_html: str = ""  # the Markdown body, rendered


@dataclass(frozen=True, eq=False)
class Page:
    """A static page from ``content/pages/`` such as « À propos »."""

    slug: str
    location: Location
    title: str
    description: str = ""
    menu: int | None = None
    draft: bool = False
    body_html: str = ""  # the Markdown body, rendered


@functools.lru_cache(maxsize=1 << 16)  # asked for every action of every build; names repeat
def centre_key(name: str) -> str:
    """A centre's identity, the one rule importer, loader, linker and scaffold share: the letters and
    digits of its name, case, accents, punctuation and spacing aside (« Centre socio-culturel Max » is
    « Centre socioculturel Max »)."""
    return fold(name)
