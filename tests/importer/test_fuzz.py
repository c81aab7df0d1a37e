"""Byte-level fuzzing of the real seed exports: damaged input never costs a traceback or a line of text.

Each example damages a seed export as mail clients, spreadsheets and copy-paste do (bytes and
lines inserted, deleted or duplicated, invalid UTF-8, control characters, byte-order marks in the
middle, symbols pasted after labels, very long lines), imports it into a new content folder, and
checks that every line of text landed in a file or was reported at its line, and that a second
import of the same file changes nothing. Derandomized in CI (tests/conftest.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.vocabulary import load_vocabulary
from generator.french import fold
from generator.importer.run import decode_sheet, import_sheets
from generator.importer.sheets import load_labels

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("00[013]_*.txt"))
SAMPLES = [seed.read_bytes() for seed in SEEDS]
VOCABULARY = Path(__file__).resolve().parents[2] / "content" / "vocabulary.yaml"
TABLE = load_labels()

_damage_bytes = st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\x00", b"\x07", b"\x1b[0m", b"\xef\xbb\xbf",
                                 "🙂".encode(), " ①".encode(), b"\r", b"\r\n", b"\t", b"-", b"\xe2\x80"])


@st.composite
def damaged_export(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate line", "drop line", "long line", "after label"]))
        at = draw(st.integers(0, len(data)))
        if kind == "insert":
            data[at:at] = draw(_damage_bytes)
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        else:
            lines = bytes(data).split(b"\n")
            number = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate line":
                lines.insert(number, lines[number])
            elif kind == "drop line":
                del lines[number]
            elif kind == "long line":
                lines.insert(number, "Un très long paragraphe. ".encode() * draw(st.integers(1_000, 40_000)))
            else:
                labels = [n for n, line in enumerate(lines) if line.startswith(b"- ") and TABLE.find(
                    line[2:].decode("utf-8", "replace"), "current")]
                if labels:
                    target = labels[number % len(labels)]
                    lines[target] += draw(_damage_bytes)
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_export())
def test_a_damaged_export_is_imported_or_reported_line_by_line(data):
    with tempfile.TemporaryDirectory() as folder:
        content, sheet = Path(folder) / "content", Path(folder) / "export.txt"
        content.mkdir()
        shutil.copy(VOCABULARY, content / "vocabulary.yaml")
        sheet.write_bytes(data)
        first = import_sheets([sheet], content)  # never raises
        text, _ = decode_sheet(data, str(sheet))
        if text is not None:
            _assert_every_line_kept_or_reported(text, content, first.problems)
        files = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
        second = import_sheets([sheet], content)
        assert {c.outcome for c in second.changes} <= {"unchanged"}
        assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == files


def _assert_every_line_kept_or_reported(text: str, content: Path, problems) -> None:
    reported = {p.line for p in problems}
    rejected = [p.line for p in problems if p.is_error]  # a rejected sheet ends at its error's line
    output = "\n".join(p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.md")))
    folded = fold(output)
    vocabulary = load_vocabulary(VOCABULARY)
    if any(p.line == 0 and p.is_error for p in problems):
        return  # the whole file was refused, in one line
    starts = [n for n, line in enumerate(text.split("\n"), start=1) if TABLE.is_start(line.strip())]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        value = re.sub(r"^[-•]\s*", "", line).strip()
        if not fold(value) or number in reported or TABLE.is_start(line) or TABLE.is_chrome(line):
            continue
        if TABLE.find(value, "current") or TABLE.find(line, "older") or TABLE.find(value, "older"):
            continue  # a label of the form: it names a field, it is no text
        if re.fullmatch(r"\(\s*[\d.,]+\s*K\s*\)", value):
            continue  # the size the export prints under an attached file name
        sheet_start = max((s for s in starts if s <= number), default=0)
        if any(sheet_start <= line_of_error and line_of_error >= number for line_of_error in rejected):
            continue  # in a sheet refused as a whole (truncated): said at the sheet's last line
        name, _, department = value.rpartition(" - ")
        canonical = [vocabulary.canonical(kind, part) for kind in ("keywords", "partners", "public", "centres")
                     for part in (value, name)]
        kept = fold(value) in folded or any(c and fold(c) in folded for c in canonical) \
            or (name and fold(name) in folded and fold(department) in folded)
        assert kept, f"line {number} neither imported nor reported: {value[:120]!r}"
