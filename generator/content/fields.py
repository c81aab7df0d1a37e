"""The one table of front-matter fields for actions and centres.

The importer writes these keys, the validator checks them, templates show
their French labels and ``initiatives new`` scaffolds them. Keys are English;
labels are the French text readers see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "list", "bool", "int", "number", "date"]

ACTION_STATUSES = ("en cours", "terminée")
CENTRE_KINDS = ("centre social", "espace de vie sociale")


@dataclass(frozen=True)
class Field:
    """A front-matter key: its type, French label, and whether it is required."""

    name: str
    kind: Kind
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    comment: str = ""


ACTION_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titre", required=True, comment="required"),
    Field("centre", "text", "Structure organisatrice", required=True,
          comment="name of the centre, as in content/centres/"),
    Field("department", "text", "Département", required=True, comment="French department name"),
    Field("status", "text", "Statut de l'action", choices=ACTION_STATUSES,
          comment='"en cours" or "terminée"'),
    Field("status_reason", "text", "Raisons pour lesquelles l'action est terminée",
          comment="why the action ended, when it did"),
    Field("dimension", "text", "Dimension", comment="e.g. \"Services\", \"Accompagnement de projets\""),
    Field("keywords", "list", "Mots-clés", comment="list of keywords, as in content/vocabulary.yaml"),
    Field("themes", "list", "Thèmes", comment="list of themes (older sheet format)"),
    Field("initiative", "list", "À l'initiative de l'action", comment="who started it, e.g. [\"Un habitant\"]"),
    Field("initiative_detail", "text", "Précision sur l'initiative", comment="details when initiative is \"Autre\""),
    Field("territory", "text", "Territoire concerné", comment="e.g. \"Un quartier\", \"Une commune\""),
    Field("public", "list", "Public", comment="who it is for, e.g. [\"Adultes\"]"),
    Field("partners", "list", "Partenaires", comment="list of partners, e.g. [\"Caf\", \"Commune\"]"),
    Field("partners_detail", "text", "Précision sur les partenaires", comment="details when partners include \"Autre\""),
    Field("budget", "text", "Ressources financières mobilisées", comment="raw text, never altered"),
    Field("budget_eur", "number", "Budget (euros)", comment="only when budget is one plain amount"),
    Field("people", "text", "Personnes mobilisées", comment="people involved, free text"),
    Field("files", "list", "Fichiers associés", comment="list of attached file names"),
    Field("summary", "text", "Résumé", comment="shown on cards, feeds and as meta description"),
    Field("date", "date", "Date de publication", comment="YYYY-MM-DD, kept on re-import"),
    Field("draft", "bool", "Brouillon", comment="drafts are built only with --drafts"),
    Field("source", "text", "Source", comment="sheet file and line it was imported from"),
)

CENTRE_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Nom", required=True),
    Field("department", "text", "Département", required=True),
    Field("kind", "text", "Type de structure", choices=CENTRE_KINDS,
          comment='"centre social" or "espace de vie sociale"'),
    Field("address", "text", "Adresse"),
    Field("postcode", "text", "Code postal"),
    Field("city", "text", "Commune"),
    Field("phone", "text", "Téléphone"),
    Field("email", "text", "Courriel"),
    Field("website", "text", "Site web"),
    Field("latitude", "number", "Latitude"),
    Field("longitude", "number", "Longitude"),
    Field("siret", "text", "SIRET", comment="14 digits"),
    Field("management", "text", "Mode de gestion", comment="associatif, municipal, CAF, …"),
    Field("approved_since", "int", "Agréé par la CAF depuis", comment="year of first CAF approval"),
    Field("qpv", "bool", "Quartier prioritaire (QPV)"),
    Field("federation_member", "bool", "Adhérent à la fédération"),
)

PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titre", required=True),
    Field("description", "text", "Description"),
    Field("menu", "int", "Position dans le menu", comment="pages with a menu position appear in the header"),
    Field("draft", "bool", "Brouillon"),
)

ACTION_FIELDS_BY_NAME = {f.name: f for f in ACTION_FIELDS}
CENTRE_FIELDS_BY_NAME = {f.name: f for f in CENTRE_FIELDS}
PAGE_FIELDS_BY_NAME = {f.name: f for f in PAGE_FIELDS}
