"""The one table of front-matter fields for actions, centres and pages.

The importer writes these keys, the validator checks them, templates show
their French labels and ``initiatives new`` scaffolds them. Keys are English;
labels are the French text readers see. Each kind of field reads its values
from front matter and writes them back (:meth:`Field.parse`, :meth:`Field.to_yaml`):
no other module interprets a kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Literal

from .departments import METROPOLITAN_BOUNDS, OVERSEAS_BOUNDS
from .frontmatter import quoted, yaml_string

Kind = Literal["text", "list", "bool", "int", "number", "date"]

ACTION_STATUSES = ("en cours", "terminée")
CENTRE_KINDS = ("centre social", "espace de vie sociale")


# What each kind of field holds, in French: the open data's documentation of its columns.
KIND_LABELS = {"text": "texte", "list": "liste (valeurs séparées par « | »)", "bool": "oui / non",
               "int": "nombre entier", "number": "nombre (virgule décimale dans le CSV)", "date": "date (AAAA-MM-JJ)"}

@dataclass(frozen=True)
class Format:
    """The shape a text must have: ``check`` and the web editor both hold a value to it."""

    pattern: str  # a regular expression read alike by Python and JavaScript, matched against the whole text
    expected: str  # what it accepts, in English, for ``check``: "14 digits"
    hint: str  # the same, in French, for the web editor: "14 chiffres, sans espace"

    def accepts(self, text: str) -> bool:
        return re.fullmatch(self.pattern, text) is not None


SIRET = Format(r"[0-9]{14}", "14 digits, no spaces", "14 chiffres, sans espace")
POSTCODE = Format(r"[0-9]{5}", "5 digits", "5 chiffres")
EMAIL = Format(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "an e-mail address such as accueil@centre.fr",
               "une adresse électronique, comme accueil@centre.fr")
WEB_ADDRESS = Format(r"https?://[^\s/]+\.[^\s]+", "a web address starting with https://",
                     "une adresse web commençant par https://")

# The latitudes and longitudes of France, overseas departments included: a centre's coordinates fall
# within (``check`` then places them in a department's region, see departments.region_of).
_FRANCE = (METROPOLITAN_BOUNDS, *OVERSEAS_BOUNDS.values())  # (south, north, west, east) each
LATITUDES = (min(b[0] for b in _FRANCE), max(b[1] for b in _FRANCE))
LONGITUDES = (min(b[2] for b in _FRANCE), max(b[3] for b in _FRANCE))

# Where the values of a field come from, besides what is typed: the web editor offers them.
Values = Literal["", "departments", "centres", "vocabulary"]


@dataclass(frozen=True)
class Field:
    """A front-matter key: its type, French label, and whether it is required."""

    name: str
    kind: Kind
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    comment: str = ""
    example: str = "…"  # a value shown in messages, for list fields
    long: bool = False  # a text of several sentences, not a line
    values: Values = ""  # departments: one of the 101; centres: a centre's name; vocabulary: content/vocabulary.yaml's
    format: Format | None = None  # the shape a text must have
    bounds: tuple[float, float] | None = None  # the smallest and largest number accepted
    generated: bool = False  # written by the importer, not by hand: the web editor keeps it out of sight

    def parse(self, value: object) -> tuple[object, str]:
        """The model value of a front-matter value (None when empty), or None and what is wrong with it."""
        if _is_empty(value):
            return None, ""
        parsed, message = _KINDS[self.kind].parse(self, value)
        if message or parsed is None:
            return parsed, message
        if self.format is not None and not self.format.accepts(parsed):  # type: ignore[arg-type]
            return None, f"{self.name} must be {self.format.expected}, not {describe(parsed)}"
        if self.bounds is not None and not self.bounds[0] <= parsed <= self.bounds[1]:  # type: ignore[operator]
            low, high = self.bounds
            return None, f"{self.name} must be between {low:g} and {high:g}, not {parsed}"
        return parsed, ""

    def to_yaml(self, value: object) -> str:
        """The YAML text of a model value, reading back as the same value; "" for none."""
        if value is None or value == "" and self.kind != "text":
            return ""
        return _KINDS[self.kind].write(value)

    def empty(self) -> object:
        """The value of a field left blank, as files written for staff to complete hold it."""
        return {"text": "", "list": ()}.get(self.kind)


ACTION_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titre", required=True, comment="required"),
    Field("centre", "text", "Structure organisatrice", required=True,
          comment="name of the centre, as in content/centres/", values="centres"),
    Field("department", "text", "Département", required=True, comment="French department name", values="departments"),
    Field("status", "text", "Statut de l'action", choices=ACTION_STATUSES,
          comment='"en cours" or "terminée"'),
    Field("status_reason", "text", "Raisons pour lesquelles l'action est terminée",
          comment="why the action ended, when it did", long=True),
    Field("dimension", "text", "Dimension", comment="e.g. \"Services\", \"Accompagnement de projets\""),
    Field("keywords", "list", "Mots-clés", comment="list of keywords, as in content/vocabulary.yaml",
          example="Logement", values="vocabulary"),
    Field("themes", "list", "Thèmes", comment="list of themes (older sheet format)", example="Jeunesse"),
    Field("initiative", "list", "À l'initiative de l'action", comment="who started it, e.g. [\"Un habitant\"]",
          example="Un habitant"),
    Field("initiative_detail", "text", "Précision sur l'initiative", comment="details when initiative is \"Autre\"",
          long=True),
    Field("territory", "text", "Territoire concerné", comment="e.g. \"Un quartier\", \"Une commune\""),
    Field("public", "list", "Public", comment="who it is for, e.g. [\"Adultes\"]", example="Adultes",
          values="vocabulary"),
    Field("partners", "list", "Partenaires", comment="list of partners, e.g. [\"Caf\", \"Commune\"]",
          example="Caf", values="vocabulary"),
    Field("partners_detail", "text", "Précision sur les partenaires", comment="details when partners include \"Autre\"",
          long=True),
    Field("budget", "text", "Ressources financières mobilisées", comment="raw text, never altered", long=True),
    Field("budget_eur", "number", "Budget (euros)", comment="only when budget is one plain amount",
          bounds=(0, 1e9)),
    Field("people", "text", "Personnes mobilisées", comment="people involved, free text", long=True),
    Field("files", "list", "Fichiers associés", comment="list of attached file names", example="affiche.pdf"),
    Field("summary", "text", "Résumé", comment="shown on cards, feeds and as meta description", long=True),
    Field("date", "date", "Date de publication", comment="YYYY-MM-DD, kept on re-import"),
    Field("draft", "bool", "Brouillon", comment="drafts are built only with --drafts"),
    Field("source", "text", "Source", comment="sheet file and line it was imported from", generated=True),
)

CENTRE_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Nom", required=True),
    Field("department", "text", "Département", required=True, values="departments"),
    Field("kind", "text", "Type de structure", choices=CENTRE_KINDS,
          comment='"centre social" or "espace de vie sociale"'),
    Field("address", "text", "Adresse"),
    Field("postcode", "text", "Code postal", format=POSTCODE),
    Field("city", "text", "Commune"),
    Field("phone", "text", "Téléphone"),
    Field("email", "text", "Courriel", format=EMAIL),
    Field("website", "text", "Site web", format=WEB_ADDRESS),
    Field("latitude", "number", "Latitude", bounds=LATITUDES),
    Field("longitude", "number", "Longitude", bounds=LONGITUDES),
    Field("siret", "text", "SIRET", comment="14 digits", format=SIRET),
    Field("management", "text", "Mode de gestion", comment="associatif, municipal, CAF, …"),
    Field("approved_since", "int", "Agréé par la CAF depuis", comment="year of first CAF approval",
          bounds=(1900, 2100)),
    Field("qpv", "bool", "Quartier prioritaire (QPV)"),
    Field("federation_member", "bool", "Adhérent à la fédération"),
)

PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titre", required=True),
    Field("description", "text", "Description", long=True),
    Field("menu", "int", "Position dans le menu", comment="pages with a menu position appear in the header"),
    Field("draft", "bool", "Brouillon"),
)

ACTION_FIELDS_BY_NAME = {f.name: f for f in ACTION_FIELDS}
CENTRE_FIELDS_BY_NAME = {f.name: f for f in CENTRE_FIELDS}
PAGE_FIELDS_BY_NAME = {f.name: f for f in PAGE_FIELDS}


# --- how each kind reads and writes its values --------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    parse: Callable[[Field, object], tuple[object, str]]  # a non-empty YAML value -> (value or None, message)
    write: Callable[[object], str]  # a model value -> its YAML text


def _parse_text(field: Field, value: object) -> tuple[object, str]:
    if isinstance(value, str):
        return value, ""
    return None, f"{field.name} must be text, not {describe(value)} (put it in quotes)"


def _parse_list(field: Field, value: object) -> tuple[object, str]:
    if not isinstance(value, list):
        return None, f'{field.name} must be a list, e.g. {field.name}: ["{field.example}"]'
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            return None, f"{field.name}: item {number} must be a non-empty text, not {describe(item)}"
    return tuple(value), ""


def _parse_bool(field: Field, value: object) -> tuple[object, str]:
    if isinstance(value, bool):
        return value, ""
    return None, f"{field.name} must be true or false, not {describe(value)}"


def _parse_int(field: Field, value: object) -> tuple[object, str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    return None, f"{field.name} must be a whole number, not {describe(value)}"


def _parse_number(field: Field, value: object) -> tuple[object, str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, ""
    return None, f"{field.name} must be a number, not {describe(value)}"


def _parse_date(field: Field, value: object) -> tuple[object, str]:
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    return None, f"{field.name} must be a date like 2026-11-21, not {describe(value)}"


_KINDS: dict[str, _Kind] = {
    "text": _Kind(_parse_text, lambda value: yaml_string(str(value))),
    "list": _Kind(_parse_list, lambda value: "[" + ", ".join(quoted(str(v)) for v in value) + "]"),  # type: ignore[attr-defined]
    "bool": _Kind(_parse_bool, lambda value: "true" if value else "false"),
    "int": _Kind(_parse_int, repr),
    "number": _Kind(_parse_number, repr),
    "date": _Kind(_parse_date, lambda value: value.isoformat()),  # type: ignore[attr-defined]
}


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def describe(value: object) -> str:
    """A YAML value as a message names it: « "abc" », « the number 3 », « a list »."""
    if isinstance(value, str):
        return f'"{value}"' if value.strip() else "an empty text"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    return "nothing" if value is None else type(value).__name__
