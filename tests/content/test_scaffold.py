"""``initiatives new action``: a draft with every field, commented, that loads without errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import yaml

from generator.commands.new import new_action_command
from generator.content.fields import ACTION_FIELDS
from generator.content.load import load_content
from generator.content.scaffold import ACTION_SECTIONS

REPO = Path(__file__).resolve().parents[2]


def front_matter(path: Path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    _, yaml_text, body = text.split("---\n", 2)
    return yaml.safe_load(yaml_text), yaml_text.splitlines()


def test_new_action_with_a_known_centre(fixture_site, capsys):
    assert new_action_command("Atelier « cuisine » d'été", "centre social d’EMPALOT", fixture_site) == 0
    path = fixture_site / "actions" / "atelier-cuisine-d-ete.md"
    assert capsys.readouterr().out == f"Created {path} (a draft: set draft: false to publish it)\n"
    data, lines = front_matter(path)
    assert list(data) == [f.name for f in ACTION_FIELDS]
    assert data["title"] == "Atelier « cuisine » d'été"
    assert data["centre"] == "Centre social d'Empalot"  # as the centre file spells it
    assert data["department"] == "Haute-Garonne"
    assert data["date"] in {dt.date.today(), dt.date.today() - dt.timedelta(days=1)}
    assert data["draft"] is True
    assert data["keywords"] == [] and data["budget_eur"] is None and data["status"] == ""
    assert all("  # " in line for line in lines)
    assert lines[1].endswith("# name of the centre, as in content/centres/ (required)")


def test_new_action_body_has_the_sections(fixture_site):
    new_action_command("Groupe Femmes", "La Maison Pop'", fixture_site)
    text = (fixture_site / "actions" / "groupe-femmes.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert [line for line in body.splitlines() if line] == list(ACTION_SECTIONS)


def test_new_action_loads_without_problems(fixture_site):
    new_action_command('Le "grand" Carnaval: 2016 # 1', "Centre social Marliot Maupassant", fixture_site)
    content, problems = load_content(fixture_site, drafts=True)
    assert problems == []
    action = next(a for a in content.actions if a.slug == "le-grand-carnaval-2016-1")
    assert action.title == 'Le "grand" Carnaval: 2016 # 1'
    assert action.department == "Nord" and action.draft is True


def test_new_action_with_an_unknown_centre(fixture_site, capsys):
    assert new_action_command("Atelier jeune", "Centre social Tsigane", fixture_site) == 0
    err = capsys.readouterr().err
    assert err == (f'warning: centre "Centre social Tsigane" has no file in {fixture_site / "centres"}/; '
                   "fill in department: by hand\n")
    data, _ = front_matter(fixture_site / "actions" / "atelier-jeune.md")
    assert data["centre"] == "Centre social Tsigane" and data["department"] == ""


def test_existing_file_is_never_overwritten(fixture_site, capsys):
    path = fixture_site / "actions" / "mos-art.md"
    before = path.read_bytes()
    assert new_action_command("MOS'ART", "Centre social et culturel J.Y Cousteau", fixture_site) == 1
    assert path.read_bytes() == before
    assert capsys.readouterr().err == (f"error: {path} already exists; nothing was written "
                                       "(edit it, or choose another title)\n")


def test_title_without_letters(fixture_site, capsys):
    assert new_action_command("!!!", "La Maison Pop'", fixture_site) == 1
    assert "no letters or digits" in capsys.readouterr().err


def test_missing_content_folder(tmp_path, capsys):
    assert new_action_command("Titre", "Centre", tmp_path / "nowhere") == 1
    assert capsys.readouterr().err == f"error: content folder not found: {tmp_path / 'nowhere'}\n"


def test_command_line(fixture_site):
    args = [sys.executable, "-m", "generator", "new", "action", "Café détente", "--centre", "La Maison Pop'",
            "--content", str(fixture_site)]
    first = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert (fixture_site / "actions" / "cafe-detente.md").is_file()
    again = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
