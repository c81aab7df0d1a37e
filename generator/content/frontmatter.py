"""Deterministic YAML front matter: every key of a field table (:mod:`generator.fields`) in
order, strings quoted or written as literal blocks so that they read back exactly as given, so
the same values always give the same bytes. It holds the emitter (:func:`yaml_string`,
:func:`front_matter`) and the two files the import writes with it (:func:`render_action`,
:func:`render_centre_stub`); any module that writes front matter can use it. Data flows
sheets → convert → frontmatter → importer: this module turns converted values into text and
reads or writes no files.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .fields import ACTION_FIELDS, CENTRE_FIELDS, Field

if TYPE_CHECKING:
    from ..importer.convert import ImportedAction

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
