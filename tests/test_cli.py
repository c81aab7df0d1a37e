"""The command line itself: arguments a user gets wrong are refused with a clear message."""

from __future__ import annotations

import os
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
