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
from typing import Literal

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

    def find(self, text: str, fmt: Format) -> Label | None:
        """The label of format ``fmt`` written ``text``, case, accents and punctuation aside."""
        return self._index().get((fmt, fold(text)))

    def is_start(self, text: str) -> bool:
        return fold(text) == fold(self.start)

    def is_chrome(self, text: str) -> bool:
        return fold(text) in {fold(c) for c in self.chrome}

    def is_placeholder_title(self, title: str) -> bool:
        folded = fold(title)
        return not folded or any(folded.startswith(fold(p)) for p in self.placeholder_titles)

    def looks_like_label(self, text: str, fmt: Format) -> bool:
        """Whether an unknown line reads like a label of the form rather than like content."""
        if fmt == "current":
            return any(fold(text).startswith(fold(p)) for p in self.unknown_label_prefixes)
        first_word = re.split(r"[\s'’]", text, maxsplit=1)[0]
        return (text.rstrip().endswith("?") and len(text) > 20
                and first_word in self.question_words)

    def _index(self) -> dict[tuple[Format, str], Label]:
        return _label_index(self)


@lru_cache(maxsize=4)
def _label_index(table: LabelTable) -> dict[tuple[Format, str], Label]:
    index: dict[tuple[Format, str], Label] = {}
    for label in table.labels:
        for fmt in label.formats:
            for text in (label.text, *label.aliases):
                index[(fmt, fold(text))] = label
    return index


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


@dataclass(frozen=True)
class Line:
    """A line of the input, stripped, with its 1-based number."""

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
    current = sum(1 for text in lines if _bullet_label(text, table) is not None)
    older = sum(1 for text in lines if _bare_label(text, table, "older") is not None)
    if not current and not older:
        return None
    return "current" if current >= older else "older"


def parse_sheets(text: str, source: str, table: LabelTable | None = None) -> tuple[list[Sheet], list[Problem]]:
    """Split decoded text into sheets; problems for what could not be read as a sheet."""
    table = table or load_labels()
    lines = text.split("\n")
    fmt = detect_format(lines, table)
    if fmt is None:
        return [], [error(source, 0, "not an exported action sheet: no label of the form found",
                          hint="expected lines such as « - Structure organisatrice »")]
    problems: list[Problem] = []
    sheets = [_parse_sheet(chunk, source, fmt, table, problems) for chunk in _chunks(lines, table)]
    return sheets, problems


def _chunks(lines: list[str], table: LabelTable) -> list[list[Line]]:
    """Cut the file at each sheet start; text before the first start is a sheet cut at its top."""
    chunks: list[list[Line]] = [[]]
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if table.is_start(text):
            chunks.append([Line(text, number)])
        elif text:
            chunks[-1].append(Line(text, number))
    # The export's own header ("Les actions des centres sociaux") precedes the first sheet.
    chunks[0] = [line for line in chunks[0] if not table.is_chrome(line.text)]
    return [chunk for chunk in chunks if chunk]


def _parse_sheet(chunk: list[Line], source: str, fmt: Format, table: LabelTable,
                 problems: list[Problem]) -> Sheet:
    starts = table.is_start(chunk[0].text)
    rest = chunk[1:] if starts else chunk
    title: Line | None = None
    if starts and rest and _label_of(rest[0].text, table, fmt) is None \
            and not _unknown_label(rest[0].text, table, fmt):
        title, rest = Line(strip_bullet(rest[0].text), rest[0].number), rest[1:]
    loose: list[Line] = []
    blocks: list[Block] = []
    heading: Line | None = None
    label: Label | None = None
    body: list[Line] = []

    def close() -> None:
        if heading is not None:
            blocks.append(Block(heading, label, tuple(body), _detail_of(label, blocks)))

    for line in rest:
        found = _label_of(line.text, table, fmt)
        if found is not None and found.kind == "marker":
            continue
        if found is not None or _unknown_label(line.text, table, fmt):
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
    complete = fmt == "older" or any(
        b.label is not None and fold(b.label.text) == fold(table.last_label) for b in blocks)
    if not complete:
        name = title.text if title else "sans titre"
        problems.append(error(source, chunk[-1].number,
                              f"truncated sheet « {name} »: it ends before « {table.last_label} »",
                              hint="export the sheet again; nothing of it was imported"))
    for line in loose:
        problems.append(warning(source, line.number, "text outside any field: kept in « Autres informations »",
                                source_line=line.text))
    return Sheet(source, fmt, chunk[0].number, title, tuple(blocks), tuple(loose), complete)


def _detail_of(label: Label | None, blocks: list[Block]) -> str:
    """The key a « Précision » fills: the one asked for by the field just before it."""
    if label is None or label.kind != "detail" or not blocks:
        return ""
    previous = blocks[-1].label
    return previous.detail if previous is not None else ""


def _label_of(text: str, table: LabelTable, fmt: Format) -> Label | None:
    if fmt == "current":
        return _bullet_label(text, table) or _bare_marker(text, table)
    return _bare_label(text, table, "older")


def _bullet_label(text: str, table: LabelTable) -> Label | None:
    """The label of a current-format line ``- Label``."""
    stripped = text.strip()
    if not stripped.startswith("-"):
        return None
    return table.find(stripped[1:], "current")


def _bare_marker(text: str, table: LabelTable) -> Label | None:
    label = table.find(text, "current")
    return label if label is not None and label.kind == "marker" else None


def _bare_label(text: str, table: LabelTable, fmt: Format) -> Label | None:
    stripped = text.strip()
    if not stripped or stripped[0] in "-•":
        return None
    return table.find(stripped, fmt)


def _unknown_label(text: str, table: LabelTable, fmt: Format) -> bool:
    if fmt == "current":
        return text.startswith("-") and table.looks_like_label(text[1:].strip(), fmt)
    return not text.startswith(("-", "•")) and table.looks_like_label(text, fmt)


def _label_text(text: str, fmt: Format) -> str:
    return text[1:].strip() if fmt == "current" and text.startswith("-") else text


_BULLET = re.compile(r"^(?:[-•◦▪*–—]\s*)+")


def strip_bullet(text: str) -> str:
    """A list value without its bullet: « - Caf » → « Caf », « • Culture » → « Culture »."""
    return _BULLET.sub("", text).strip()
