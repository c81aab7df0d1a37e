"""`initiatives import-centres`: complete the répertoire from a spreadsheet; print what was done and every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from ..importer.centres import import_centres


def import_centres_command(path: Path, content_dir: Path, *, force: bool, dry_run: bool) -> int:
    result = import_centres(path, content_dir, force=force, dry_run=dry_run)
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    verb = {"created": "would create" if dry_run else "created", "completed": "would complete" if dry_run else "completed"}
    for change in result.changes:
        if change.outcome in verb:
            print(f"{verb[change.outcome]} {change.path}")
    count = {outcome: sum(1 for c in result.changes if c.outcome == outcome)
             for outcome in ("created", "completed", "unchanged")}
    title = "centres import summary (dry run: nothing written)" if dry_run else "centres import summary"
    print(f"{title}\n  created     {count['created']:>5}\n  completed   {count['completed']:>5}\n"
          f"  unchanged   {count['unchanged']:>5}\n"
          f"  warnings    {sum(1 for p in result.problems if not p.is_error):>5}\n"
          f"  errors      {sum(1 for p in result.problems if p.is_error):>5}")
    return 1 if result.rejected else 0
