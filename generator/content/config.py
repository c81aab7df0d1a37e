"""Site configuration, read from ``content/site.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, error
from .fields import ACTION_FIELDS_BY_NAME, WEB_ADDRESS, Field, Format


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping actions, with its own index and term pages."""

    name: str  # "keywords"
    field: str  # the action field holding the terms: "keywords"
    prefix: str  # URL prefix: "mots-cles"
    title: str  # "Mots-clés": index page title
    singular: str  # "Mot-clé": label of one term


DEPARTMENT_FIELD = "department"
# Departments are built in: every action and centre has one, the répertoire and the home page group and
# count by it. site.toml may restate this table (to retitle it) but never remove it or add a second one.
DEPARTMENTS = Taxonomy(name="departments", field=DEPARTMENT_FIELD, prefix="departements", title="Départements",
                       singular="Département")


@dataclass(frozen=True)
class EditorConfig:
    """Where the web editor (/admin/) saves: the GitHub repository and the branch its pull requests target."""

    repo: str = ""  # "owner/name"; empty: Netlify's REPOSITORY_URL tells it at build time
    branch: str = "main"


# The settings of site.toml, as the web editor shows them (the [editor] table is not among them: a
# wrong repository there would lock staff out of the editor that could correct it).
SITE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titre du site", required=True),
    Field("description", "text", "Description du site", long=True),
    Field("base_url", "text", "Adresse du site publié", format=WEB_ADDRESS),
    Field("language", "text", "Langue des pages", comment='"fr"'),
    Field("page_size", "int", "Initiatives par page", bounds=(1, 1000)),
    Field("feed_size", "int", "Entrées du flux Atom", bounds=(1, 1000)),
    Field("similar_count", "int", "« Actions similaires » montrées", bounds=(1, 100)),
    Field("licence", "text", "Licence des données ouvertes"),
    Field("licence_url", "text", "Adresse de la licence", format=WEB_ADDRESS),
)
TAXONOMY_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Nom interne", required=True),
    Field("field", "text", "Champ des initiatives regroupé", required=True, choices=tuple(ACTION_FIELDS_BY_NAME)),
    Field("prefix", "text", "Début de l’adresse des pages", required=True, format=Format(r"[a-z0-9-]+", "a slug",
                                                                                        "minuscules, chiffres et -")),
    Field("title", "text", "Titre de la page d’index", required=True),
    Field("singular", "text", "Nom d’une valeur", required=True),
)
EDITOR_FIELDS: tuple[Field, ...] = (
    Field("repo", "text", "Dépôt GitHub", format=Format(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", "owner/name",
                                                        "propriétaire/nom")),
    Field("branch", "text", "Branche publiée"),
)


@dataclass(frozen=True)
class SiteConfig:
    """Everything about the site that is not content."""

    title: str
    description: str = ""
    base_url: str = "http://localhost:8000"
    language: str = "fr"
    page_size: int = 12  # cards per page on the blog and on term pages
    feed_size: int = 20  # entries in /feed.xml
    similar_count: int = 3  # « Actions similaires » shown on an action page
    taxonomies: tuple[Taxonomy, ...] = (DEPARTMENTS,)
    licence: str = "Licence Ouverte / Open Licence version 2.0"  # of the open data (/donnees/)
    licence_url: str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    editor: EditorConfig = EditorConfig()
    # content/vocabulary.yaml's labels, by kind: the web editor offers them (read with the content, not site.toml)
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def labels(self, kind: str) -> tuple[str, ...]:
        """The vocabulary's labels of one kind (keywords, partners, public), in file order."""
        return dict(self.vocabulary).get(kind, ())

    @property
    def departments(self) -> Taxonomy:
        """The department taxonomy, found by its field (its name and titles are the site's to choose)."""
        return next((t for t in self.taxonomies if t.field == DEPARTMENT_FIELD), DEPARTMENTS)


_TOP_LEVEL = {f.name for f in SITE_FIELDS} | {"taxonomies", "editor"}
_TAXONOMY_KEYS = {f.name for f in TAXONOMY_FIELDS}


def load_config(path: Path) -> SiteConfig:
    """Read and check ``site.toml``; raise ContentError naming the file and line."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError([error(path, 0, "site configuration not found (expected content/site.toml)")])
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ContentError([error(path, int(match.group(1)) if match else 1, f"invalid TOML: {exc}")])
    problems = []
    for key in sorted(set(raw) - _TOP_LEVEL):
        problems.append(error(path, _line_of(path, key), f"unknown setting '{key}'",
                              hint="expected one of " + ", ".join(sorted(_TOP_LEVEL))))
    if not isinstance(raw.get("title"), str) or not raw["title"].strip():
        problems.append(error(path, 1, "missing 'title' (the site's name, a string)"))
    for key in ("page_size", "feed_size", "similar_count"):
        value = raw.get(key, 1)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(error(path, _line_of(path, key), f"'{key}' must be a whole number ≥ 1"))
    for key in ("description", "base_url", "language", "licence", "licence_url"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(error(path, _line_of(path, key), f"'{key}' must be a text in quotes"))
    taxonomies: list[Taxonomy] = []
    seen: dict[str, dict[str, int]] = {"name": {}, "field": {}, "prefix": {}}  # value -> taxonomy number
    for number, table in enumerate(raw.get("taxonomies", []), start=1):
        line = _line_of(path, "[[taxonomies]]", occurrence=number)
        missing = sorted(_TAXONOMY_KEYS - set(table))
        unknown = sorted(set(table) - _TAXONOMY_KEYS)
        if missing or unknown:
            problems.append(error(path, line, f"taxonomy #{number}: missing {missing} / unknown {unknown}",
                                  hint="each [[taxonomies]] needs " + ", ".join(sorted(_TAXONOMY_KEYS))))
            continue
        if table["field"] not in ACTION_FIELDS_BY_NAME:
            problems.append(error(path, line, f"taxonomy '{table['name']}': actions have no field '{table['field']}'"))
            continue
        clash = next((key for key in seen if table[key] in seen[key]), None)
        if clash:
            other = seen[clash][table[clash]]
            hint = ("departments are built in: keep one table with field = \"department\""
                    if clash == "field" and table["field"] == DEPARTMENT_FIELD else "each taxonomy needs its own")
            problems.append(error(path, line, f"taxonomy #{number} has the same {clash} "
                                              f"'{table[clash]}' as taxonomy #{other}", hint=hint))
            continue
        for key in seen:
            seen[key][table[key]] = number
        taxonomies.append(Taxonomy(**{k: str(v) for k, v in table.items()}))
    editor = _editor(path, raw.get("editor", {}), problems)
    if problems:
        raise ContentError(problems)
    if DEPARTMENT_FIELD not in seen["field"]:  # built in: a site.toml without the table still groups by department
        taxonomies.insert(0, DEPARTMENTS)
    settings = {k: v for k, v in raw.items() if k not in ("taxonomies", "editor")}
    return SiteConfig(**settings, taxonomies=tuple(taxonomies), editor=editor)


def _editor(path: Path, table: object, problems: list) -> EditorConfig:
    """The [editor] table: where /admin/ saves."""
    line = _line_of(path, "[editor]")
    if not isinstance(table, dict):
        problems.append(error(path, line, "'editor' must be a table: [editor] then repo = \"owner/name\""))
        return EditorConfig()
    known = {f.name: f for f in EDITOR_FIELDS}
    values = {}
    for key, value in table.items():
        field = known.get(key)
        if field is None:
            problems.append(error(path, _line_of(path, key), f"unknown setting '{key}' in [editor]",
                                  hint="expected " + " or ".join(known)))
            continue
        parsed, message = field.parse(value)
        if message:
            problems.append(error(path, _line_of(path, key), f"[editor] {message}"))
        elif parsed is not None:
            values[key] = parsed
    return EditorConfig(**values)


def _line_of(path: Path, key: str, occurrence: int = 1) -> int:
    """Line number where ``key`` is set (TOML parsers give no positions)."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped == key or re.match(rf"{re.escape(key)}\s*=", stripped):
            seen += 1
            if seen == occurrence:
                return number
    return 1
