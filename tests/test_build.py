"""`initiatives build` end to end, through the command line as a user runs it."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "default"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def build(content: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run("build", "--content", str(content), "--out", str(out), "--theme", str(THEME), "--no-search",
               "--cache", str(out.parent / f".cache-{out.name}"), *extra)


def test_build_produces_every_page_type(fixture_site, tmp_path):
    out = tmp_path / "build"
    result = build(fixture_site, out, "--base-url", "https://preview.example.net")
    assert result.returncode == 0, result.stderr
    assert "pages:" in result.stdout
    for path in ("index.html", "page/2/index.html", "actions/mos-art/index.html", "centres/index.html",
                 "centres/la-maison-pop/index.html", "departements/index.html",
                 "departements/62-pas-de-calais/index.html", "mots-cles/index.html", "mots-cles/logement/index.html",
                 "partenaires/index.html", "partenaires/caf/index.html", "recherche/index.html",
                 "a-propos/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html"):
        assert (out / path).is_file(), path
    action = (out / "actions/mos-art/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in action
    assert '<link rel="canonical" href="https://preview.example.net/actions/mos-art/">' in action
    assert "15 septembre 2026" in action
    assert "https://preview.example.net/sitemap.xml" in (out / "robots.txt").read_text()
    assert list((out / "assets").glob("style.*.css")), "stylesheet is fingerprinted"


def test_drafts_are_built_only_on_request(fixture_site, tmp_path):
    draft = "actions/massage-bebe-portage-en-echarpe/index.html"
    assert build(fixture_site, tmp_path / "a").returncode == 0
    assert not (tmp_path / "a" / draft).exists()
    assert build(fixture_site, tmp_path / "b", "--drafts").returncode == 0
    assert (tmp_path / "b" / draft).exists()


def test_same_input_gives_byte_identical_output(fixture_site, tmp_path):
    assert build(fixture_site, tmp_path / "one").returncode == 0
    assert build(fixture_site, tmp_path / "two").returncode == 0
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", files, shallow=False)
    assert mismatch == [] and errors == [] and comparison.left_only == comparison.right_only == []


def test_invalid_content_fails_with_file_and_line_and_keeps_previous_build(fixture_site, tmp_path):
    out = tmp_path / "build"
    assert build(fixture_site, out).returncode == 0
    before = (out / "index.html").read_bytes()
    broken = fixture_site / "actions" / "mos-art.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace('status: "terminée"', 'status: "finie"'),
                      encoding="utf-8")
    result = build(fixture_site, out)
    assert result.returncode == 1
    assert f"{broken}:5: " in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".build.*")), "no staging folder left behind"


def test_template_error_is_reported_without_traceback(fixture_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    (theme / "templates" / "page.html").write_text("{% extends 'base.html' %}{% block main %}{{ missing }}{% endblock %}")
    result = run("build", "--content", str(fixture_site), "--out", str(tmp_path / "out"), "--theme", str(theme),
                 "--cache", str(tmp_path / ".cache"),
                 "--no-search")
    assert result.returncode == 1
    assert "page.html" in result.stderr and "'missing' is undefined" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["build", "--content", "/nonexistent/content"], ["check", "--content", "/nonexistent"]])
def test_missing_content_folder_is_a_clear_error(args, tmp_path):
    result = run(*args, "--out", str(tmp_path / "o"), "--cache", str(tmp_path / ".cache")) if args[0] == "build" else run(*args)
    printed = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"{args[2]}: content folder not found" in printed
    assert "Traceback" not in printed



def test_a_missing_theme_is_reported_before_any_work(fixture_site, tmp_path):
    result = run("build", "--content", str(fixture_site), "--out", str(tmp_path / "build"),
                 "--theme", str(tmp_path / "nowhere"), "--no-search", "--cache", str(tmp_path / "cache"))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"error: {tmp_path / 'nowhere' / 'templates'}: theme templates folder not "
                                          "found (expected themes/<name>/templates/)")
    assert "load" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "build").exists() and not (tmp_path / "cache").exists()
