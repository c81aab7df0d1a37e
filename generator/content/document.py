"""A content file split into YAML front matter (with the line of every key) and a Markdown body.

PyYAML gives no positions once a document is loaded, so the front matter is
composed into nodes first: each node knows its line, and each value is then
constructed on its own so that one bad value does not hide the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem, error

# libyaml when available: thousands of files are parsed on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE = "---"
_FRONT_MATTER_FIRST_LINE = 2  # the YAML text starts on the line after the opening "---"


@dataclass(frozen=True)
class Document:
    """The parsed parts of one content file."""

    path: str
    data: dict[str, object]
    lines: dict[str, int]  # front-matter key -> line in the file
    body: str
    body_line: int  # first line of the body in the file
    text_lines: tuple[str, ...] = field(repr=False, default=())

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def source(self, line: int) -> str:
        """The text of a line of the file, for error messages."""
        return self.text_lines[line - 1] if 0 < line <= len(self.text_lines) else ""


def read_document(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read ``path``; None and the problems when its front matter cannot be read at all."""
    return parse_document(path.read_bytes(), str(path))


def parse_document(raw: bytes, shown: str) -> tuple[Document | None, list[Problem]]:
    """The document in the bytes of the file ``shown``; None and the problems when its front matter cannot be read."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [error(shown, line, "the file is not UTF-8 text", hint="save it as UTF-8")]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != _FENCE:
        return None, [error(shown, 1, "missing front matter: the file must start with a line '---'",
                            source_line=lines[0])]
    closing = next((n for n in range(1, len(lines)) if lines[n].rstrip() in (_FENCE, "...")), None)
    if closing is None:
        return None, [error(shown, 1, "front matter is not closed", hint="add a line '---' after the last key")]
    problems: list[Problem] = []
    data, key_lines = _parse_front_matter(shown, "\n".join(lines[1:closing]), lines, problems)
    if data is None:
        return None, problems
    body = "\n".join(lines[closing + 1:])
    return Document(shown, data, key_lines, body, closing + 2, tuple(lines)), problems


def _parse_front_matter(shown: str, yaml_text: str, lines: list[str],
                        problems: list[Problem]) -> tuple[dict[str, object] | None, dict[str, int]]:
    loader = _Loader(yaml_text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            problems.append(_yaml_problem(shown, exc, lines))
            return None, {}
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + _FRONT_MATTER_FIRST_LINE
            problems.append(error(shown, line, "front matter must be 'key: value' lines",
                                  source_line=_source(lines, line)))
            return None, {}
        return _construct_mapping(shown, loader, node, lines, problems)
    finally:
        loader.dispose()


def _construct_mapping(shown: str, loader: yaml.SafeLoader, node: yaml.MappingNode, lines: list[str],
                       problems: list[Problem]) -> tuple[dict[str, object], dict[str, int]]:
    data: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + _FRONT_MATTER_FIRST_LINE
        if key in key_lines:
            problems.append(error(shown, line, f"duplicate key '{key}' (first set on line {key_lines[key]})",
                                  source_line=_source(lines, line)))
            continue
        key_lines[key] = line
        try:
            data[key] = _construct(loader, value_node)
        except yaml.MarkedYAMLError as exc:
            problems.append(_yaml_problem(shown, exc, lines))
        except ValueError:
            # A scalar that looks like a date but is not one (2026-13-45): keep its text so the
            # field check reports it like any other wrong value.
            data[key] = str(value_node.value)
    return data, key_lines


_STR, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq"


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``loader.construct_object(node, deep=True)``, without its bookkeeping for the plain strings and
    lists of plain strings that make most front matter (the safe constructor makes a string of a str
    scalar's value, and a list of a sequence's items)."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if (node.tag == _SEQ and isinstance(node, yaml.SequenceNode)
            and all(item.tag == _STR and isinstance(item, yaml.ScalarNode) for item in node.value)):
        return [item.value for item in node.value]
    return loader.construct_object(node, deep=True)


def _yaml_problem(shown: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> Problem:
    mark = exc.problem_mark
    # An unclosed quote or bracket is only noticed at the end of the front matter:
    # point at where it was opened instead.
    if exc.context_mark is not None and (mark is None or "end of stream" in (exc.problem or "")):
        mark = exc.context_mark
    line = mark.line + _FRONT_MATTER_FIRST_LINE if mark is not None else 1
    message = " ".join(part for part in (exc.problem, exc.context) if part)
    return error(shown, line, f"invalid YAML: {message}", source_line=_source(lines, line))


def _source(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""
