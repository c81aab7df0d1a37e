"""`initiatives new action`: write a new action file with every field present and commented."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..content.scaffold import action_text, find_centre
from ..urls import file_slug


def new_action_command(title: str, centre: str, content_dir: Path) -> int:
    """Write ``content_dir/actions/<slug>.md`` as a draft; 1 without writing if it already exists."""
    slug = file_slug(title)
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
    centre_name, department = find_centre(centre, content_dir / "centres")
    values = {"title": title, "centre": centre_name or centre, "department": department,
              "date": dt.date.today(), "draft": True}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(action_text(values), encoding="utf-8")
    print(f"Created {path} (a draft: set draft: false to publish it)")
    if centre_name is None:
        print(f'warning: centre "{centre}" has no file in {content_dir / "centres"}/; '
              f"fill in department: by hand", file=sys.stderr)
    return 0
