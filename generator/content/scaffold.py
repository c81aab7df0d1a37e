"""A new action file: every field present and commented, the sections of the action template."""

from __future__ import annotations

from pathlib import Path

from . import departments
from .document import read_document
from .fields import ACTION_FIELDS
from .frontmatter import front_matter
from .model import centre_key

# The body sections of an action (DESIGN.md, « Action file »).
ACTION_SECTIONS = (
    "## Description de l'expérience",
    "## Description générale",
    "## Résultats",
    "### Sur le territoire",
    "### Pour le centre social",
    "### Pour les habitants",
    "## Limites",
    "## Perspectives",
)


def action_text(values: dict[str, object]) -> str:
    """The text of an action file: every field of the table, commented, ``values`` filled in, then the sections."""
    filled = {field.name: field.empty() for field in ACTION_FIELDS} | values
    return front_matter(ACTION_FIELDS, filled, comments=True) + "\n\n".join(ACTION_SECTIONS) + "\n"


def find_centre(name: str, centres_dir: Path) -> tuple[str | None, str]:
    """The name and department in the centre file called ``name``; (None, "") when there is none."""
    wanted = centre_key(name)
    for path in sorted(centres_dir.glob("*.md")) if centres_dir.is_dir() else []:
        document, _ = read_document(path)
        if document is None or not isinstance(document.data.get("name"), str):
            continue
        if centre_key(document.data["name"]) == wanted:
            department = document.data.get("department")
            found = departments.find(department) if isinstance(department, str) else None
            return document.data["name"], found.name if found else ""
    return None, ""
