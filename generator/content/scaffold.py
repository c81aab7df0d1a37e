"""New files for staff to complete: a content folder with its settings, an action with every field commented."""

from __future__ import annotations

from importlib import resources
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
ACTION_BODY = "\n\n".join(ACTION_SECTIONS) + "\n"  # a new action's text: the sections, empty


# What a new content folder holds, shipped in generator/data/new-site/ (folders are created empty).
NEW_SITE_FILES = ("site.toml", "vocabulary.yaml", "pages/a-propos.md")
NEW_SITE_FOLDERS = ("actions", "centres", "pages")


def new_site_template(name: str):
    """The shipped file ``name`` of a new content folder (a readable path within the package)."""
    return resources.files("generator").joinpath("data", "new-site", *name.split("/"))


def missing_site_files(content_dir: Path) -> list[Path]:
    """The files of a new content folder that ``content_dir`` lacks."""
    return [content_dir / name for name in NEW_SITE_FILES if not (content_dir / name).exists()]


def scaffold_site(content_dir: Path) -> list[Path]:
    """Create what a content folder lacks to be built (never overwriting a file); the files created."""
    for folder in NEW_SITE_FOLDERS:
        (content_dir / folder).mkdir(parents=True, exist_ok=True)
    created = missing_site_files(content_dir)
    for path in created:
        path.write_bytes(new_site_template(path.relative_to(content_dir).as_posix()).read_bytes())
    return created


def action_text(values: dict[str, object]) -> str:
    """The text of an action file: every field of the table, commented, ``values`` filled in, then the sections."""
    filled = {field.name: field.empty() for field in ACTION_FIELDS} | values
    return front_matter(ACTION_FIELDS, filled, comments=True) + ACTION_BODY


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
