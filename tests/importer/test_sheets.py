"""The sheet parser: formats, labels, titles, blocks, and no text lost whatever the input."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.french import fold
from generator.importer.sheets import detect_format, load_labels, parse_sheets

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
CURRENT = SEEDS / "000_255603f9ca9877df.txt"
OLDER_CUT = SEEDS / "001_c003605c2b0db2bc.txt"
OLDER = SEEDS / "003_ca9d998329ff1d02.txt"
PURPOSE = SEEDS / "004_fde3c3e17ead7c11.txt"

TABLE = load_labels()


def parse(path: Path):
    return parse_sheets(path.read_text(encoding="utf-8"), path.name)


# --- the label table ---


def test_label_table_is_data_with_every_field_and_section_of_the_design():
    fields = {label.field for label in TABLE.labels if label.field}
    assert fields == {"centre", "files", "status", "status_reason", "dimension", "keywords", "themes",
                      "summary", "initiative", "territory", "public", "partners", "budget", "people"}
    sections = {(label.section, label.subsection) for label in TABLE.labels if label.kind == "section"}
    assert sections == {
        ("Diagnostic", ""), ("Description de l'expérience", ""), ("Description générale", ""),
        ("Résultats", "Sur le territoire"), ("Résultats", "Pour le centre social"),
        ("Résultats", "Pour les habitants"), ("Impacts", ""), ("Facteurs de réussite", ""),
        ("Limites", ""), ("Perspectives", ""),
    }


def test_older_questions_map_to_their_sections():
    question = "Quels furent les facteurs de réussite de cette expérience ?"
    assert TABLE.find(question, "older").section == "Facteurs de réussite"
    assert TABLE.find(question, "current") is None


def test_labels_match_whatever_the_case_accents_and_spacing():
    assert TABLE.find("MOTS CLES ASSOCIES A L'ACTION", "current").field == "keywords"
    assert TABLE.find("Mots clés associés à l'actions", "older").field == "keywords"
    assert TABLE.find("Precision (si autre)", "current").kind == "detail"
    assert fold("Démocratie & citoyenneté") == "democratiecitoyennete"


def test_placeholder_titles():
    assert TABLE.is_placeholder_title("SANS TITRE - 1695")
    assert TABLE.is_placeholder_title("  ")
    assert not TABLE.is_placeholder_title("Sans transport, pas d'emploi")


# --- formats and sheets ---


def test_the_current_export_holds_25_complete_sheets_with_their_titles():
    sheets, problems = parse(CURRENT)
    assert problems == []
    assert len(sheets) == 25
    assert all(s.format == "current" and s.complete for s in sheets)
    assert (sheets[0].title.text, sheets[0].title.number) == ("MOS'ART", 3)
    assert sheets[-1].title.text == "Jardin Partagé"
    assert all(len([b for b in s.blocks if b.label and b.label.field == "territory"]) == 2 for s in sheets)


def test_older_format_is_detected_and_a_sheet_cut_at_its_top_has_no_title():
    sheets, problems = parse(OLDER_CUT)
    assert problems == []
    [sheet] = sheets
    assert sheet.format == "older" and sheet.title is None and sheet.line == 1
    assert [b.label.section or b.label.field for b in sheet.blocks] == [
        "Diagnostic", "keywords", "Description générale", "Description de l'expérience",
        "Impacts", "Facteurs de réussite", "Limites"]


def test_older_format_with_title_bullets_and_attached_file():
    [sheet], problems = parse(OLDER)
    assert problems == []
    assert sheet.title.text == "CéPourMoi"
    files = next(b for b in sheet.blocks if b.label.field == "files")
    assert [line.text for line in files.lines] == ["CRéunion diagnostic TS Vern 13_9_26.pdf", "( 640.62K )"]
    themes = next(b for b in sheet.blocks if b.label.field == "themes")
    assert themes.lines[0].text == "• Adultes mixtes"


def test_a_file_of_another_kind_is_one_error_naming_the_file():
    sheets, problems = parse(PURPOSE)
    assert sheets == []
    assert [p.format() for p in problems] == [
        "004_fde3c3e17ead7c11.txt: not an exported action sheet: no label of the form found "
        "(expected lines such as « - Structure organisatrice »)"]


def test_format_detection_needs_labels():
    assert detect_format(["bonjour", "- Caf"], TABLE) is None
    assert detect_format(["- Public", "- Adultes"], TABLE) == "current"
    assert detect_format(["Public", "Adultes"], TABLE) == "older"


def test_precision_fills_the_detail_of_the_field_before_it():
    sheets, _ = parse(CURRENT)
    cafe = next(s for s in sheets if s.title.text == 'Espace "Café Détente"')
    detail = next(b for b in cafe.blocks if b.label.kind == "detail")
    assert detail.detail_of == "initiative_detail"
    assert detail.lines[0].text.startswith("L'action est à l'initiative d'un groupe d'habitants")


def test_partners_marker_is_not_a_value():
    sheets, _ = parse(CURRENT)
    partners = next(b for b in sheets[0].blocks if b.label.field == "partners")
    assert [line.text for line in partners.lines] == ["-", "- Bailleur social", "- Caf", "- Commune", "- Fondations"]


def test_a_text_field_keeps_its_own_bullet_lines():
    sheets, _ = parse(CURRENT)
    limits = next(b for b in sheets[6].blocks if b.label.section == "Limites")
    assert [line.text[:20] for line in limits.lines] == ["- Temps disponible p", "- Lorsque les offres", "- Frein des particip"]


def test_unknown_label_and_loose_text_are_kept_with_warnings():
    text = "\n".join([
        "Actions", "Titre", "Texte avant tout champ", "- Structure organisatrice", "- CS X - Nord",
        "- Suite de l'action : Évaluation", "Bilan en juin.", "- Suite de l'action : Perspectives",
    ])
    [sheet], problems = parse_sheets(text, "x.txt")
    unknown = next(b for b in sheet.blocks if b.label is None)
    assert (unknown.heading.text, [line.text for line in unknown.lines]) == (
        "Suite de l'action : Évaluation", ["Bilan en juin."])
    assert [line.text for line in sheet.loose] == ["Texte avant tout champ"]
    assert [p.format().split("\n")[0] for p in problems] == [
        "x.txt:6: warning: unknown label « Suite de l'action : Évaluation »: kept as its own section "
        "(add it to generator/data/sheet_labels.toml)",
        "x.txt:3: warning: text outside any field: kept in « Autres informations »",
    ]


def test_a_sheet_that_stops_before_the_last_label_is_truncated():
    text = "Actions\nTitre\n- Structure organisatrice\n- CS X - Nord\n- Public\n- Adultes\n"
    [sheet], problems = parse_sheets(text, "x.txt")
    assert not sheet.complete
    assert [p.format() for p in problems] == [
        "x.txt:6: truncated sheet « Titre »: it ends before « Suite de l'action : Perspectives » "
        "(export the sheet again; nothing of it was imported)"]


# --- nothing lost, whatever the input ---

_MARKUP = re.compile(r"^(Actions|Les actions des centres sociaux|Partenaires d'action:|-)$")


def _content_lines(text: str) -> list[str]:
    """Lines that carry text: not blank, not a label of the form, not the export's own framing."""
    found = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or _MARKUP.match(stripped):
            continue
        if stripped.startswith("-") and TABLE.find(stripped[1:], "current"):
            continue
        found.append(stripped)
    return found


def _parsed_lines(sheets) -> list[str]:
    lines = []
    for sheet in sheets:
        lines += [sheet.title.text] if sheet.title else []
        lines += [line.text for line in sheet.loose]
        for block in sheet.blocks:
            lines += [block.heading.text] if block.label is None else []
            lines += [line.text for line in block.lines]
    return lines


def _assert_nothing_lost(text: str) -> None:
    sheets, _ = parse_sheets(text, "edited.txt")
    if not sheets:
        return  # rejected as a whole (no label left): the importer reports it, writes nothing
    parsed = _parsed_lines(sheets)
    for line in _content_lines(text):
        fmt = sheets[0].format
        if fmt == "older" and TABLE.find(line, "older"):
            continue
        assert line in parsed or line.lstrip("-• ").strip() in parsed, line


def test_every_line_of_every_seed_is_parsed():
    for path in (CURRENT, OLDER_CUT, OLDER):
        _assert_nothing_lost(path.read_text(encoding="utf-8"))


SEED_LINES = CURRENT.read_text(encoding="utf-8").split("\n")[:360]  # the first six sheets
LABEL_LINES = [line for line in SEED_LINES if line.startswith("- ") and TABLE.find(line[2:], "current")]

_edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(SEED_LINES) - 1)),
    st.tuples(st.just("duplicate_label"), st.integers(0, len(SEED_LINES)), st.sampled_from(LABEL_LINES)),
    st.tuples(st.just("stray_bullet"), st.integers(0, len(SEED_LINES)),
              st.sampled_from(["-", "- ", "•", "- Caf", "  - texte égaré", "-Public", "Actions", "- ?"])),
    st.tuples(st.just("cut"), st.integers(0, len(SEED_LINES))),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_edit, max_size=8))
def test_random_edits_of_a_real_export_never_crash_the_parser_nor_lose_text(edits):
    lines = list(SEED_LINES)
    for edit in edits:
        kind, position = edit[0], min(edit[1], len(lines))
        if kind == "delete" and lines:
            del lines[min(position, len(lines) - 1)]
        elif kind in ("duplicate_label", "stray_bullet"):
            lines.insert(position, edit[2])
        elif kind == "cut":
            lines = lines[:position]
    _assert_nothing_lost("\n".join(lines))
