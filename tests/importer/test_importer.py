"""``initiatives import`` on the real seed sheets and on one fixture per bad input."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.commands.import_sheets import import_command
from generator.content.fields import ACTION_FIELDS, CENTRE_FIELDS
from generator.content.frontmatter import yaml_string
from generator.content.vocabulary import load_vocabulary
from generator.french import fold
from generator.importer.convert import plain_amount
from generator.importer.run import MANIFEST
from generator.importer.sheets import load_labels

ROOT = Path(__file__).parents[2]
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
CURRENT = SEEDS / "000_255603f9ca9877df.txt"
OLDER_CUT = SEEDS / "001_c003605c2b0db2bc.txt"
OLDER = SEEDS / "003_ca9d998329ff1d02.txt"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "sheets"
GOLDEN = Path(__file__).parents[1] / "golden" / "sheets"
VOCABULARY = ROOT / "content" / "vocabulary.yaml"

DAY = dt.date(2026, 3, 2)
LATER = dt.date(2026, 9, 30)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content folder with the shipped vocabulary."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(VOCABULARY, folder / "vocabulary.yaml")
    return folder


def run(sheets: list[Path], content: Path, *, force: bool = False, dry_run: bool = False,
        today: dt.date = DAY) -> int:
    return import_command(sheets, content, force=force, dry_run=dry_run, today=today)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the 25 sheets of the current export, against front matter written by reading them ---

GOLDEN_000 = yaml.safe_load((GOLDEN / "000_255603f9ca9877df.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported_000(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("content")
    shutil.copy(VOCABULARY, folder / "vocabulary.yaml")
    assert run([CURRENT], folder) == 0
    return folder


def test_the_current_export_gives_25_files(imported_000: Path):
    assert sorted(p.stem for p in (imported_000 / "actions").glob("*.md")) == sorted(g["slug"] for g in GOLDEN_000)


@pytest.mark.parametrize("golden", GOLDEN_000, ids=[g["slug"] for g in GOLDEN_000])
def test_front_matter_of_each_current_sheet(imported_000: Path, golden: dict):
    expected = {key: value for key, value in golden.items() if key != "slug"}
    found = front_matter(imported_000 / "actions" / f"{golden['slug']}.md")
    assert found.pop("date") == DAY
    assert found == expected
    # Keys in the order of the field table; budget_eur only when there is an amount.
    order = [f.name for f in ACTION_FIELDS if f.name in found or f.name == "date"]
    text = (imported_000 / "actions" / f"{golden['slug']}.md").read_text(encoding="utf-8")
    assert re.findall(r"^([a-z_]+):", text.split("\n---\n")[0], re.MULTILINE) == order


def test_body_sections_follow_the_design(imported_000: Path):
    body = (imported_000 / "actions" / "mos-art.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert re.findall(r"^#+ .*$", body, re.MULTILINE) == [
        "## Description de l'expérience", "## Description générale", "## Résultats",
        "### Sur le territoire", "### Pour le centre social", "### Pour les habitants",
        "## Limites", "## Perspectives"]


def test_empty_sections_are_omitted_and_bullets_stay_a_list(imported_000: Path):
    text = (imported_000 / "actions" / "la-caravelle-des-savoirs.md").read_text(encoding="utf-8")
    assert "## Limites\n\n- Temps disponible pour développer le réseau\n- Lorsque" in text
    groupe = (imported_000 / "actions" / "groupe-femmes.md").read_text(encoding="utf-8")
    assert groupe.endswith("source: \"000_255603f9ca9877df.txt:116\"\n---\n")  # every section empty


def test_lone_dashes_of_the_export_join_the_text_that_follows(imported_000: Path):
    text = (imported_000 / "actions" / "pour-une-alternative-a-l-exclusion.md").read_text(encoding="utf-8")
    assert "## Description de l'expérience\n\n- Lutter contre la déscolarisation" in text
    assert "\n-\n" not in text


def test_centre_stubs_have_every_key_of_the_centre_contract(imported_000: Path):
    stubs = sorted((imported_000 / "centres").glob("*.md"))
    assert len(stubs) == 21
    stub = imported_000 / "centres" / "centre-social-et-culturel-j-y-cousteau.md"
    assert stub.read_text(encoding="utf-8") == (
        '---\nname: "Centre social et culturel J.Y Cousteau"\ndepartment: "Pas-de-Calais"\nkind: ""\n'
        'address: ""\npostcode: ""\ncity: ""\nphone: ""\nemail: ""\nwebsite: ""\nlatitude:\nlongitude:\n'
        'siret: ""\nmanagement: ""\napproved_since:\nqpv:\nfederation_member:\n---\n')
    assert list(front_matter(stub)) == [f.name for f in CENTRE_FIELDS]


# --- the older questionnaire ---


def test_older_sheet_cut_at_its_top_is_a_draft_with_its_questions_as_sections(content: Path, capsys):
    assert run([OLDER_CUT], content) == 0
    path = content / "actions" / "sans-titre.md"
    found = front_matter(path)
    assert (found["title"], found["centre"], found["department"], found["draft"]) == ("Sans titre", "", "", True)
    assert found["keywords"] == [
        "Intergénérationnel", "Famille", "Parentalité", "Éducation / scolarité", "Solidarité",
        "Démocratie & citoyenneté", "Santé", "Intégration", "Vacances / loisirs", "Discriminations",
        "Alphabétisation & apprentissage du français", "Mixité sociale"]
    assert found["source"] == "001_c003605c2b0db2bc.txt:1"
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert re.findall(r"^## .*$", body, re.MULTILINE) == [
        "## Diagnostic", "## Description de l'expérience", "## Description générale", "## Impacts",
        "## Facteurs de réussite", "## Limites"]
    assert "## Impacts\n\ncréation de lien social, solidarité, mixité du public\n" in body
    err = capsys.readouterr().err
    assert f"{OLDER_CUT}:1: warning: the sheet has no title: imported as a draft" in err


def test_older_sheet_with_themes_bullets_and_file(content: Path):
    assert run([OLDER], content) == 0
    found = front_matter(content / "actions" / "cepourmoi.md")
    assert found["title"] == "CéPourMoi"
    assert found["draft"] is True  # no « Structure organisatrice »
    assert found["themes"] == ["Adultes mixtes", "Autres ...", "Lutte contre l'exclusion", "Autres ..",
                               "Lutte contre les discriminations"]
    assert found["keywords"][:4] == ["Solidarité", "Culture", "Démocratie & citoyenneté", "Vieillissement"]
    assert "Mobilité / transport" in found["keywords"]
    assert found["files"] == ["CRéunion diagnostic TS Vern 13_9_26.pdf"]
    assert found["source"] == "003_ca9d998329ff1d02.txt:3"
    assert not list((content / "centres").glob("*.md"))


# --- nothing lost, on every seed ---


def test_every_line_of_text_of_every_seed_ends_up_in_the_output(content: Path):
    seeds = [CURRENT, OLDER_CUT, OLDER]
    assert run(seeds, content) == 0
    output = "\n".join(p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.md")))
    folded_output = fold(output)
    vocabulary = load_vocabulary(VOCABULARY)
    table = load_labels()
    for seed in seeds:
        structure_next = False
        for number, raw in enumerate(seed.read_text(encoding="utf-8").split("\n"), start=1):
            line = raw.strip()
            text = re.sub(r"^[-•]\s*", "", line).strip()
            if structure_next and text:
                # « NAME - Département »: the centre's name as the répertoire writes it, and the department.
                name, _, department = text.rpartition(" - ")
                assert (vocabulary.canonical("centres", name) or name) in output, (seed.name, number)
                assert f'department: "{department}"' in output, (seed.name, number)
                structure_next = False
                continue
            structure_next = line == "- Structure organisatrice"
            is_label = table.find(text, "current") if line.startswith("-") else table.find(line, "older")
            if not text or is_label or line in ("Actions", "Les actions des centres sociaux"):
                continue
            if re.fullmatch(r"\(\s*[\d.,]+\s*K\s*\)", text):
                continue  # the size the export prints under an attached file name
            canonical = [vocabulary.canonical(kind, text) for kind in ("keywords", "partners", "public")]
            kept = (text in output or text.replace('"', '\\"') in output
                    or any(c and f'"{c}"' in output for c in canonical)  # mapped to its canonical label
                    or fold(text) in folded_output)  # « Terminée » → "terminée"
            assert kept, f"{seed.name}:{number}: {text}"


# --- re-import ---


def test_importing_again_changes_nothing(content: Path, capsys):
    assert run([CURRENT, OLDER_CUT, OLDER], content) == 0
    before = snapshot(content)
    capsys.readouterr()
    assert run([CURRENT, OLDER_CUT, OLDER], content, today=LATER) == 0
    assert snapshot(content) == before  # byte-identical, dates kept, manifest untouched
    out = capsys.readouterr().out
    assert "  unchanged                       27" in out
    assert not re.search(r"^(created|updated) ", out, re.MULTILINE)


def test_report_table(content: Path, capsys):
    assert run([CURRENT], content) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "import summary               actions  centres\n"
        "  created                         25       21\n"
        "  updated                          0         \n"
        "  unchanged                        0         \n"
        "  kept because edited              0         \n"
        "  drafts                           1         \n"
        "  warnings                         1         \n"
        "  errors                           0         \n")


def test_a_file_edited_by_staff_is_kept_and_said_so(content: Path, capsys):
    run([CURRENT], content)
    path = content / "actions" / "mos-art.md"
    edited = path.read_text(encoding="utf-8").replace('title: "MOS\'ART"', 'title: "Mos’art"')
    path.write_text(edited, encoding="utf-8")
    manifest = (content / MANIFEST).read_bytes()
    capsys.readouterr()
    assert run([CURRENT], content, today=LATER) == 0
    assert path.read_text(encoding="utf-8") == edited
    assert (content / MANIFEST).read_bytes() == manifest
    out = capsys.readouterr().out
    assert f"kept {path}: edited since the last import (--force overwrites it)" in out
    assert "  kept because edited              1" in out


def test_force_overwrites_an_edited_file_and_keeps_its_date(content: Path, capsys):
    run([CURRENT], content)
    path = content / "actions" / "mos-art.md"
    original = path.read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("Services", "Autre chose"), encoding="utf-8")
    assert run([CURRENT], content, force=True, today=LATER) == 0
    assert path.read_bytes() == original
    assert front_matter(path)["date"] == DAY
    assert f"updated {path}" in capsys.readouterr().out


def test_a_changed_sheet_updates_a_file_staff_did_not_edit(content: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "export.txt"
    text = CURRENT.read_text(encoding="utf-8")
    sheet.write_text(text, encoding="utf-8")
    run([sheet], content)
    sheet.write_text(text.replace("\n9300\n", "\n9400\n"), encoding="utf-8")
    capsys.readouterr()
    assert run([sheet], content, today=LATER) == 0
    found = front_matter(content / "actions" / "mos-art.md")
    assert (found["budget"], found["budget_eur"], found["date"]) == ("9400", 9400, DAY)
    assert f"updated {content / 'actions' / 'mos-art.md'}" in capsys.readouterr().out


def test_dry_run_writes_nothing_and_shows_what_would_change(content: Path, tmp_path: Path, capsys):
    assert run([CURRENT], content, dry_run=True) == 0
    assert snapshot(content) == {"vocabulary.yaml": VOCABULARY.read_bytes()}
    out = capsys.readouterr().out
    assert f"would create {content / 'actions' / 'mos-art.md'}" in out
    assert out.splitlines()[-8] == "import summary (dry run: nothing written) actions  centres"

    sheet = tmp_path / "export.txt"
    sheet.write_text(CURRENT.read_text(encoding="utf-8").replace("\n9300\n", "\n9400\n"), encoding="utf-8")
    run([CURRENT], content)
    before = snapshot(content)
    capsys.readouterr()
    assert run([sheet], content, dry_run=True) == 0
    assert snapshot(content) == before
    out = capsys.readouterr().out
    assert f"would update {content / 'actions' / 'mos-art.md'}" in out
    assert '\n-budget: "9300"\n' in out and '\n+budget: "9400"\n' in out
    assert "\n-budget_eur: 9300\n" in out and "\n+budget_eur: 9400\n" in out


def test_slugs_are_stable_and_a_title_shared_by_two_centres_gets_distinct_slugs(content: Path):
    assert run([FIXTURES / "title_shared_by_two_centres.txt"], content) == 0
    slugs = sorted(p.stem for p in (content / "actions").glob("*.md"))
    assert slugs == ["mos-art", "mos-art-centre-social-marliot-maupassant"]
    assert front_matter(content / "actions" / f"{slugs[1]}.md")["centre"] == "Centre social Marliot Maupassant"
    before = snapshot(content)
    assert run([FIXTURES / "title_shared_by_two_centres.txt"], content) == 0
    assert snapshot(content) == before


def test_an_existing_centre_file_is_never_touched(content: Path):
    centres = content / "centres"
    centres.mkdir()
    mine = centres / "cousteau.md"
    mine.write_text('---\nname: "Centre social et culturel J.Y Cousteau"\ndepartment: "Pas-de-Calais"\n'
                    'city: "Lens"\n---\nNotre centre.\n', encoding="utf-8")
    before = mine.read_bytes()
    assert run([FIXTURES / "windows1252_export.txt"], content) == 0
    assert mine.read_bytes() == before
    assert [p.name for p in centres.iterdir()] == ["cousteau.md"]


def test_unknown_label_precision_and_loose_text_become_sections_with_warnings(content: Path, capsys):
    sheet = FIXTURES / "unknown_label.txt"
    assert run([sheet], content) == 0
    text = (content / "actions" / "mos-art.md").read_text(encoding="utf-8")
    assert "## Suite de l'action : Évaluation\n\nUne évaluation est prévue avec les habitants en juin.\n" in text
    assert "## Précision ( si autre )\n\nSurtout des locataires du bâtiment C.\n" in text
    assert text.endswith("## Autres informations\n\nAction lauréate du prix des initiatives 2015.\n")
    err = capsys.readouterr().err
    assert f"{sheet}:52: warning: unknown label « Suite de l'action : Évaluation »" in err
    assert f"{sheet}:28: warning: « Précision ( si autre ) » follows no field it can complete" in err
    assert f"{sheet}:4: warning: text outside any field" in err


def test_values_missing_from_the_vocabulary_are_kept_and_reported(content: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "export.txt"
    sheet.write_text(CURRENT.read_text(encoding="utf-8").replace("- Logement\n", "- Logements\n- Jardinage\n"),
                     encoding="utf-8")
    assert run([sheet], content) == 0
    assert front_matter(content / "actions" / "mos-art.md")["keywords"] == ["Logements", "Jardinage"]
    err = capsys.readouterr().err
    assert (f"{sheet}:15: warning: « Logements » is not in the vocabulary of keywords "
            "(did you mean « Logement » ? otherwise add it to vocabulary.yaml)") in err
    assert f"{sheet}:16: warning: « Jardinage » is not in the vocabulary of keywords" in err


def test_without_a_vocabulary_values_are_kept_and_the_absence_said_once(tmp_path: Path, capsys):
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "site.toml").write_text('title = "Essai"\n', encoding="utf-8")  # a site kept without vocabulary.yaml
    assert run([CURRENT], bare) == 0
    err = capsys.readouterr().err
    assert err.count("no vocabulary: keywords, partners and publics kept as written") == 1
    assert "is not in the vocabulary" not in err
    assert front_matter(bare / "actions" / "pas-de-retraite-pour-ma-sante.md")["keywords"][0] == "Viellissement"


# --- encodings ---


def test_windows_1252_export_is_decoded_with_a_warning(content: Path, capsys):
    sheet = FIXTURES / "windows1252_export.txt"
    assert run([sheet], content) == 0
    found = front_matter(content / "actions" / "mos-art.md")
    assert found["status"] == "terminée"
    assert found["summary"].startswith("Action visant à développer")
    assert f"{sheet}:6: warning: the file is not UTF-8: decoded as Windows-1252" in capsys.readouterr().err


@pytest.mark.parametrize("fixture", ["utf8_bom_crlf_export.txt", "utf16_export.txt", "windows1252_export.txt"])
def test_every_encoding_gives_the_same_file_as_plain_utf8(tmp_path: Path, fixture: str):
    files = {}
    for name, source in (("plain", None), ("other", FIXTURES / fixture)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(VOCABULARY, folder / "vocabulary.yaml")
        if source is None:
            source = tmp_path / fixture  # same name, so that `source:` is the same
            source.write_text("\n".join(CURRENT.read_text(encoding="utf-8").split("\n")[:52]) + "\n",
                              encoding="utf-8")
        run([source], folder)
        files[name] = (folder / "actions" / "mos-art.md").read_bytes()
    assert files["plain"] == files["other"]


# --- bad input: one clear line, exit 1, the rest still imported, nothing else touched ---


@pytest.mark.parametrize(("fixture", "message"), [
    ("empty_file.txt", "empty file: no sheet to import"),
    ("blank_lines_only.txt", "empty file: no sheet to import"),
    ("binary_file.txt", "binary file, not a text export (export the sheets as text (.txt))"),
    ("other_kind.txt", "not an exported action sheet: no label of the form found "
                       "(expected lines such as « - Structure organisatrice »)"),
])
def test_a_rejected_file_is_one_error_and_the_others_are_imported(content: Path, capsys, fixture, message):
    path = FIXTURES / fixture
    assert run([path, FIXTURES / "utf8_bom_crlf_export.txt"], content) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[0] == f"{path}: {message}"
    assert "Traceback" not in captured.err
    assert (content / "actions" / "mos-art.md").exists()


def test_a_missing_file_is_an_error(content: Path, capsys):
    assert run([FIXTURES / "no_such_file.txt"], content) == 1
    assert capsys.readouterr().err == f"{FIXTURES / 'no_such_file.txt'}: cannot read the file: No such file or directory\n"


def test_a_truncated_sheet_is_rejected_with_its_line_and_leaves_its_file_untouched(content: Path, capsys):
    assert run([CURRENT], content) == 0
    caravelle = content / "actions" / "la-caravelle-des-savoirs.md"
    before = caravelle.read_bytes()
    capsys.readouterr()
    path = FIXTURES / "truncated_sheet.txt"
    assert run([path], content, today=LATER) == 1
    assert caravelle.read_bytes() == before
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:81: truncated sheet « La Caravelle des Savoirs »: it ends before "
        "« Suite de l'action : Perspectives » (export the sheet again; nothing of it was imported)"]
    assert front_matter(content / "actions" / "mos-art.md")["date"] == DAY  # the good sheet: unchanged


def test_the_command_line_reports_errors_without_traceback(content: Path, capsys):
    from generator.commands.cli import main

    assert main(["import", str(FIXTURES / "binary_file.txt"), "--content", str(content)]) == 1
    assert capsys.readouterr().err == (f"{FIXTURES / 'binary_file.txt'}: binary file, not a text export "
                                       "(export the sheets as text (.txt))\n")


# --- pure parts ---


@pytest.mark.parametrize(("text", "amount"), [
    ("9300", 9300), ("8775 €", 8775), ("38200€", 38200), ("865 €", 865), ("32 000 €", 32000),
    ("4.500 €", 4500), ("12,50 €", 12.5), ("1 200 euros", 1200),
    ("10€. Le thème du carnaval", None), ("Budget total: 32 000 €", None), ("15000\n3000", None),
    ("", None), ("environ 300 €", None), ("300 € / an", None),
])
def test_budget_eur_only_for_one_plain_amount(text, amount):
    assert plain_amount(text) == amount


@given(st.text())
def test_yaml_strings_read_back_exactly(text):
    assert yaml.safe_load(f"key: {yaml_string(text)}\n") == {"key": text}


def test_multi_line_text_is_a_literal_block():
    assert yaml_string("Une ligne.\n- un point") == "|-\n  Une ligne.\n  - un point"
    assert yaml_string('Espace "Café"') == '"Espace \\"Café\\""'


def test_a_second_value_for_a_one_value_field_is_kept_in_the_body(content: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "export.txt"
    text = CURRENT.read_text(encoding="utf-8").split("\n")[:52]
    text[34] = "- Plusieurs quartiers"  # the second « Territoire concerné » of MOS'ART disagrees with the first
    sheet.write_text("\n".join(text), encoding="utf-8")
    assert run([sheet], content) == 0
    path = content / "actions" / "mos-art.md"
    assert front_matter(path)["territory"] == "Un quartier"
    assert path.read_text(encoding="utf-8").endswith("## Territoire concerné\n\nPlusieurs quartiers\n")
    assert (f"{sheet}:35: warning: second value « Plusieurs quartiers » for « Territoire concerné »: "
            "kept in the body") in capsys.readouterr().err


def test_an_unreadable_manifest_stops_before_writing(content: Path, capsys):
    (content / MANIFEST).write_text("{", encoding="utf-8")
    from generator.commands.cli import main

    assert main(["import", str(CURRENT), "--content", str(content)]) == 1
    assert not (content / "actions").exists()
    assert "unreadable import manifest" in capsys.readouterr().err


def test_a_centre_spelled_with_other_punctuation_is_the_same_centre_for_import_load_and_link(content: Path):
    """One centre identity: the importer makes no stub for it, the loader does not warn, the linker links it."""
    from generator.content.load import load_content
    from generator.site.link import link

    (content / "centres").mkdir()
    (content / "centres" / "cousteau.md").write_text(
        '---\nname: "Centre social et culturel J-Y Cousteau"\ndepartment: "Pas-de-Calais"\n---\n', encoding="utf-8")
    (content / "site.toml").write_text('title = "T"\n', encoding="utf-8")
    assert run([FIXTURES / "truncated_sheet.txt"], content) == 1  # MOS'ART imported, the truncated sheet refused
    assert sorted(p.name for p in (content / "centres").glob("*.md")) == ["cousteau.md"]
    loaded, problems = load_content(content)
    assert not [p for p in problems if "has no file" in p.message]
    site = link(loaded)
    (action,) = loaded.actions
    assert action.centre != "Centre social et culturel J-Y Cousteau"
    assert site.centre_of[action.slug].slug == "cousteau"
