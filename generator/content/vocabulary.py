"""The controlled vocabulary of ``content/vocabulary.yaml``: canonical labels and their aliases.

Staff edit the YAML file, not code. It has one list per kind, each entry a
canonical ``label`` with optional ``aliases`` (other spellings seen in sheets)::

    keywords:
      - label: "Vieillissement"
        aliases: ["Viellissement"]

Values are compared ignoring case, accents, punctuation and spacing, so
« familles » and « Familles » need no alias. Kinds: ``keywords``, ``partners``,
``public`` (front-matter lists) and ``centres`` (names of the structures as the
exports spell them, mapped to the name the répertoire uses).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ContentError, Problem, error
from ..french import fold

KINDS = ("keywords", "partners", "public", "centres")


@dataclass(frozen=True)
class Vocabulary:
    """Canonical labels per kind, looked up by any of their spellings."""

    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> canonical labels, in file order
    _index: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # (kind, folded) -> label

    def canonical(self, kind: str, value: str) -> str | None:
        """The canonical label for ``value`` (a label or an alias), or None if the vocabulary lacks it."""
        if kind not in KINDS:
            raise ValueError(f"unknown vocabulary kind {kind!r}; expected one of {KINDS}")
        return self._index.get((kind, fold(value)))

    def suggest(self, kind: str, value: str) -> str | None:
        """The closest canonical label, for a « did you mean » hint."""
        labels = {fold(label): label for label in self.labels.get(kind, ())}
        matches = difflib.get_close_matches(fold(value), list(labels), n=1, cutoff=0.75)
        return labels[matches[0]] if matches else None


def load_vocabulary(path: Path) -> Vocabulary:
    """Read ``vocabulary.yaml``; ContentError with every problem (and its line) when it is malformed."""
    shown = str(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise ContentError([error(shown, 0, f"cannot read the vocabulary: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ContentError([error(shown, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")]) from None
    problems: list[Problem] = []
    vocabulary = _build(shown, root, problems)
    if problems:
        raise ContentError(problems)
    return vocabulary


def _construct(node: yaml.Node) -> object:
    """The Python value of one node of the composed file."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _build(shown: str, root: yaml.Node | None, problems: list[Problem]) -> Vocabulary:
    if root is None:
        return Vocabulary()
    if not isinstance(root, yaml.MappingNode):
        problems.append(error(shown, _line(root), "the vocabulary must map each kind to a list of labels",
                              hint=", ".join(KINDS)))
        return Vocabulary()
    labels: dict[str, tuple[str, ...]] = {}
    index: dict[tuple[str, str], str] = {}
    for key_node, entries_node in root.value:
        kind = key_node.value
        if kind not in KINDS:
            problems.append(error(shown, _line(key_node), f"unknown vocabulary kind « {kind} »",
                                  hint=", ".join(KINDS)))
            continue
        entries = entries_node.value if isinstance(entries_node, yaml.SequenceNode) else []
        kind_labels: list[str] = []
        for entry_node in entries:
            label, aliases = _entry(_construct(entry_node))
            if label is None:
                problems.append(error(shown, _line(entry_node), f"{kind}: each entry needs a « label » text "
                                      "and optional « aliases » list"))
                continue
            kind_labels.append(label)
            for spelling in (label, *aliases):
                known = index.setdefault((kind, fold(spelling)), label)
                if known != label:
                    problems.append(error(shown, _line(entry_node), f"{kind}: « {spelling} » is listed under "
                                          f"both « {known} » and « {label} »"))
        labels[kind] = tuple(kind_labels)
    return Vocabulary(labels, index)


def _entry(entry: object) -> tuple[str | None, tuple[str, ...]]:
    if isinstance(entry, str):
        return entry, ()
    if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
        return None, ()
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return None, ()
    return entry["label"], tuple(aliases)
