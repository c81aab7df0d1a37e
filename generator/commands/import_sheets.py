"""`initiatives import`: import sheets, print what was done to each file, a summary table, and every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from pathlib import Path

from ..importer.run import Change, ImportResult, import_sheets
from ..progress import Progress


def import_command(sheets: list[Path], content_dir: Path, *, force: bool, dry_run: bool,
                   today: dt.date | None = None) -> int:
    """Import sheet files into ``content_dir``; print the report; 1 when any input was rejected."""
    result = import_sheets(sheets, content_dir, force=force, dry_run=dry_run, today=today, progress=Progress())
    if result.scaffolded:
        names = ", ".join(path.relative_to(content_dir).as_posix() for path in result.scaffolded)
        verb = "would create" if dry_run else "created"
        print(f"{content_dir}/ had no site.toml: {verb} {names}, as `initiatives init` does")
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    for change in result.changes:
        description = _describe(change, dry_run)
        if description:
            print(description)
    print(_report(result, dry_run))
    return 1 if result.rejected else 0


def _report(result: ImportResult, dry_run: bool) -> str:
    changes, problems = result.changes, result.problems

    def count(kind: str, outcome: str) -> int:
        return sum(1 for c in changes if c.kind == kind and c.outcome == outcome)

    rows = [
        ("created", count("action", "created"), count("centre", "created")),
        ("updated", count("action", "updated"), None),
        ("unchanged", count("action", "unchanged"), None),
        ("kept because edited", count("action", "kept"), None),
        ("drafts", sum(1 for c in changes if c.kind == "action" and c.draft), None),
        ("warnings", sum(1 for p in problems if not p.is_error), None),
        ("errors", sum(1 for p in problems if p.is_error), None),
    ]
    title = "import summary (dry run: nothing written)" if dry_run else "import summary"
    lines = [f"{title:<28}{'actions':>8}{'centres':>9}"]
    for name, actions, centres in rows:
        lines.append(f"  {name:<26}{actions:>8}{'' if centres is None else centres:>9}")
    return "\n".join(lines)


def _describe(change: Change, dry_run: bool) -> str | None:
    verb = {"created": "create", "updated": "update"}.get(change.outcome)
    if change.outcome == "kept":
        return f"kept {change.path}: edited since the last import (--force overwrites it)"
    if verb is None:
        return None
    line = f"{'would ' + verb if dry_run else change.outcome} {change.path}"
    if dry_run and change.old is not None:
        diff = difflib.unified_diff(change.old.decode("utf-8", "replace").splitlines(),
                                    change.new.decode("utf-8").splitlines(),
                                    str(change.path), f"{change.path} (imported)", lineterm="")
        line += "\n" + "\n".join(diff)
    return line


