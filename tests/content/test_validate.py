"""``initiatives check``: every problem as ``path:line: message``, a summary, and the exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.commands.check import check_command, summary
from generator.errors import error, warning

REPO = Path(__file__).resolve().parents[2]
BROKEN = "tests/fixtures/broken_site"

# What `initiatives check --content tests/fixtures/broken_site` prints: one file per case.
EXPECTED_BROKEN_OUTPUT = f"""\
{BROKEN}/actions/File-Name-Not-A-Slug.md:1: file name is not a valid slug (lower-case letters, digits and '-') \
(rename it to file-name-not-a-slug.md)
{BROKEN}/actions/budget-eur-not-a-number.md:6: budget_eur must be a number, not "8 775 €"
    6 | budget_eur: "8 775 €"
{BROKEN}/actions/centre-without-file.md:3: warning: centre "Maison de quartier du Soleil" has no file in \
{BROKEN}/centres/ (create {BROKEN}/centres/maison-de-quartier-du-soleil.md)
{BROKEN}/actions/date-not-a-date.md:5: date must be a date like 2026-11-21, not "21/11/2026"
    5 | date: "21/11/2026"
{BROKEN}/actions/draft-not-a-bool.md:5: draft must be true or false, not "oui"
    5 | draft: "oui"
{BROKEN}/actions/duplicate-key.md:5: duplicate key 'title' (first set on line 2)
    5 | title: "Carnaval 2017"
{BROKEN}/actions/empty-title.md:2: required field 'title' is empty
    2 | title: ""
{BROKEN}/actions/invalid-yaml.md:4: invalid YAML: mapping values are not allowed in this context
    4 | summary: Un café des parents : lieu d'échanges: tous les vendredis
{BROKEN}/actions/keywords-not-a-list.md:5: keywords must be a list, e.g. keywords: ["Logement"]
    5 | keywords: "Logement"
{BROKEN}/actions/missing-title.md:1: missing required field 'title'
{BROKEN}/actions/no-front-matter.md:1: missing front matter: the file must start with a line '---'
    1 | # Atelier alphabétisation
{BROKEN}/actions/unknown-department.md:4: unknown department "Haute-Garone" (did you mean « Haute-Garonne » ?)
    4 | department: "Haute-Garone"
{BROKEN}/actions/unknown-field.md:5: warning: unknown field 'keyword' (did you mean « keywords » ?)
    5 | keyword: ["Numérique"]
{BROKEN}/actions/unknown-status.md:5: unknown status "finie" (expected « en cours » or « terminée »)
    5 | status: "finie"
{BROKEN}/centres/centre-coordinates-outside-france.md:4: coordinates 1.44, 43.6 are not in France \
(latitude first, about 43 to 51 in metropolitan France, then longitude)
    4 | latitude: 1.44
{BROKEN}/centres/centre-email-not-an-address.md:4: email must be an e-mail address such as accueil@centre.fr, \
not "accueil(at)bagatelle.fr"
    4 | email: "accueil(at)bagatelle.fr"
{BROKEN}/centres/centre-missing-department.md:1: missing required field 'department'
{BROKEN}/centres/centre-siret-not-14-digits.md:4: siret must be 14 digits, no spaces, not "123 456 789"
    4 | siret: "123 456 789"
{BROKEN}/centres/duplicate-centre.md:2: centre "CENTRE SOCIAL D'EMPALOT" is already defined in \
{BROKEN}/centres/centre-social-d-empalot.md:2
{BROKEN}/pages/actions.md:1: slug 'actions' collides with the site's own /actions/ pages (rename the file)
{BROKEN}/pages/page-missing-title.md:1: missing required field 'title'
19 errors, 2 warnings in 23 files
"""


def run_check(content: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_broken_site_lists_every_problem_in_one_run():
    result = run_check(BROKEN)
    assert result.stdout == EXPECTED_BROKEN_OUTPUT
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_every_broken_fixture_file_has_its_problem():
    """Each file of broken_site is named after the one problem it carries (besides the valid centre)."""
    output = run_check(BROKEN).stdout
    files = sorted(p for p in (REPO / BROKEN).rglob("*.md") if p.name != "centre-social-d-empalot.md")
    for path in files:
        assert f"{path.relative_to(REPO)}:" in output, path.name


def test_fixture_site_has_no_problems():
    result = run_check("tests/fixtures/site")
    assert result.stdout == "No problems in 13 files.\n"
    assert result.returncode == 0


def test_missing_content_folder_is_not_a_traceback(tmp_path):
    result = run_check(tmp_path / "nowhere")
    assert result.returncode == 1
    assert result.stdout == f"{tmp_path}/nowhere: content folder not found\n1 error, 0 warnings in 0 files\n"
    assert "Traceback" not in result.stderr


def test_warnings_alone_exit_0(make_site, capsys):
    site = make_site({"actions/a.md": '---\ntitle: "A"\ncentre: "Inconnu"\ndepartment: "Nord"\n---\n'})
    assert check_command(site) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "0 errors, 1 warning in 2 files"


def test_drafts_are_checked(make_site, capsys):
    site = make_site({"actions/a.md": '---\ntitle: ""\ndraft: true\n---\n'})
    assert check_command(site) == 1
    assert f"{site}/actions/a.md:2: required field 'title' is empty" in capsys.readouterr().out


def test_site_toml_errors_are_listed_with_the_rest(make_site, capsys):
    site = make_site({"site.toml": 'title = "T"\ncolour = "red"\n', "pages/p.md": "---\ndraft: 2\n---\n"})
    assert check_command(site) == 1
    out = capsys.readouterr().out
    assert f"{site}/site.toml:2: unknown setting 'colour'" in out
    assert f"{site}/pages/p.md:1: missing required field 'title'" in out
    assert f"{site}/pages/p.md:2: draft must be true or false, not the number 2" in out


VOCABULARY = """\
keywords:
  - label: "Logement"
  - label: "Vieillissement"
    aliases: ["Viellissement"]
partners:
  - label: "Caf"
public:
  - label: "Adultes"
"""


def test_values_unknown_to_the_vocabulary_are_warnings(make_site, capsys):
    site = make_site({
        "vocabulary.yaml": VOCABULARY,
        "centres/c.md": '---\nname: "C"\ndepartment: "Nord"\n---\n',
        "actions/a.md": '---\ntitle: "A"\ncentre: "C"\ndepartment: "Nord"\n'
                        'keywords: ["logement", "Viellissement", "Logemnt", "Sport"]\n'
                        'partners: ["CAF", "Mairie"]\npublic: ["Adultes"]\n---\n',
    })
    assert check_command(site) == 0
    path = f"{site}/actions/a.md"
    assert capsys.readouterr().out.splitlines() == [
        f'{path}:5: warning: keyword "Logemnt" is not in the vocabulary (did you mean « Logement » ?)',
        f'{path}:5: warning: keyword "Sport" is not in the vocabulary (add it to {site}/vocabulary.yaml)',
        f'{path}:5: warning: keyword "Viellissement" is written « Vieillissement » in the vocabulary',
        f'{path}:6: warning: partner "Mairie" is not in the vocabulary (add it to {site}/vocabulary.yaml)',
        "0 errors, 4 warnings in 4 files",
    ]


def test_no_vocabulary_file_means_no_vocabulary_warnings(make_site, capsys):
    site = make_site({"centres/c.md": '---\nname: "C"\ndepartment: "Nord"\n---\n',
                      "actions/a.md": '---\ntitle: "A"\ncentre: "C"\ndepartment: "Nord"\nkeywords: ["Zzz"]\n---\n'})
    assert check_command(site) == 0
    assert capsys.readouterr().out == "No problems in 3 files.\n"


def test_a_broken_vocabulary_is_reported(make_site, capsys):
    site = make_site({"vocabulary.yaml": "keywords: [\n"})
    assert check_command(site) == 1
    assert f"{site}/vocabulary.yaml:" in capsys.readouterr().out


def test_summary_wording():
    assert summary([], 1) == "No problems in 1 file."
    assert summary([error("a", 1, "x"), error("a", 2, "y"), warning("a", 3, "z")], 5) == "2 errors, 1 warning in 5 files"
