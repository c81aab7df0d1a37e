"""Parse exported « fiches actions » into sheets: labelled blocks of lines, with line numbers.

This module only reads text; :mod:`generator.convert` decides what each block
becomes and :mod:`generator.importer` writes the files. What the labels are and what they mean is data, in
``generator/data/sheet_labels.toml``.

Two export formats exist, detected per file:

- **current**: a sheet starts with a line ``Actions`` followed by its title;
  a line ``- Label`` starts a field only when Label is one of the form's labels;
  the ``- value`` lines that follow are its values, or its text.
- **older** (questionnaire): labels are bare lines, often questions; list values
  are bare lines or ``•`` bullets. A file may start in the middle of a sheet.

Nothing is dropped: every line that is not a label, a sheet start or export
chrome ends up in a block, in a sheet's title or in its ``loose`` lines (text
outside any field). The parser never raises on odd input; it reports problems.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple

from ..errors import Problem, error, warning
from ..french import fold

Format = Literal["current", "older"]
LabelKind = Literal["list", "choice", "text", "section", "detail", "marker"]

FORMATS: tuple[Format, ...] = ("current", "older")


@dataclass(frozen=True)
class Label:
    """One label of the export form and what its content becomes."""

    text: str
    kind: LabelKind
    field: str = ""  # front-matter key (list, choice, text)
    section: str = ""  # body heading (section)
    subsection: str = ""  # "###" heading under ``section``
    detail: str = ""  # key filled by a "Précision ( si autre )" that follows this field
    formats: tuple[Format, ...] = FORMATS
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelTable:
    """The whole form: its labels and the few lines that frame sheets."""

    labels: tuple[Label, ...]
    start: str
    chrome: tuple[str, ...]
    last_label: str
    placeholder_titles: tuple[str, ...]
    unknown_label_prefixes: tuple[str, ...]
    question_words: tuple[str, ...]
    body_order: tuple[str, ...]

    def __post_init__(self) -> None:
        # Folded once: every line of an export is compared with these (15,000 sheets: millions of lines).
        index: dict[tuple[Format, str], Label] = {}
        for label in self.labels:
            for fmt in label.formats:
                for text in (label.text, *label.aliases):
                    index[(fmt, fold(text))] = label
        longest = max(len(text) for label in self.labels for text in (label.text, *label.aliases))
        folded = {"_index": index, "label_keys": frozenset(key for _, key in index), "_longest": 2 * longest + 20, "start_key": fold(self.start),
                  "chrome_keys": frozenset(fold(c) for c in self.chrome),
                  "_placeholders": tuple(fold(p) for p in self.placeholder_titles),
                  "_prefixes": tuple(fold(p) for p in self.unknown_label_prefixes)}
        for name, value in folded.items():
            object.__setattr__(self, name, value)

    def key(self, text: str) -> str | None:
        """How a line is compared with the labels (its letters and digits); None for a paragraph."""
        return fold(text) if len(text) <= self._longest else None  # too long to be a label: not folded

    def find(self, text: str, fmt: Format) -> Label | None:
        """The label of format ``fmt`` written ``text``, case, accents and punctuation aside."""
        return self.lookup(self.key(text), fmt)

    def lookup(self, key: str | None, fmt: Format) -> Label | None:
        """The label of format ``fmt`` whose key is ``key``."""
        return None if key is None else self._index.get((fmt, key))

    def is_start(self, text: str) -> bool:
        return self.key(text) == self.start_key

    def is_chrome(self, text: str) -> bool:
        return self.key(text) in self.chrome_keys

    def is_placeholder_title(self, title: str) -> bool:
        folded = fold(title)
        return not folded or folded.startswith(self._placeholders)

    def looks_like_label(self, text: str, fmt: Format, key: str | None = None) -> bool:
        """Whether an unknown line reads like a label of the form rather than like content."""
        if fmt == "current":
            return (key if key is not None else fold(text[:self._longest])).startswith(self._prefixes)
        first_word = re.split(r"[\s'’]", text, maxsplit=1)[0]
        return (text.rstrip().endswith("?") and len(text) > 20
                and first_word in self.question_words)


@lru_cache(maxsize=1)
def load_labels() -> LabelTable:
    """The label table shipped in ``generator/data/sheet_labels.toml``."""
    text = resources.files("generator").joinpath("data/sheet_labels.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    sheet = data["sheet"]
    labels = tuple(
        Label(text=entry["text"], kind=entry["kind"], field=entry.get("field", ""),
              section=entry.get("section", ""), subsection=entry.get("subsection", ""),
              detail=entry.get("detail", ""), formats=tuple(entry.get("formats", FORMATS)),
              aliases=tuple(entry.get("aliases", ())))
        for entry in data["label"]
    )
    return LabelTable(
        labels=labels, start=sheet["start"], chrome=tuple(sheet["chrome"]),
        last_label=sheet["last_label"], placeholder_titles=tuple(sheet["placeholder_titles"]),
        unknown_label_prefixes=tuple(sheet["unknown_label_prefixes"]),
        question_words=tuple(sheet["question_words"]), body_order=tuple(data["body"]["order"]),
    )


class Line(NamedTuple):
    """A line of the input, stripped, with its 1-based number (a tuple: an export has millions)."""

    text: str
    number: int


@dataclass(frozen=True)
class Block:
    """A label of a sheet and the lines under it, up to the next label."""

    heading: Line  # the label as written, without its "- "
    label: Label | None  # None: a label the importer does not know
    lines: tuple[Line, ...]  # non-blank lines as written (stripped), bullets included
    detail_of: str = ""  # for a "Précision": the key it fills ("" when no field before asks for one)


@dataclass(frozen=True)
class Sheet:
    """One *fiche action* as found in a file."""

    source: str  # the file name, as shown in messages
    format: Format
    line: int  # first line of the sheet
    title: Line | None
    blocks: tuple[Block, ...]
    loose: tuple[Line, ...]  # text found outside any field
    complete: bool  # current format: the form's last label was reached

    @property
    def title_line(self) -> int:
        return self.title.number if self.title else self.line


def detect_format(lines: list[str], table: LabelTable) -> Format | None:
    """The format most of the file's label lines belong to; None when it has no label at all."""
    keyed = [(text, table.key(text)) for text in (raw.strip() for raw in lines)]
    return _detect_format(keyed, table)


def _detect_format(keyed: list[tuple[str, str | None]], table: LabelTable) -> Format | None:
    labels = [(text, key) for text, key in keyed if key in table.label_keys]
    current = sum(1 for text, key in labels if _bullet_label(text, key, table) is not None)
    older = sum(1 for text, key in labels if _bare_label(text, key, table, "older") is not None)
    if not current and not older:
        return None
    return "current" if current >= older else "older"


# A line of a sheet being parsed, with its key for the label table (LabelTable.key).
Keyed = tuple[Line, "str | None"]


class Chunk(NamedTuple):
    """The lines of one sheet: ``keyed[start:stop]`` of its file, each line's text and key.

    Only bounds: a worker that parses the sheet makes its ``Line`` objects (the file has millions).
    """

    keyed: list[tuple[str, str | None]]
    start: int
    stop: int

    def lines(self, table: LabelTable) -> list[Keyed]:
        keyed = self.keyed
        found = [(Line(keyed[n][0], n + 1), keyed[n][1]) for n in range(self.start, self.stop) if keyed[n][0]]
        if keyed[self.start][1] != table.start_key:  # the file's top: the export's own header is not a sheet
            found = [(line, key) for line, key in found if key not in table.chrome_keys]
        return found


def parse_sheets(text: str, source: str, table: LabelTable | None = None) -> tuple[list[Sheet], list[Problem]]:
    """Split decoded text into sheets; problems for what could not be read as a sheet."""
    table = table or load_labels()
    fmt, chunks, problems = split_sheets(text, source, table)
    sheets = []
    for chunk in chunks:
        sheet, sheet_problems = parse_sheet(chunk, source, fmt, table)
        sheets.append(sheet)
        problems += sheet_problems
    return sheets, problems


def split_sheets(text: str, source: str, table: LabelTable) -> tuple[Format, list[Chunk], list[Problem]]:
    """The file's format and its lines cut into one chunk per sheet (each parsed by ``parse_sheet``)."""
    # Each line is stripped and folded once: a 50 MB export has two million lines.
    keyed = [(line, table.key(line)) for line in (raw.strip() for raw in text.split("\n"))]
    fmt = _detect_format(keyed, table)
    if fmt is None:
        return "current", [], [error(source, 0, "not an exported action sheet: no label of the form found",
                                     hint="expected lines such as « - Structure organisatrice »")]
    return fmt, _chunks(keyed, table), []


def _chunks(keyed: list[tuple[str, str | None]], table: LabelTable) -> list[Chunk]:
    """Cut the file at each sheet start; text before the first start is a sheet cut at its top."""
    starts = [number for number, (_, key) in enumerate(keyed) if key == table.start_key]
    chunks = [Chunk(keyed, start, stop) for start, stop in zip([0, *starts], [*starts, len(keyed)]) if start < stop]
    if chunks and chunks[0].start not in starts and not chunks[0].lines(table):
        del chunks[0]  # nothing before the first sheet but blank lines and the export's header
    return chunks


def parse_sheet(chunk: Chunk, source: str, fmt: Format, table: LabelTable) -> tuple[Sheet, list[Problem]]:
    """One sheet of ``split_sheets``, and what is wrong with it."""
    problems: list[Problem] = []
    lines = chunk.lines(table)
    first = lines[0][0]
    starts = lines[0][1] == table.start_key
    rest = lines[1:] if starts else lines
    title: Line | None = None
    if starts and rest and _label_of(*rest[0], table, fmt) is None and not _unknown_label(*rest[0], table, fmt):
        title, rest = Line(strip_bullet(rest[0][0].text), rest[0][0].number), rest[1:]
    loose: list[Line] = []
    blocks: list[Block] = []
    heading: Line | None = None
    label: Label | None = None
    body: list[Line] = []

    def close() -> None:
        if heading is not None:
            blocks.append(Block(heading, label, tuple(body), _detail_of(label, blocks)))

    for line, key in rest:
        found = _label_of(line, key, table, fmt)
        if found is None:
            found, stray = _label_with_stray(line, key, table, fmt)
            if found is not None:
                problems.append(warning(source, line.number, f"« {stray.strip()} » after the label "
                                        f"« {found.text} » is not part of it: ignored", source_line=line.text))
        if found is not None and found.kind == "marker":
            continue
        if found is not None or _unknown_label(line, key, table, fmt):
            close()
            heading, label, body = Line(_label_text(line.text, fmt), line.number), found, []
            if found is None:
                problems.append(warning(source, line.number,
                                        f"unknown label « {heading.text} »: kept as its own section",
                                        hint="add it to generator/data/sheet_labels.toml"))
        elif heading is None:
            loose.append(line)
        else:
            body.append(line)
    close()
    last = table.key(table.last_label)
    complete = fmt == "older" or any(b.label is not None and table.key(b.label.text) == last for b in blocks)
    if not complete:
        name = title.text if title else "sans titre"
        problems.append(error(source, lines[-1][0].number,
                              f"truncated sheet « {name} »: it ends before « {table.last_label} »",
                              hint="export the sheet again; nothing of it was imported"))
    for line in loose:
        problems.append(warning(source, line.number, "text outside any field: kept in « Autres informations »",
                                source_line=line.text))
    return Sheet(source, fmt, first.number, title, tuple(blocks), tuple(loose), complete), problems


def _detail_of(label: Label | None, blocks: list[Block]) -> str:
    """The key a « Précision » fills: the one asked for by the field just before it."""
    if label is None or label.kind != "detail" or not blocks:
        return ""
    previous = blocks[-1].label
    return previous.detail if previous is not None else ""


def _label_of(line: Line, key: str | None, table: LabelTable, fmt: Format) -> Label | None:
    if fmt == "current":
        return _bullet_label(line.text, key, table) or _bare_marker(key, table)
    return _bare_label(line.text, key, table, "older")


def _label_with_stray(line: Line, key: str | None, table: LabelTable, fmt: Format) -> tuple[Label | None, str]:
    """A label followed by stray digits or symbols pasted after it (« - Public ① », « Partenaires (1) »)."""
    text = line.text
    end = len(text)
    while end and not text[end - 1].isalpha():
        end -= 1
    stray = text[end:]
    if not end or key is None or not table.key(stray):  # nothing after the label that its key does not ignore
        return None, ""
    return _label_of(Line(text[:end], line.number), table.key(text[:end]), table, fmt), stray


def _bullet_label(text: str, key: str | None, table: LabelTable) -> Label | None:
    """The label of a current-format line ``- Label`` (the key ignores the dash)."""
    return table.lookup(key, "current") if text.startswith("-") else None


def _bare_marker(key: str | None, table: LabelTable) -> Label | None:
    label = table.lookup(key, "current")
    return label if label is not None and label.kind == "marker" else None


def _bare_label(text: str, key: str | None, table: LabelTable, fmt: Format) -> Label | None:
    if not text or text[0] in "-•":
        return None
    return table.lookup(key, fmt)


def _unknown_label(line: Line, key: str | None, table: LabelTable, fmt: Format) -> bool:
    text = line.text
    if fmt == "current":
        return text.startswith("-") and table.looks_like_label(text[1:].strip(), fmt, key)
    return not text.startswith(("-", "•")) and table.looks_like_label(text, fmt)


def _label_text(text: str, fmt: Format) -> str:
    return text[1:].strip() if fmt == "current" and text.startswith("-") else text


_BULLET = re.compile(r"^(?:[-•◦▪*–—]\s*)+")


def strip_bullet(text: str) -> str:
    """A list value without its bullet: « - Caf » → « Caf », « • Culture » → « Culture »."""
    return _BULLET.sub("", text).strip()
