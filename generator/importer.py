"""``initiatives import``: turn exported sheets into action files and centre stubs.

The stages, in order (everything is read and decided before anything is written):

1. **read**: decode each file (UTF-8 with or without BOM, UTF-16 with BOM, or
   Windows-1252 with a warning); empty, binary or foreign files are rejected
   with one error naming the file.
2. **parse** (:mod:`generator.sheets`): sheets of labelled blocks; truncated sheets
   are rejected, the others of the same file still imported.
3. **convert** (:func:`sheet_to_action`, pure): front matter in the order of
   :data:`generator.fields.ACTION_FIELDS`, Markdown body, vocabulary mapped to
   canonical labels (``content/vocabulary.yaml``), structure split into centre
   and department.
4. **plan**: a stable slug per sheet, what each file would become.
5. **write** (skipped by ``--dry-run``), then print the report.

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
import difflib
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import departments
from .errors import ContentError, Problem, error, warning
from .fields import ACTION_FIELDS, ACTION_FIELDS_BY_NAME, ACTION_STATUSES, CENTRE_FIELDS, Field
from .sheets import Line, LabelTable, Sheet, fold, load_labels, parse_sheets, strip_bullet
from .urls import slugify
from .vocabulary import Vocabulary, load_vocabulary

MANIFEST = ".imported.json"
UNTITLED = "Sans titre"
LOOSE_SECTION = "Autres informations"
VOCABULARY_KINDS = ("keywords", "partners", "public")  # front-matter lists checked against the vocabulary


# --- convert: one sheet → one action (pure) ------------------------------------------------------


@dataclass(frozen=True)
class ImportedAction:
    """What a sheet becomes, before it gets a slug and a date."""

    key: str  # identifies the sheet across imports: structure and title as exported
    title: str
    centre: str
    department: str
    fields: dict[str, object]  # front matter without ``date``
    body: str
    line: int  # where the sheet starts, for messages

    @property
    def draft(self) -> bool:
        return bool(self.fields["draft"])


@dataclass
class _SheetContent:
    """A sheet's lines sorted by what they become."""

    values: dict[str, list[Line]] = field(default_factory=dict)  # list and choice fields
    texts: dict[str, list[Line]] = field(default_factory=dict)  # text fields
    sections: dict[tuple[str, str], list[Line]] = field(default_factory=dict)  # (heading, subheading)

    def section(self, heading: str, subheading: str = "") -> list[Line]:
        return self.sections.setdefault((heading, subheading), [])


def _sort_blocks(sheet: Sheet, table: LabelTable, problems: list[Problem]) -> _SheetContent:
    content = _SheetContent()
    for block in sheet.blocks:
        label = block.label
        if label is None:
            content.section(block.heading.text).extend(block.lines)
        elif label.kind in ("list", "choice"):
            content.values.setdefault(label.field, []).extend(_values(block.lines))
        elif label.kind == "text":
            content.texts.setdefault(label.field, []).extend(block.lines)
        elif label.kind == "section":
            content.section(label.section, label.subsection).extend(block.lines)
        elif label.kind == "detail" and block.detail_of:
            content.texts.setdefault(block.detail_of, []).extend(block.lines)
        elif block.lines:  # a « Précision » after a field that asks for none
            content.section(block.heading.text).extend(block.lines)
            problems.append(warning(sheet.source, block.heading.number,
                                    f"« {block.heading.text} » follows no field it can complete: "
                                    "kept as its own section"))
    if sheet.loose:
        content.section(LOOSE_SECTION).extend(sheet.loose)
    return content


def sheet_to_action(sheet: Sheet, vocabulary: Vocabulary, table: LabelTable | None = None
                    ) -> tuple[ImportedAction, list[Problem]]:
    """The action a sheet describes, and the warnings about what it holds."""
    table = table or load_labels()
    problems: list[Problem] = []
    content = _sort_blocks(sheet, table, problems)
    values, texts, sections = content.values, content.texts, content.sections

    def single(name: str) -> str:
        """A one-value field; further values go to a section of the field's label, with a warning."""
        found = _unique(values.get(name, []))
        label = ACTION_FIELDS_BY_NAME[name].label
        for extra in found[1:]:
            content.section(label).append(extra)
            problems.append(warning(sheet.source, extra.number, f"second value « {extra.text} » for "
                                    f"« {label} »: kept in the body"))
        return found[0].text if found else ""

    title = sheet.title.text if sheet.title else ""
    structure = values.get("centre", [])
    centre, department = _structure(single("centre"), vocabulary, sheet, structure, problems)
    fields: dict[str, object] = {
        "title": title or UNTITLED,
        "centre": centre,
        "department": department,
        "status": _status(single("status"), sheet, values.get("status", []), problems),
        "status_reason": _text(texts.get("status_reason", [])),
        "dimension": single("dimension"),
        "keywords": _canonical("keywords", values.get("keywords", []), vocabulary, sheet.source, problems),
        "themes": [v.text for v in _unique(values.get("themes", []))],
        "initiative": [v.text for v in _unique(values.get("initiative", []))],
        "initiative_detail": _text(texts.get("initiative_detail", [])),
        "territory": single("territory"),
        "public": _canonical("public", values.get("public", []), vocabulary, sheet.source, problems),
        "partners": _canonical("partners", values.get("partners", []), vocabulary, sheet.source, problems),
        "partners_detail": _text(texts.get("partners_detail", [])),
        "budget": _text(texts.get("budget", [])),
        "budget_eur": None,
        "people": _text(texts.get("people", [])),
        "files": [v.text for v in _unique(values.get("files", []))],
        "summary": _text(texts.get("summary", [])),
        "draft": False,
        "source": f"{Path(sheet.source).name}:{sheet.title_line}",
    }
    fields["budget_eur"] = plain_amount(str(fields["budget"]))
    fields["draft"] = _is_draft(title, centre, sheet, table, problems)
    raw_structure = structure[0].text if structure else ""
    key = f"{raw_structure}\t{title}" if title else f"{Path(sheet.source).name}:{sheet.line}"
    body = render_body(sections, table)
    return ImportedAction(key, str(fields["title"]), centre, department, fields, body, sheet.title_line), problems


_FILE_SIZE = re.compile(r"^\(\s*[\d.,\s]+\s*[KMGT]?[oB]?\s*\)$", re.IGNORECASE)


def _values(lines: Iterable[Line]) -> list[Line]:
    """List values without bullets; a lone "-" and an attachment's size line "( 640.62K )" carry none."""
    found = []
    for line in lines:
        value = strip_bullet(line.text)
        if value and not _FILE_SIZE.match(value):
            found.append(Line(value, line.number))
    return found


def _unique(values: list[Line]) -> list[Line]:
    seen: set[str] = set()
    return [v for v in values if not (v.text in seen or seen.add(v.text))]


def _structure(value: str, vocabulary: Vocabulary, sheet: Sheet, lines: list[Line],
               problems: list[Problem]) -> tuple[str, str]:
    """« NAME - Département » → canonical centre name, official department name."""
    if not value:
        return "", ""
    line = lines[0].number if lines else sheet.line
    name, department = _split_structure(value)
    if department is None:
        name, _, raw = value.rpartition(" - ") if " - " in value else (value, "", "")
        hint = departments.suggest(raw) if raw else None
        message = (f"unknown department « {raw} »" if raw else
                   "no department after the name of the structure (expected « NAME - Département »)")
        problems.append(warning(sheet.source, line, message,
                                hint=f"did you mean « {hint} » ?" if hint else "", source_line=value))
        department_name = raw
    else:
        department_name = department.name
    return vocabulary.canonical("centres", name) or name, department_name


def _split_structure(value: str) -> tuple[str, departments.Department | None]:
    """Split at the dash whose right-hand side is a department: « A - B - Creuse », « X - Bouches-du-Rhône »."""
    dashes = list(re.finditer(r"\s*[-–—]\s*", value))
    spaced = [d for d in dashes if d.group() != d.group().strip()]
    for dash in spaced + [d for d in dashes if d not in spaced]:
        found = departments.find(value[dash.end():])
        if found is not None and value[:dash.start()].strip():
            return value[:dash.start()].strip(), found
    return value, None


def _status(value: str, sheet: Sheet, lines: list[Line], problems: list[Problem]) -> str:
    for status in ACTION_STATUSES:
        if fold(value) == fold(status):
            return status
    if value:
        problems.append(warning(sheet.source, lines[0].number if lines else sheet.line,
                                f"unknown status « {value} »: kept as written",
                                hint=" or ".join(f"« {s} »" for s in ACTION_STATUSES)))
    return value


def _canonical(kind: str, lines: list[Line], vocabulary: Vocabulary, source: str,
               problems: list[Problem]) -> list[str]:
    """Values mapped to their canonical labels; unknown ones kept as written, with a warning."""
    labels: list[str] = []
    for line in _unique(lines):
        label = vocabulary.canonical(kind, line.text)
        if label is None:
            label = line.text
            hint = vocabulary.suggest(kind, line.text)
            problems.append(warning(source, line.number, f"« {line.text} » is not in the vocabulary of {kind}",
                                    hint=f"did you mean « {hint} » ? otherwise add it to vocabulary.yaml"
                                    if hint else "add it to vocabulary.yaml if it is right"))
        if label not in labels:
            labels.append(label)
    return labels


def _is_draft(title: str, centre: str, sheet: Sheet, table: LabelTable, problems: list[Problem]) -> bool:
    reasons = []
    if not title:
        reasons.append("the sheet has no title")
    elif table.is_placeholder_title(title):
        reasons.append(f"« {title} » is a placeholder title")
    if not centre:
        reasons.append("the sheet has no « Structure organisatrice »")
    for reason in reasons:
        problems.append(warning(sheet.source, sheet.title_line, f"{reason}: imported as a draft",
                                hint="complete it, then set draft: false"))
    return bool(reasons)


_AMOUNT = re.compile(
    r"^(?:(?P<grouped>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+)|(?P<plain>\d+))(?:,(?P<cents>\d{1,2}))?"
    r"\s*(?:€|euros?|eur)?$", re.IGNORECASE)


def plain_amount(text: str) -> int | float | None:
    """The amount in euros when ``text`` is one plain amount (« 9300 », « 8 775 € »), else None."""
    match = _AMOUNT.match(text.strip())
    if not match:
        return None
    whole = int(re.sub(r"\D", "", match["grouped"] or match["plain"]))
    cents = match["cents"]
    return whole + int(cents.ljust(2, "0")) / 100 if cents and int(cents) else whole


# --- Markdown -------------------------------------------------------------------------------------

_BULLET_MARK = re.compile(r"^[•◦▪●]\s*")


def _lines(lines: Iterable[Line]) -> list[str]:
    """Texts of a field: a lone "-" (the export's bullet cut from its text) joins the next line."""
    texts: list[str] = []
    pending = False
    for line in lines:
        text = _BULLET_MARK.sub("- ", line.text)
        if text == "-":
            pending = True
            continue
        texts.append(f"- {text}" if pending else text)
        pending = False
    return texts


def _text(lines: Iterable[Line]) -> str:
    """A front-matter text: its lines joined, bullets kept as written."""
    return "\n".join(_lines(lines))


def markdown(lines: Iterable[Line]) -> str:
    """Body Markdown: each line a paragraph, consecutive "- " lines one list."""
    blocks: list[list[str]] = []
    for text in _lines(lines):
        if text.startswith("#"):
            text = "\\" + text  # a heading would break the structure of the body
        bullet = text.startswith("- ")
        if bullet and blocks and blocks[-1][0].startswith("- "):
            blocks[-1].append(text)
        else:
            blocks.append([text])
    return "\n\n".join("\n".join(block) for block in blocks)


def render_body(sections: dict[tuple[str, str], list[Line]], table: LabelTable) -> str:
    """Sections in the form's order, then unknown ones as found; empty ones omitted."""
    parts: list[str] = []
    ordered = [h for h in table.body_order] + [h for h, _ in sections if h not in table.body_order]
    for heading in dict.fromkeys(ordered):
        subsections = [(sub, markdown(lines)) for (h, sub), lines in sections.items() if h == heading]
        subsections = [(sub, text) for sub, text in subsections if text]
        if not subsections:
            continue
        parts.append(f"## {heading}")
        for sub, text in subsections:
            parts.extend([f"### {sub}", text] if sub else [text])
    return "\n\n".join(parts) + "\n" if parts else ""


# --- YAML front matter ----------------------------------------------------------------------------

# Characters YAML cannot hold raw in a double-quoted scalar (non-printable or line breaks).
_NEEDS_ESCAPE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufeff\uff00-\ufffd\U00010000-\U0010ffff]|\ufeff")


def yaml_string(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``: a literal block when multi-line, else quoted."""
    lines = text.split("\n")
    literal = len(lines) > 1 and all(
        line == line.strip() and "\t" not in line and not _NEEDS_ESCAPE.search(line) for line in lines
    ) and lines[0] and lines[-1]
    if literal:
        return "|-\n" + "\n".join(f"  {line}" if line else "" for line in lines)
    return _quoted(text)


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + _NEEDS_ESCAPE.sub(_escape, escaped) + '"'


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _yaml_value(spec: Field, value: object) -> str:
    if value is None or value == "" and spec.kind in ("int", "number", "bool", "date"):
        return ""
    if spec.kind == "list":
        return "[" + ", ".join(_quoted(str(v)) for v in value) + "]"  # type: ignore[union-attr]
    if spec.kind == "bool":
        return "true" if value else "false"
    if spec.kind == "date":
        return value.isoformat()  # type: ignore[union-attr]
    if spec.kind in ("int", "number"):
        return repr(value)
    return yaml_string(str(value))


def front_matter(specs: tuple[Field, ...], values: dict[str, object], omit_empty: tuple[str, ...] = ()) -> str:
    """``---`` lines around every key of ``specs``, in order."""
    lines = ["---"]
    for spec in specs:
        value = values.get(spec.name)
        if spec.name in omit_empty and value is None:
            continue
        rendered = _yaml_value(spec, value)
        lines.append(f"{spec.name}: {rendered}" if rendered else f"{spec.name}:")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_action(action: ImportedAction, date: dt.date) -> str:
    """The whole action file."""
    values = {**action.fields, "date": date}
    return front_matter(ACTION_FIELDS, values, omit_empty=("budget_eur",)) + action.body


def render_centre_stub(name: str, department: str) -> str:
    """A centre file with every key, name and department filled, the others for staff to complete."""
    values: dict[str, object] = {f.name: "" if f.kind == "text" else None for f in CENTRE_FIELDS}
    values.update(name=name, department=department)
    return front_matter(CENTRE_FIELDS, values)


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
        new = render_action(action, _date_of(old) or today).encode("utf-8")
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


def _date_of(text: bytes | None) -> dt.date | None:
    """The ``date`` of an existing action file, kept on re-import."""
    if text is None:
        return None
    parts = text.decode("utf-8", errors="replace").split("\n---", 1)
    try:
        data = yaml.safe_load(parts[0].removeprefix("\ufeff").removeprefix("---")) if len(parts) == 2 else None
    except yaml.YAMLError:
        return None
    date = data.get("date") if isinstance(data, dict) else None
    return date if isinstance(date, dt.date) else None


def plan_centres(actions: list[ImportedAction], content_dir: Path) -> list[Change]:
    """A stub for each centre that has no file yet; existing centre files are never touched."""
    centres_dir = content_dir / "centres"
    known: dict[str, str] = {}  # folded name -> slug
    for path in sorted(centres_dir.glob("*.md")) if centres_dir.is_dir() else []:
        known[fold(_name_of(path) or path.stem)] = path.stem
    changes = []
    for action in actions:
        if not action.centre or fold(action.centre) in known:
            continue
        base = slugify(action.centre) or "centre"
        candidates = [base, f"{base}-{slugify(action.department)}"] + [f"{base}-{n}" for n in range(2, 10_000)]
        slug = next(c for c in candidates if c not in known.values())
        known[fold(action.centre)] = slug
        stub = render_centre_stub(action.centre, action.department).encode("utf-8")
        changes.append(Change(centres_dir / f"{slug}.md", "created", None, stub, "centre"))
    return changes


def _name_of(path: Path) -> str | None:
    match = re.search(r"^name:\s*(.+)$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    if not match:
        return None
    try:
        name = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
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


def _progress(paths: list[Path]) -> Iterator[Path]:
    """The paths, with a progress bar on an interactive terminal when there are several."""
    show = len(paths) > 1 and sys.stderr.isatty()
    for done, path in enumerate(paths):
        if show:
            filled = 30 * done // len(paths)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{len(paths)} {path.name[:40]:40}")
            sys.stderr.flush()
        yield path
    if show:
        sys.stderr.write(f"\r[{'#' * 30}] {len(paths)}/{len(paths)} {'':40}\n")


def _report(changes: list[Change], problems: list[Problem], dry_run: bool) -> str:
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


def import_command(sheets: list[Path], content_dir: Path, *, force: bool, dry_run: bool,
                   today: dt.date | None = None) -> int:
    """Import sheet files into ``content_dir``; print the report; 1 when any input was rejected."""
    table = load_labels()
    problems: list[Problem] = []
    vocabulary = _load_vocabulary(content_dir, problems)

    # Read and parse every file; a rejected file or sheet does not stop the others.
    parsed: list[Sheet] = []
    for path in _progress(list(sheets)):
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

    for problem in problems:
        print(problem.format(), file=sys.stderr)
    for change in changes:
        description = _describe(change, dry_run)
        if description:
            print(description)
    print(_report(changes, problems, dry_run))
    return 1 if any(p.is_error for p in problems) else 0


def _load_vocabulary(content_dir: Path, problems: list[Problem]) -> Vocabulary:
    path = content_dir / "vocabulary.yaml"
    if not path.exists():
        problems.append(warning(path, 0, "no vocabulary: keywords, partners and publics kept as written"))
        return Vocabulary()
    return load_vocabulary(path)
