"""``initiatives new action``: write a new action file with every field present and commented."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..urls import slugify
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


def new_action_command(title: str, centre: str, content_dir: Path) -> int:
    """Write ``content_dir/actions/<slug>.md`` as a draft; 1 without writing if it already exists."""
    slug = slugify(title)
    if not slug:
        print(f'error: the title "{title}" has no letters or digits to name the file after', file=sys.stderr)
        return 1
    if not content_dir.is_dir():
        print(f"error: content folder not found: {content_dir}", file=sys.stderr)
        return 1
    path = content_dir / "actions" / f"{slug}.md"
    if path.exists():
        print(f"error: {path} already exists; nothing was written (edit it, or choose another title)",
              file=sys.stderr)
        return 1
    centre_name, department = _find_centre(centre, content_dir / "centres")
    values = {"title": title, "centre": centre_name or centre, "department": department,
              "date": dt.date.today(), "draft": True}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(action_text(values), encoding="utf-8")
    print(f"Created {path} (a draft: set draft: false to publish it)")
    if centre_name is None:
        print(f'warning: centre "{centre}" has no file in {content_dir / "centres"}/; '
              f"fill in department: by hand", file=sys.stderr)
    return 0


def action_text(values: dict[str, object]) -> str:
    """The text of an action file: every field of the table, commented, ``values`` filled in, then the sections."""
    filled = {field.name: field.empty() for field in ACTION_FIELDS} | values
    return front_matter(ACTION_FIELDS, filled, comments=True) + "\n\n".join(ACTION_SECTIONS) + "\n"


def _find_centre(name: str, centres_dir: Path) -> tuple[str | None, str]:
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
