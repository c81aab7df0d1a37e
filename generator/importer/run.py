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
import itertools
import json
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..content.document import parse_document, read_document
from ..content.model import centre_key
from ..content.scaffold import missing_site_files, new_site_template, scaffold_site
from ..content.vocabulary import Vocabulary, load_vocabulary
from ..errors import ContentError, Problem, error, warning
from ..parallel import parallel_map
from ..progress import Progress
from ..urls import file_slug, slugify
from .convert import ImportedAction, sheet_to_action
from .files import render_action, render_centre_stub
from .sheets import LabelTable, load_labels, parse_sheet, split_sheets

MANIFEST = ".imported.json"


# --- read ----------------------------------------------------------------------------------------


_BINARY_HINT = "export the sheets as text (.txt)"
# How files that are not text begin: PDF, PNG, GIF, JPEG, ZIP (docx, odt, xlsx), OLE (doc, xls), WebP/RIFF.
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"RIFF")
_CONTROL_BYTES = bytes(set(range(32)) - set(b"\t\n\r\f\v\x1a"))
# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                            rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")


def decode_sheet(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a sheet file, or None and a one-line error when it is not a text export.

    A file is decoded as a whole (UTF-8, UTF-16, or Windows-1252 when it has no UTF-8 at all);
    a mostly UTF-8 file keeps its UTF-8, each invalid byte replaced by « \ufffd » and reported
    at its line; control characters are removed and reported at theirs.
    """
    utf16 = _utf16_codec(data)
    if utf16 is None and (data.startswith(_MAGIC) or _control_share(data) > 0.05):
        return None, [error(shown, 0, "binary file, not a text export", hint=_BINARY_HINT)]
    if utf16 is not None:
        text, problems = data.decode(utf16, errors="replace").removeprefix("\ufeff"), [
            warning(shown, 0, "the file is UTF-16: decoded, but UTF-8 is expected")]
    else:
        text, problems = _decode_8bit(data.removeprefix(b"\xef\xbb\xbf"), shown)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip("\x1a")
    text = text.replace("\t", " ")  # a tab is a space in a sheet (YAML would keep it as « \t »)
    if "\ufffd" in text:  # bytes that were not UTF-8 where most were, or were not UTF-16
        problems += [warning(shown, number, "invalid UTF-8 replaced by « \ufffd »", hint="retype the character",
                             source_line=line) for number, line in enumerate(text.split("\n"), start=1)
                     if "\ufffd" in line]
    text, removed = _without_controls(text, shown)
    if not text.strip():
        return None, [error(shown, 0, "empty file: no sheet to import")]
    return text, problems + removed


def _utf16_codec(data: bytes) -> str | None:
    """« utf-16 » for a file with a UTF-16 byte-order mark or the NUL bytes of UTF-16 text; None otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.6 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.6 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _control_share(data: bytes) -> float:
    """The share of bytes that no text export holds (NUL and other control characters)."""
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data) if data else 0.0


def _decode_8bit(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    """UTF-8, keeping it when most non-ASCII bytes are UTF-8; Windows-1252 (Latin-1) when none or few are."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_bad = data.count(b"\n", 0, exc.start) + 1
    non_ascii = len(data) - len(data.translate(None, bytes(range(128, 256))))
    in_sequences = sum(len(found) for found in _UTF8_SEQUENCE.findall(data))
    if in_sequences >= non_ascii - in_sequences:  # more UTF-8 than stray bytes: a UTF-8 file, damaged
        return data.decode("utf-8", errors="replace"), []  # each replacement is reported at its line
    try:
        text, codec = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, codec = data.decode("latin-1"), "Latin-1"
    return text, [warning(shown, first_bad, f"the file is not UTF-8: decoded as {codec}",
                          hint="check the accents of what was imported")]


# Control characters (all but tab and line feed, which the text already split on) and stray byte-order marks.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def _without_controls(text: str, shown: str) -> tuple[str, list[Problem]]:
    """The text without control characters, each line that had some reported."""
    if not _CONTROLS.search(text):
        return text, []
    problems, lines = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if _CONTROLS.search(line):
            removed = sorted({f"U+{ord(c):04X}" for c in _CONTROLS.findall(line)})
            line = _CONTROLS.sub("", line)
            problems.append(warning(shown, number, f"control character(s) {', '.join(removed)} removed",
                                    source_line=line))
        lines.append(line)
    return "\n".join(lines), problems


class ReadAction(NamedTuple):
    """A complete sheet of a file, converted, with where it starts (part of a duplicate's identity)."""

    action: ImportedAction
    source: str
    line: int


def read_actions(path: Path, table: LabelTable, vocabulary: Vocabulary, progress: Progress | None = None
                 ) -> tuple[list[ReadAction], list[Problem]]:
    """The actions of the complete sheets of one file, and every problem of the file and its sheets.

    Sheets are parsed and converted over every core: a 50 MB export holds 15,000 of them.
    """
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [error(shown, 0, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = decode_sheet(data, shown)
    if text is None:
        return [], problems
    fmt, chunks, split_problems = split_sheets(text, shown, table)
    del text, data  # the chunks hold the lines: keep one copy of a large file, not three

    def read(chunk: list) -> tuple[ReadAction | None, list[Problem]]:
        sheet, sheet_problems = parse_sheet(chunk, shown, fmt, table)
        if not sheet.complete:
            return None, sheet_problems
        action, action_problems = sheet_to_action(sheet, vocabulary, table)
        return ReadAction(action, shown, sheet.line), sheet_problems + action_problems

    if progress is not None:
        progress.start(f"import {path.name}", len(chunks))
    started = time.perf_counter()
    results = parallel_map(read, chunks, on_progress=progress.advance if progress else None)
    if progress is not None:
        progress.end(f"import {path.name}", time.perf_counter() - started)
    problems += split_problems
    for _, sheet_problems in results:
        problems += sheet_problems
    return [read for read, _ in results if read is not None], problems


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

    def slugs(self) -> dict[str, str]:
        """The slug each sheet was last imported under (the first, should two share a sheet)."""
        found: dict[str, str] = {}
        for slug, entry in self.actions.items():
            found.setdefault(entry.get("sheet", ""), slug)
        return found

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
    slug_of = manifest.slugs()
    taken = on_disk | set(manifest.actions)  # grows with every slug given: one set, not one per action
    assigned: set[str] = set()
    changes = []
    for action in actions:
        slug = slug_of.get(action.key)
        if slug is None or slug in assigned:
            slug = _free_slug(action, taken)
        assigned.add(slug)
        taken.add(slug)
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
    base = file_slug(action.title) or "sans-titre"
    with_centre = f"{base}-{file_slug(action.centre)}" if action.centre else base
    candidates = itertools.chain((base, with_centre), (f"{with_centre}-{n}" for n in itertools.count(2)))
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
    slugs = set(known.values())
    changes = []
    for action in actions:
        if not action.centre or centre_key(action.centre) in known:
            continue
        base = file_slug(action.centre) or "centre"
        candidates = itertools.chain((base, f"{base}-{slugify(action.department)}"),
                                     (f"{base}-{n}" for n in itertools.count(2)))
        slug = next(c for c in candidates if c not in slugs)
        known[centre_key(action.centre)] = slug
        slugs.add(slug)
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
    scaffolded: list[Path]  # files created first because the content folder had no site.toml

    @property
    def rejected(self) -> bool:
        return any(p.is_error for p in self.problems)


def import_sheets(sheets: list[Path], content_dir: Path, *, force: bool = False, dry_run: bool = False,
                  today: dt.date | None = None,
                  progress: Progress | None = None) -> ImportResult:
    """Import sheet files into ``content_dir``: every file planned before any is written, atomically."""
    table = load_labels()
    problems: list[Problem] = []
    # A folder without site.toml is a new site: it gets the files of `initiatives init` with the import.
    new_site = not (content_dir / "site.toml").exists()
    vocabulary = _load_vocabulary(content_dir, problems, new_site=new_site)

    # Read, parse and convert every file; a rejected file or sheet does not stop the others.
    actions: list[ImportedAction] = []
    seen: dict[str, ImportedAction] = {}
    for path in sheets:
        read, file_problems = read_actions(path, table, vocabulary, progress)
        problems.extend(file_problems)
        for action, source, line in read:
            if action.key in seen:
                problems.append(warning(source, action.line, f"same title and centre as the sheet at "
                                        f"{seen[action.key].fields['source']}: imported as a separate action"))
                action = ImportedAction(f"{action.key}\t{source}:{line}", action.title, action.centre,
                                        action.department, action.fields, action.body, action.line)
            seen[action.key] = action
            actions.append(action)

    # Plan every file before writing any.
    manifest = Manifest.load(content_dir)
    before = manifest.render()
    changes = plan_actions(actions, content_dir, manifest, today=today or dt.date.today(), force=force)
    changes += plan_centres(actions, content_dir)

    scaffolded = missing_site_files(content_dir) if new_site else []
    if not dry_run:
        if new_site:
            scaffold_site(content_dir)
        for change in changes:
            if change.outcome in ("created", "updated"):
                _write_atomic(change.path, change.new)
        if manifest.render() != before:
            _write_atomic(content_dir / MANIFEST, manifest.render().encode("utf-8"))
    return ImportResult(changes, problems, scaffolded)


def _load_vocabulary(content_dir: Path, problems: list[Problem], *, new_site: bool) -> Vocabulary:
    path = content_dir / "vocabulary.yaml"
    if not path.exists() and new_site:
        return load_vocabulary(new_site_template("vocabulary.yaml"))
    if not path.exists():
        problems.append(warning(path, 0, "no vocabulary: keywords, partners and publics kept as written"))
        return Vocabulary()
    return load_vocabulary(path)
