"""The write stage: staging, hard links for unchanged files, swap, removal of stale files."""

from __future__ import annotations

import pytest

from generator import output
from generator.errors import BuildError


def _build(files, out_dir):
    staging = output.stage(files, out_dir)
    output.commit(staging)
    return staging.report


def test_first_build_writes_everything(tmp_path):
    report = _build({"index.html": b"home", "a/index.html": b"a", "404.html": b"404"}, tmp_path / "build")
    assert sorted(report.written) == ["404.html", "a/index.html", "index.html"]
    assert (tmp_path / "build" / "a" / "index.html").read_bytes() == b"a"


def test_second_identical_build_writes_nothing_and_keeps_dates(tmp_path):
    out = tmp_path / "build"
    files = {"index.html": b"home", "a/index.html": b"a", "404.html": b"404"}
    _build(files, out)
    before = {p: (out / p).stat().st_mtime_ns for p in files}
    report = _build(files, out)
    assert report.written == [] and report.removed == []
    assert {p: (out / p).stat().st_mtime_ns for p in files} == before


def test_changed_file_is_rewritten_and_stale_file_removed(tmp_path):
    out = tmp_path / "build"
    _build({"index.html": b"home", "old/index.html": b"old", "404.html": b"404"}, out)
    report = _build({"index.html": b"home v2", "404.html": b"404"}, out)
    assert report.written == ["index.html"]
    assert report.removed == ["old/index.html"]
    assert not (out / "old").exists()


def test_discarded_staging_leaves_previous_output_intact(tmp_path):
    out = tmp_path / "build"
    _build({"index.html": b"home", "404.html": b"404"}, out)
    staging = output.stage({"index.html": b"broken", "404.html": b"404"}, out)
    output.discard(staging)
    assert (out / "index.html").read_bytes() == b"home"
    assert not staging.path.exists()


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    with pytest.raises(BuildError, match="does not hold a previous build"):
        output.stage({"index.html": b"x"}, precious)
    assert (precious / "todo.txt").read_text() == "keep me"
