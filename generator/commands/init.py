"""`initiatives init [DIR]`: a new content folder, ready to import sheets into and build."""

from __future__ import annotations

from pathlib import Path

from ..content.scaffold import NEW_SITE_FILES, scaffold_site


def init_command(content_dir: Path) -> int:
    """Create the content folder's settings and folders; keep every file already there."""
    created = scaffold_site(content_dir)
    for path in created:
        print(f"created {path}")
    kept = [name for name in NEW_SITE_FILES if content_dir / name not in created]
    if kept:
        print(f"kept as they were: {', '.join(kept)}")
    print(f"{content_dir}/ is ready: import sheets with `initiatives import SHEET --content {content_dir}`, "
          f"set the site's title in {content_dir / 'site.toml'}, then `initiatives build --content {content_dir}`.")
    return 0
