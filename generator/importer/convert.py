"""One exported sheet → one :class:`ImportedAction`, with no I/O: front-matter values in the
order of :data:`generator.fields.ACTION_FIELDS`, vocabulary mapped to canonical labels, the
structure split into centre and department, plain budgets read as amounts, and the Markdown body
built from the sheet's sections. Data flows sheets → convert → frontmatter → importer: this
module takes the parsed :class:`generator.sheets.Sheet` and knows nothing of slugs, dates,
files or the manifest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content import departments
from ..content.fields import ACTION_FIELDS, ACTION_FIELDS_BY_NAME, ACTION_STATUSES
from ..content.vocabulary import KINDS as VOCABULARY_KINDS
from ..content.vocabulary import Vocabulary
from ..errors import Problem, warning
from ..french import fold
from .sheets import LabelTable, Line, Sheet, load_labels, strip_bullet

UNTITLED = "Sans titre"
LOOSE_SECTION = "Autres informations"


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
    # Fields a sheet does not simply hold as they are; every other field is read by its kind below.
    derived: dict[str, Callable[[], object]] = {
        "title": lambda: title or UNTITLED,
        "centre": lambda: centre,
        "department": lambda: department,
        "status": lambda: _status(single("status"), sheet, values.get("status", []), problems),
        "budget_eur": lambda: plain_amount(_text(texts.get("budget", []))),
        "draft": lambda: _is_draft(title, centre, sheet, table, problems),
        "source": lambda: f"{Path(sheet.source).name}:{sheet.title_line}",
        "date": None,  # the importer dates the file: a new one today, an existing one keeps its date
    }
    fields: dict[str, object] = {}
    for spec in ACTION_FIELDS:
        if spec.name in derived:
            if derived[spec.name] is not None:
                fields[spec.name] = derived[spec.name]()
        elif spec.name in VOCABULARY_KINDS:
            fields[spec.name] = _canonical(spec.name, values.get(spec.name, []), vocabulary, sheet.source, problems)
        elif spec.kind == "list":
            fields[spec.name] = [v.text for v in _unique(values.get(spec.name, []))]
        elif spec.name in texts or spec.name not in values:
            fields[spec.name] = _text(texts.get(spec.name, []))
        else:
            fields[spec.name] = single(spec.name)
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
    """Values mapped to their canonical labels; unknown ones kept as written, with a warning.

    Without a vocabulary for ``kind`` there is nothing to compare with: the importer says so once.
    """
    labels: list[str] = []
    for line in _unique(lines):
        label = vocabulary.canonical(kind, line.text)
        if label is None and vocabulary.labels.get(kind):
            hint = vocabulary.suggest(kind, line.text)
            problems.append(warning(source, line.number, f"« {line.text} » is not in the vocabulary of {kind}",
                                    hint=f"did you mean « {hint} » ? otherwise add it to vocabulary.yaml"
                                    if hint else "add it to vocabulary.yaml if it is right"))
        label = label or line.text
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

