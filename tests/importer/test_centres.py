"""`initiatives import-centres` on the committed spreadsheets (tests/fixtures/centres: the same rows as
.csv, .xlsx and .ods, made by scripts/make_centre_fixtures.py) into a copy of the shipped content."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.commands.cli import main
from generator.importer.centres import _luhn, import_centres

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "centres"
COUSTEAU = "centres/centre-social-et-culturel-j-y-cousteau.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("name, sheet", [("centres.csv", ""), ("centres.xlsx", "Centres!"), ("centres.ods", "Feuille1!")])
def test_a_spreadsheet_completes_the_repertoire_and_places_every_problem_at_its_cell(content, capsys, name, sheet):
    source = FIXTURES / name
    assert main(["import-centres", str(source), "--content", str(content)]) == 1  # one row had no name
    err = capsys.readouterr().err
    at = f"{source}:{sheet}"
    for cell, message in (("N1", "warning: column « Couleur préférée » not recognised: ignored"),
                          ("H4", "warning: « passerelle.example.org » is not an e-mail address: left out"),
                          ("L4", "warning: SIRET « 73282932000075 » is not valid: left out"),
                          ("E4", "warning: postcode « 31000 » is not in Gironde (33): left out"),
                          ("J4", "warning: coordinates 4.2, -44.6 are not in France: left out"),
                          ("A5", "no name: the row is not imported")):
        assert f"{at}{cell}: {message}" in err, (cell, err)
    assert "Traceback" not in err

    cousteau = front(content / COUSTEAU)
    assert cousteau["kind"] == "centre social" and cousteau["postcode"] == "62100" and cousteau["city"] == "Calais"
    assert cousteau["website"] == "https://www.cousteau.example.org" and cousteau["siret"] == "73282932000074"
    assert (cousteau["latitude"], cousteau["longitude"]) == (50.95, 1.86)
    new = front(content / "centres" / "centre-social-des-trois-cites.md")
    assert new["department"] == "Vienne" and new["postcode"] == "86000" and new["latitude"] == 46.57
    passerelle = front(content / "centres" / "espace-de-vie-sociale-la-passerelle.md")
    assert passerelle["kind"] == "espace de vie sociale" and passerelle["email"] == "" and passerelle["siret"] == ""
    assert passerelle["postcode"] == "" and passerelle["latitude"] is None  # bad values left out, not half-written

    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    files = {p: p.read_bytes() for p in (content / "centres").glob("*.md")}
    again = import_centres(source, content)
    assert {c.outcome for c in again.changes} == {"unchanged"}
    assert {p: p.read_bytes() for p in (content / "centres").glob("*.md")} == files


def test_a_value_staff_filled_is_kept_unless_forced_and_the_text_is_kept(content):
    path = content / COUSTEAU
    text = path.read_text(encoding="utf-8").replace('city: ""', 'city: "Calais-Nord"') + "\nNotre histoire.\n"
    path.write_text(text, encoding="utf-8")
    import_centres(FIXTURES / "centres.csv", content)
    assert front(path)["city"] == "Calais-Nord" and front(path)["postcode"] == "62100"
    assert path.read_text(encoding="utf-8").endswith("\nNotre histoire.\n")
    import_centres(FIXTURES / "centres.csv", content, force=True)
    assert front(path)["city"] == "Calais" and path.read_text(encoding="utf-8").endswith("\nNotre histoire.\n")


def test_a_dry_run_writes_nothing(content, capsys):
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    main(["import-centres", str(FIXTURES / "centres.xlsx"), "--content", str(content), "--dry-run"])
    assert "would create" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("name, data, message", [
    ("notes.txt", b"Nom;CP\n", "unknown file type « .txt » (expected .csv, .xlsx or .ods)"),
    ("abime.xlsx", b"PK\x03\x04 not really a workbook", "not a readable spreadsheet"),
    ("vide.csv", b"Couleur;Animal\nbleu;chat\n", "no column of centres found in the first rows"),
])
def test_a_file_that_is_not_a_table_of_centres_is_refused_in_one_line(content, tmp_path, capsys, name, data, message):
    source = tmp_path / name
    source.write_bytes(data)
    assert main(["import-centres", str(source), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{source}: ") and message in err and "Traceback" not in err


def test_the_siret_check_digit():
    assert _luhn("73282932000074") and not _luhn("73282932000075")


def test_a_centre_file_with_keys_or_comments_of_its_own_is_kept_whole(content, capsys):
    path = content / COUSTEAU
    text = path.read_text(encoding="utf-8").replace('city: ""', 'city: ""\nhoraires: "9h-18h"  # ouvert le samedi')
    path.write_text(text, encoding="utf-8")
    main(["import-centres", str(FIXTURES / "centres.csv"), "--content", str(content)])
    assert path.read_text(encoding="utf-8") == text  # nothing staff wrote is lost
    assert f"{path} kept as it is: keys horaires are not fields of the répertoire" in capsys.readouterr().err


def test_a_centre_on_two_rows_is_imported_once(content, tmp_path, capsys):
    source = tmp_path / "double.csv"
    source.write_text("Nom;Commune\nCentre social Neuf;Lyon\nCentre social neuf;Villeurbanne\n", encoding="utf-8")
    main(["import-centres", str(source), "--content", str(content)])
    assert front(content / "centres" / "centre-social-neuf.md")["city"] == "Lyon"
    assert f"{source}:A3: warning: « Centre social neuf » is already on an earlier row" in capsys.readouterr().err


def test_what_import_centres_writes_is_what_check_accepts(content, tmp_path, capsys):
    """The spreadsheet's values are held to the field table's shapes: a web address with an upper-case
    scheme is written as check reads it, one check would refuse is left out at its cell."""
    source = tmp_path / "casse.csv"
    source.write_text("Nom;Département;Site web;Courriel\n"
                      "Centre social Casse;Rhône;HTTPS://www.casse.example.org;accueil@casse.example.org\n"
                      "Centre social Espace;Rhône;https://www.espace.example.org/a b;accueil@espace\n",
                      encoding="utf-8")
    main(["import-centres", str(source), "--content", str(content)])
    err = capsys.readouterr().err
    assert front(content / "centres" / "centre-social-casse.md")["website"] == "https://www.casse.example.org"
    assert f"{source}:C3: warning: « https://www.espace.example.org/a b » is not a web address" in err
    assert f"{source}:D3: warning: « accueil@espace » is not an e-mail address" in err
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
