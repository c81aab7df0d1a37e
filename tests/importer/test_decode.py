"""Reading damaged exports byte by byte: encodings, control characters, stray symbols, long lines.

Every case starts from the real seed export and damages it as e-mail, spreadsheets and
copy-paste do; what is not damaged is imported as from the clean file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands.import_sheets import import_command
from generator.importer.run import decode_sheet

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CURRENT = (SEEDS / "000_255603f9ca9877df.txt").read_bytes()
LINES = CURRENT.split(b"\n")


def _line_of(needle: bytes) -> int:
    """The 1-based number of the first line of the clean export holding ``needle``."""
    return next(number for number, line in enumerate(LINES, start=1) if needle in line)


def _import(tmp_path: Path, data: bytes, name: str = "export.txt") -> tuple[int, Path, str]:
    sheet = tmp_path / name
    sheet.write_bytes(data)
    content = tmp_path / "content"
    return import_command([sheet], content, force=False, dry_run=False), content, str(sheet)


def test_one_invalid_byte_in_a_utf8_file_is_replaced_and_reported_at_its_line(tmp_path, capsys):
    number = _line_of(b"Action visant")
    damaged = LINES.copy()
    damaged[number - 1] = damaged[number - 1].replace(b"Action visant", b"Action vis\xe9ant", 1)
    code, content, sheet = _import(tmp_path, b"\n".join(damaged))
    err = capsys.readouterr().err
    assert code == 0
    assert f"{sheet}:{number}: warning: invalid UTF-8 replaced by « \ufffd » (retype the character)" in err
    assert "decoded as Windows-1252" not in err
    mos_art = (content / "actions" / "mos-art.md").read_text(encoding="utf-8")
    assert "Action vis\ufffdant à développer" in mos_art  # the accents of the rest are intact
    assert len(list((content / "actions").glob("*.md"))) == 25


@pytest.mark.parametrize("codec, name", [("cp1252", "Windows-1252"), ("latin-1", "Latin-1")])
def test_a_whole_windows_1252_or_latin_1_export_is_recognised(tmp_path, capsys, codec, name):
    text = CURRENT.decode("utf-8")
    data = text.encode(codec, errors="replace")
    if codec == "latin-1":
        data = data.replace(b"MOS'ART", b"MOS'ART\x81", 1)  # a byte Windows-1252 leaves undefined
    code, content, sheet = _import(tmp_path, data)
    err = capsys.readouterr().err
    assert code == 0 and f"warning: the file is not UTF-8: decoded as {name}" in err
    assert "développer" in (content / "actions" / "mos-art.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_a_byte_order_mark(tmp_path, capsys, codec):
    code, content, _ = _import(tmp_path, CURRENT.decode("utf-8").encode(codec))
    assert code == 0 and "the file is UTF-16" in capsys.readouterr().err
    assert len(list((content / "actions").glob("*.md"))) == 25


def test_a_nul_byte_costs_no_sheet(tmp_path, capsys):
    number = _line_of(b"Action visant")
    damaged = LINES.copy()
    damaged[number - 1] = damaged[number - 1].replace(b"visant", b"vis\x00ant", 1)
    code, content, sheet = _import(tmp_path, b"\n".join(damaged))
    err = capsys.readouterr().err
    assert code == 0
    assert f"{sheet}:{number}: warning: control character(s) U+0000 removed" in err
    assert len(list((content / "actions").glob("*.md"))) == 25
    assert "Action visant" in (content / "actions" / "mos-art.md").read_text(encoding="utf-8")


def test_a_byte_order_mark_in_the_middle_is_removed_and_reported(tmp_path, capsys):
    number = _line_of(b"Action visant")
    damaged = LINES.copy()
    damaged[number - 1] = b"\xef\xbb\xbf" + damaged[number - 1]
    code, content, sheet = _import(tmp_path, b"\n".join(damaged))
    assert code == 0 and f"{sheet}:{number}: warning: control character(s) U+FEFF removed" in capsys.readouterr().err


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",  # a .docx renamed .txt
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4,  # an old .doc
    bytes(range(256)) * 8,  # no magic number, but bytes no text holds
])
def test_a_genuinely_binary_file_is_refused_in_one_line(tmp_path, capsys, data):
    code, content, sheet = _import(tmp_path, data, "renamed.txt")
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[0] == f"{sheet}: binary file, not a text export (export the sheets as text (.txt))"
    assert "Traceback" not in err and not list(content.glob("actions/*.md"))


def test_a_binary_file_among_others_costs_only_itself(tmp_path, capsys):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "export.txt").write_bytes(CURRENT)
    code = import_command([tmp_path / "photo.txt", tmp_path / "export.txt"], tmp_path / "content",
                          force=False, dry_run=False)
    assert code == 1 and "photo.txt: binary file, not a text export" in capsys.readouterr().err
    assert len(list((tmp_path / "content" / "actions").glob("*.md"))) == 25


@pytest.mark.parametrize("stray", ["²", " ①", " (1)", " ✓"])
def test_a_symbol_pasted_after_a_label_leaves_the_label_a_label(tmp_path, capsys, stray):
    number = _line_of(b"- Structure organisatrice")
    damaged = LINES.copy()
    damaged[number - 1] += stray.encode()
    code, content, sheet = _import(tmp_path, b"\n".join(damaged))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert 'centre: "Centre social et culturel J.Y Cousteau"' in (content / "actions" / "mos-art.md").read_text(
        encoding="utf-8")
    if stray != " ✓":  # a symbol with no letter or digit is no text: it folds away like punctuation
        assert f"{sheet}:{number}: warning: « {stray.strip()} » after the label « Structure organisatrice »" in err


def test_a_one_megabyte_line_is_imported_whole(tmp_path, capsys):
    number = _line_of(b"Action visant")
    damaged = LINES.copy()
    damaged[number - 1] += b" " + "é".encode() * 500_000
    code, content, _ = _import(tmp_path, b"\n".join(damaged))
    assert code == 0 and "Traceback" not in capsys.readouterr().err
    assert "é" * 500_000 in (content / "actions" / "mos-art.md").read_text(encoding="utf-8")


def test_decoding_a_clean_export_reports_nothing():
    text, problems = decode_sheet(CURRENT, "export.txt")
    assert problems == [] and text == CURRENT.decode("utf-8")
