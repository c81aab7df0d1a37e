"""The one YAML writer: deterministic front matter, every key of a field table in order.

Strings are quoted or written as literal blocks so that they read back exactly as given,
and the same values always give the same bytes. The importer and ``initiatives new``
write their files with it; each field writes its own value (:meth:`Field.to_yaml`).
This module turns values into text and reads or writes no files.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping, Sequence

if TYPE_CHECKING:
    from .fields import Field

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
    return quoted(text)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + _NEEDS_ESCAPE.sub(_escape, escaped) + '"'


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def front_matter(fields: Sequence[Field], values: Mapping[str, object], *, omit_empty: tuple[str, ...] = (),
                 comments: bool = False) -> str:
    """``---`` lines around every key of ``fields``, in order; with ``comments``, each field's comment beside it."""
    assignments = []
    for field in fields:
        value = values.get(field.name)
        if field.name in omit_empty and value is None:
            continue
        written = field.to_yaml(value)
        assignments.append((f"{field.name}: {written}" if written else f"{field.name}:", field))
    if comments:
        width = max(len(text) for text, _ in assignments) + 2
        lines = [f"{text:<{width}}# {_comment(field)}" for text, field in assignments]
    else:
        lines = [text for text, _ in assignments]
    return "\n".join(["---", *lines, "---"]) + "\n"


def _comment(field: Field) -> str:
    return f"{field.comment} (required)" if field.required and field.comment != "required" else field.comment
