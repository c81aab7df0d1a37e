"""Decap CMS's configuration, made from the field tables: each field gets the widget that fits its data.

Nothing here is written by hand per field: a field added to a table appears in the editor with the
widget of its kind, its French label, whether it is required and the shape ``check`` holds it to.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..content import departments
from ..content.config import SITE_FIELDS, TAXONOMY_FIELDS, SiteConfig
from ..content.fields import ACTION_FIELDS, CENTRE_FIELDS, PAGE_FIELDS, Field
from ..content.scaffold import ACTION_BODY

# Decap's file names follow urls.slugify: accents folded, ASCII, words joined by « - ». The one
# difference left, an ASCII apostrophe (Decap drops it: « lete »), editor.js turns into « ’ » before saving.
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}

COMMIT_MESSAGES = {
    "create": "Ajout de « {{slug}} » ({{collection}})",
    "update": "Modification de « {{slug}} » ({{collection}})",
    "delete": "Suppression de « {{slug}} » ({{collection}})",
    "uploadMedia": "Ajout du fichier « {{path}} »",
    "deleteMedia": "Suppression du fichier « {{path}} »",
}


def widget(field: Field, config: SiteConfig) -> dict[str, Any]:
    """The Decap field of one front-matter field: its widget, label, whether it is required, its checks."""
    entry: dict[str, Any] = {"name": field.name, "label": field.label, "required": field.required}
    if field.generated:
        return entry | {"widget": "hidden", "required": False}
    if field.values == "departments":
        entry |= {"widget": "select", "options": [d.name for d in departments.all_departments()]}
    elif field.values == "centres":
        entry |= {"widget": "relation", "collection": "centres", "value_field": "name",
                  "search_fields": ["name", "city"], "display_fields": ["name"], "options_length": 50}
    elif field.values == "vocabulary":  # the vocabulary's labels offered, a new value allowed (check reports it)
        entry |= {"widget": "vocabulary", "options": list(config.labels(field.name))}
    elif field.choices:
        entry |= {"widget": "select", "options": list(field.choices)}
    elif field.kind == "text":
        entry["widget"] = "text" if field.long else "string"
    elif field.kind == "list":
        entry |= {"widget": "list", "allow_add": True}
    elif field.kind == "bool":
        entry |= {"widget": "boolean", "default": False}
    elif field.kind in ("int", "number"):
        entry |= {"widget": "number", "value_type": "int" if field.kind == "int" else "float"}
        if field.kind == "number":
            entry["step"] = 0.000001
    elif field.kind == "date":
        entry |= {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                  "default": "{{now}}"}  # a new action is dated the day it is written
    else:  # a new kind in the field table must choose its widget here
        raise ValueError(f"no editor widget for the {field.kind!r} field {field.name!r}")
    if field.format is not None:
        entry["pattern"] = [f"^(?:{field.format.pattern})$", field.format.hint]
    if field.bounds is not None:
        entry["min"], entry["max"] = field.bounds
    return entry


def _body(label: str, default: str = "") -> dict[str, Any]:
    body = {"name": "body", "label": label, "widget": "markdown", "required": False, "editor_components": [],
            "modes": ["rich_text", "raw"]}
    return body | ({"default": default} if default else {})


def _folder(name: str, label: str, singular: str, folder: str, fields: tuple[Field, ...], config: SiteConfig,
            identifier: str, summary: str, body: dict[str, Any], preview: str) -> dict[str, Any]:
    return {
        "name": name, "label": label, "label_singular": singular,
        "folder": folder, "extension": "md", "format": "yaml-frontmatter",
        "create": True, "delete": True, "slug": "{{slug}}", "identifier_field": identifier, "summary": summary,
        "preview_path": preview, "sortable_fields": [identifier],
        "fields": [widget(field, config) for field in fields] + [body],
    }


def editor_config(config: SiteConfig, *, content_path: str, repository: str = "") -> dict[str, Any]:
    """Decap's configuration for the site: a GitHub backend whose every edit is a pull request.

    ``content_path``: the content folder, relative to the repository's root (``content``).
    ``repository``: « owner/name » when site.toml's [editor] does not say (Netlify's REPOSITORY_URL).
    """
    def where(name: str) -> str:
        return f"{content_path}/{name}" if content_path not in ("", ".") else name

    taxonomies = {"name": "taxonomies", "label": "Regroupements (taxonomies)", "label_singular": "Regroupement",
                  "widget": "list", "required": False, "summary": "{{fields.title}} (/{{fields.prefix}}/)",
                  "fields": [widget(field, config) for field in TAXONOMY_FIELDS]}
    return {
        "backend": {"name": "github", "repo": config.editor.repo or repository, "branch": config.editor.branch,
                    "commit_messages": COMMIT_MESSAGES},
        "publish_mode": "editorial_workflow",
        "local_backend": True,  # `npx decap-server` beside a local checkout: honoured on localhost only
        "locale": "fr",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": where("fichiers"),
        "public_folder": "/fichiers",
        "slug": SLUG,
        "collections": [
            _folder("actions", "Initiatives", "Initiative", where("actions"), ACTION_FIELDS, config, "title",
                    "{{title}} — {{centre}}", _body("Texte de la fiche", ACTION_BODY),
                    "actions/{{slug}}/"),
            _folder("centres", "Répertoire des centres", "Centre", where("centres"), CENTRE_FIELDS, config, "name",
                    "{{name}} ({{department}})", _body("Présentation"), "centres/{{slug}}/"),
            _folder("pages", "Pages", "Page", where("pages"), PAGE_FIELDS, config, "title", "{{title}}",
                    _body("Texte"), "{{slug}}/"),
            {"name": "reglages", "label": "Réglages du site", "delete": False, "editor": {"preview": False},
             "files": [{"name": "site", "label": "Réglages du site", "file": where("site.toml"), "format": "toml",
                        "fields": [widget(field, config) for field in SITE_FIELDS] + [taxonomies]}]},
        ],
    }


def editor_yaml(settings: dict[str, Any]) -> str:
    """The configuration as Decap reads it (``/admin/config.yml``)."""
    header = ("# Web editor (Decap CMS) configuration, made by `initiatives build` from the field table\n"
              "# (generator/content/fields.py) and content/site.toml: edit those, not this file.\n")
    return header + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=120)


__all__ = ["SLUG", "editor_config", "editor_yaml", "widget"]
