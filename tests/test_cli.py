"""The command line itself: arguments a user gets wrong are refused with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("port", ["99999", "abc", "-1"])
def test_serve_rejects_a_port_that_is_not_one(port):
    result = run("serve", "--port", port)
    assert result.returncode == 2
    assert f"'{port}' is not a port number (expected 0 to 65535)" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_to_build_over_the_project_or_a_folder_that_is_not_a_site(tmp_path):
    result = run("build", "--out", ".", "--no-search")
    assert result.returncode == 1
    assert "refusing to use this folder as output: it contains the project" in result.stderr
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me")
    result = run("build", "--out", str(notes), "--no-search")
    assert result.returncode == 1
    assert "output folder is not empty and does not hold a previous build" in result.stderr
    assert (notes / "todo.txt").read_text() == "keep me"


def test_missing_arguments_are_named():
    result = run("new", "action", "Atelier")
    assert result.returncode == 2
    assert "the following arguments are required: --centre" in result.stderr


def test_the_default_theme_is_found_from_any_folder(tmp_path):
    """Run from another folder, with only the content given: the shipped theme is used."""
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(ROOT / "content"),
                             "--out", str(tmp_path / "site"), "--no-search", "--cache", str(tmp_path / "cache")],
                            cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "actions" / "mos-art" / "index.html").is_file()
    # build ends its process without tearing the heap down (cli.run): what it printed is there all the same
    assert result.stdout.startswith(f"Built the site in {tmp_path / 'site'}/: ") and result.stdout.endswith(")\n")


def test_version_and_help_without_a_command():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == "initiatives 0.1.0"
    bare = run()
    assert bare.returncode == 0 and "init" in bare.stdout and "build" in bare.stdout and not bare.stderr


def test_init_then_import_then_build_needs_no_hand_set_up(tmp_path):
    """A new site from nothing: init, import the real export, build; init never overwrites what is there."""
    content = tmp_path / "site"
    created = subprocess.run([sys.executable, "-m", "generator", "init", str(content)], cwd=tmp_path,
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert created.returncode == 0, created.stderr
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*")) == [
        "actions", "centres", "pages", "pages/a-propos.md", "site.toml", "vocabulary.yaml"]
    (content / "site.toml").write_text((content / "site.toml").read_text(encoding="utf-8")
                                       .replace('title = "Initiatives des centres sociaux"', 'title = "Mon site"'),
                                       encoding="utf-8")
    again = run("init", str(content))
    assert "kept as they were: site.toml, vocabulary.yaml, pages/a-propos.md" in again.stdout
    assert 'title = "Mon site"' in (content / "site.toml").read_text(encoding="utf-8")

    fresh = tmp_path / "fresh"
    seed = ROOT / "tests" / "fixtures" / "seeds" / "000_255603f9ca9877df.txt"
    dry = run("import", str(seed), "--content", str(fresh), "--dry-run")
    assert f"{fresh}/ had no site.toml: would create site.toml" in dry.stdout and not fresh.exists()
    imported = run("import", str(seed), "--content", str(fresh))
    assert imported.returncode == 0, imported.stderr
    assert f"{fresh}/ had no site.toml: created site.toml, vocabulary.yaml, pages/a-propos.md, as `initiatives init` does" in imported.stdout
    built = run("build", "--content", str(fresh), "--out", str(tmp_path / "out"), "--no-search",
                "--cache", str(tmp_path / "cache"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "actions" / "mos-art" / "index.html").is_file()


def test_a_reader_that_stops_early_gets_no_traceback():
    """`initiatives check | head -1`: when the pipe's reader is gone, the command stops quietly."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "check", "--content",
                                str(ROOT / "tests" / "fixtures" / "broken_site")], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors


def test_the_installed_command_resolves():
    """`initiatives` as pip installs it: the entry point in pyproject.toml names the real function."""
    import tomllib

    from generator.commands.cli import run as main

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["initiatives"].partition(":")
    assert getattr(__import__(module, fromlist=[function]), function) is main


def test_check_speaks_github_annotations_for_the_pull_request_workflow():
    """`check --format github`: one workflow command per problem, on its file and line, escaped as GitHub reads it."""
    result = run("check", "--content", "tests/fixtures/broken_site", "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    text = run("check", "--content", "tests/fixtures/broken_site").stdout
    assert len(annotations) == len(re.findall(r"^tests/fixtures/broken_site/\S+:\d*:? ", text, flags=re.M)) > 10
    pattern = re.compile(r"^::(error|warning) file=tests/fixtures/broken_site/[^,:]+(,line=\d+)?,title=initiatives check::\S.*$")
    assert all(pattern.match(line) for line in annotations), annotations
    assert "::error file=tests/fixtures/broken_site/actions/date-not-a-date.md,line=5,title=initiatives check::" \
           "date must be a date like 2026-11-21, not \"21/11/2026\"" in annotations


def test_github_annotations_escape_what_would_end_them():
    from generator.errors import error

    problem = error("dossier, avec: virgule.md", 3, "100 % faux\nsur deux lignes", hint="a: b")
    assert problem.format_github() == ("::error file=dossier%2C avec%3A virgule.md,line=3,title=initiatives check::"
                                       "100 %25 faux%0Asur deux lignes (a: b)")


def test_the_pull_request_workflow_checks_the_content_and_runs_the_test_command():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = {name: [step.get("run", step.get("uses")) for step in job["steps"]] for name, job in workflow["jobs"].items()}
    assert "initiatives check --format github" in steps["content"]
    assert "bash .ci/run" in steps["tests"]  # the README's test command, as CI runs it
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key « on » as true
