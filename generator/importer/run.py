"""Import exported sheets: action files and centre stubs.

This module reads and decodes the sheet files, plans every file (manifest, slugs, dates,
changes) and writes them; :func:`import_sheets` runs it all and says what it did
(:mod:`generator.commands.import_sheets` prints it). Data flows sheets → convert →
files: :mod:`.sheets` parses, :mod:`.convert` turns each sheet into an action,
:mod:`.files` renders its file with the one YAML writer, and this module decides what to write.

The stages, in order (everything is read and decided before anything is written):

1. **read**: decode each file (UTF-8 with or without BOM, UTF-16 with BOM, or
   Windows-1252 with a warning); empty, binary or foreign files are rejected
   with one error naming the file.
2. **parse** (:mod:`.sheets`): sheets of labelled blocks; truncated sheets
   are rejected, the others of the same file still imported.
3. **convert** (:func:`.convert.sheet_to_action`, pure): front matter in the order of
   :data:`generator.content.fields.ACTION_FIELDS`, Markdown body, vocabulary mapped to
   canonical labels (``content/vocabulary.yaml``), structure split into centre
   and department.
4. **plan**: a stable slug per sheet, what each file would become, its bytes
   rendered by :mod:`.files`.
5. **write** (skipped by ``--dry-run``); the command then prints the report.

How re-import stays safe: ``content/.imported.json`` (the *manifest*, committed
with the content) records, for each action file the importer wrote, the sheet
it came from (centre and title as exported) and the SHA-256 of the bytes it
wrote. On re-import a sheet keeps the slug the manifest gives it, and its file is

- left alone when its bytes are already what the importer would write (*unchanged*);
- rewritten when it still has the bytes of the last import (*updated*);
- otherwise *kept*: staff edited it since, and only ``--force`` overwrites it.

The ``date`` of an action is the import day the first time, then read back from
the existing file. Centre files are created once and never touched again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.document import parse_document, read_document
from ..content.model import centre_key
from ..content.vocabulary import Vocabulary, load_vocabulary
from ..errors import ContentError, Problem, error, warning
from ..urls import slugify
from .convert import ImportedAction, sheet_to_action
from .files import render_action, render_centre_stub
from .sheets import LabelTable, Sheet, load_labels, parse_sheets

MANIFEST = ".imported.json"


# --- read ----------------------------------------------------------------------------------------


def decode_sheet(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a sheet file, or None and a one-line error when it is not a text export."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, problems = data.decode("utf-16", errors="replace"), [
            warning(shown, 0, "the file is UTF-16: decoded, but UTF-8 is expected")]
    elif b"\x00" in data:
        return None, [error(shown, 0, "binary file, not a text export",
                            hint="export the sheets as text (.txt)")]
    else:
        try:
            text, problems = data.decode("utf-8-sig"), []
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return None, [error(shown, line, "binary file, not a text export",
                                    hint="export the sheets as text (.txt)")]
            problems = [warning(shown, line, "the file is not UTF-8: decoded as Windows-1252",
                                hint="check the accents of what was imported")]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip("\x1a")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f\v")
    if controls > max(2, len(text) // 100):
        return None, [error(shown, 0, "binary file, not a text export", hint="export the sheets as text (.txt)")]
    if not text.strip():
        return None, [error(shown, 0, "empty file: no sheet to import")]
    return text, problems


def read_sheets(path: Path, table: LabelTable) -> tuple[list[Sheet], list[Problem]]:
    """The complete sheets of one file, and the problems of the whole file."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [error(shown, 0, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = decode_sheet(data, shown)
    if text is None:
        return [], problems
    sheets, parse_problems = parse_sheets(text, shown, table)
    return [s for s in sheets if s.complete], problems + parse_problems


# --- plan: slugs, dates and what each file becomes ------------------------------------------------


@dataclass
class Manifest:
    """``content/.imported.json``: the sheet and the hash of every action file as last imported."""

    actions: dict[str, dict[str, str]] = field(default_factory=dict)  # slug -> {"sheet": key, "sha256": …}

    @classmethod
    def load(cls, content_dir: Path) -> Manifest:
        path = content_dir / MANIFEST
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            actions = {slug: dict(entry) for slug, entry in data["actions"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ContentError([error(path, 0, f"unreadable import manifest ({exc})",
                                      hint=f"restore it from git: git checkout -- {path}")]) from None
        return cls(actions)

    def slug_of(self, key: str) -> str | None:
        return next((slug for slug, entry in self.actions.items() if entry.get("sheet") == key), None)

    def render(self) -> str:
        data = {
            "about": "Written by `initiatives import`: the sheet of each imported action and the SHA-256 "
                     "of the file as imported, to tell staff edits apart. Keep it in git; do not edit.",
            "actions": {slug: self.actions[slug] for slug in sorted(self.actions)},
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Change:
    """One file of the content folder and what the import does to it."""

    path: Path
    outcome: str  # "created", "updated", "unchanged", "kept"
    old: bytes | None
    new: bytes
    kind: str  # "action" or "centre"
    draft: bool = False


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_actions(actions: list[ImportedAction], content_dir: Path, manifest: Manifest, *,
                 today: dt.date, force: bool) -> list[Change]:
    """Give each action its slug and decide what happens to its file; updates the manifest."""
    actions_dir = content_dir / "actions"
    on_disk = {p.stem for p in actions_dir.glob("*.md")} if actions_dir.is_dir() else set()
    taken = on_disk | set(manifest.actions)
    assigned: set[str] = set()
    changes = []
    for action in actions:
        slug = manifest.slug_of(action.key)
        if slug is None or slug in assigned:
            slug = _free_slug(action, taken | assigned)
        assigned.add(slug)
        path = actions_dir / f"{slug}.md"
        old = path.read_bytes() if path.exists() else None
        new = render_action(action, _date_of(old, path) or today).encode("utf-8")
        recorded = manifest.actions.get(slug, {}).get("sha256")
        if old is None:
            outcome = "created"
        elif old == new:
            outcome = "unchanged"
        elif force or recorded == _sha(old):
            outcome = "updated"
        else:
            outcome = "kept"
        if outcome != "kept":
            manifest.actions[slug] = {"sheet": action.key, "sha256": _sha(new)}
        else:
            manifest.actions.setdefault(slug, {"sheet": action.key, "sha256": ""})
        changes.append(Change(path, outcome, old, new, "action", action.draft))
    return changes


def _free_slug(action: ImportedAction, taken: set[str]) -> str:
    """The title's slug; suffixed with the centre when another action has it, then numbered."""
    base = slugify(action.title) or "sans-titre"
    with_centre = f"{base}-{slugify(action.centre)}" if action.centre else base
    candidates = [base, with_centre] + [f"{with_centre}-{n}" for n in range(2, 10_000)]
    return next(c for c in candidates if c not in taken)


def _date_of(text: bytes | None, path: Path) -> dt.date | None:
    """The ``date`` of an existing action file, read as the loader reads it: kept on re-import."""
    document, _ = parse_document(text, str(path)) if text is not None else (None, [])
    date = document.data.get("date") if document is not None else None
    return date if isinstance(date, dt.date) else None


def plan_centres(actions: list[ImportedAction], content_dir: Path) -> list[Change]:
    """A stub for each centre that has no file yet; existing centre files are never touched."""
    centres_dir = content_dir / "centres"
    known: dict[str, str] = {}  # centre key -> slug
    for path in sorted(centres_dir.glob("*.md")) if centres_dir.is_dir() else []:
        known[centre_key(_name_of(path) or path.stem)] = path.stem
    changes = []
    for action in actions:
        if not action.centre or centre_key(action.centre) in known:
            continue
        base = slugify(action.centre) or "centre"
        candidates = [base, f"{base}-{slugify(action.department)}"] + [f"{base}-{n}" for n in range(2, 10_000)]
        slug = next(c for c in candidates if c not in known.values())
        known[centre_key(action.centre)] = slug
        stub = render_centre_stub(action.centre, action.department).encode("utf-8")
        changes.append(Change(centres_dir / f"{slug}.md", "created", None, stub, "centre"))
    return changes


def _name_of(path: Path) -> str | None:
    """The name in a centre file, read as the loader reads it; None when the file has none."""
    document, _ = read_document(path)
    name = document.data.get("name") if document is not None else None
    return name if isinstance(name, str) else None


# --- write and report -----------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do) to each file, and every problem it found."""

    changes: list[Change]
    problems: list[Problem]

    @property
    def rejected(self) -> bool:
        return any(p.is_error for p in self.problems)


def import_sheets(sheets: list[Path], content_dir: Path, *, force: bool = False, dry_run: bool = False,
                  today: dt.date | None = None,
                  progress: Callable[[list[Path]], Iterable[Path]] = iter) -> ImportResult:
    """Import sheet files into ``content_dir``: every file planned before any is written, atomically."""
    table = load_labels()
    problems: list[Problem] = []
    vocabulary = _load_vocabulary(content_dir, problems)

    # Read and parse every file; a rejected file or sheet does not stop the others.
    parsed: list[Sheet] = []
    for path in progress(list(sheets)):
        file_sheets, file_problems = read_sheets(path, table)
        parsed.extend(file_sheets)
        problems.extend(file_problems)

    # Convert each sheet to an action.
    actions: list[ImportedAction] = []
    seen: dict[str, ImportedAction] = {}
    for sheet in parsed:
        action, sheet_problems = sheet_to_action(sheet, vocabulary, table)
        problems.extend(sheet_problems)
        if action.key in seen:
            problems.append(warning(sheet.source, sheet.title_line, f"same title and centre as the sheet at "
                                    f"{seen[action.key].fields['source']}: imported as a separate action"))
            action = ImportedAction(f"{action.key}\t{sheet.source}:{sheet.line}", action.title, action.centre,
                                    action.department, action.fields, action.body, action.line)
        seen[action.key] = action
        actions.append(action)

    # Plan every file before writing any.
    manifest = Manifest.load(content_dir)
    before = manifest.render()
    changes = plan_actions(actions, content_dir, manifest, today=today or dt.date.today(), force=force)
    changes += plan_centres(actions, content_dir)

    if not dry_run:
        for change in changes:
            if change.outcome in ("created", "updated"):
                _write_atomic(change.path, change.new)
        if manifest.render() != before:
            _write_atomic(content_dir / MANIFEST, manifest.render().encode("utf-8"))
    return ImportResult(changes, problems)


def _load_vocabulary(content_dir: Path, problems: list[Problem]) -> Vocabulary:
    path = content_dir / "vocabulary.yaml"
    if not path.exists():
        problems.append(warning(path, 0, "no vocabulary: keywords, partners and publics kept as written"))
        return Vocabulary()
    return load_vocabulary(path)
