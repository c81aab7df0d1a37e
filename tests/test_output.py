"""The write stage: staged changes, applied as one transaction, undone on failure or after a crash."""

from __future__ import annotations

import pytest

from generator import output
from generator.errors import BuildError

SITE = {"index.html": b"home", "a/index.html": b"a", "404.html": b"404"}


def _build(files, out_dir):
    staging = output.stage(files, out_dir)
    output.apply(staging)
    output.commit(staging)
    return staging.report


def _snapshot(folder):
    """Every file with its bytes and inode: a file put back is the very file that was there."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_first_build_writes_everything(tmp_path):
    report = _build(SITE, tmp_path / "build")
    assert sorted(report.written) == ["404.html", "a/index.html", "index.html"]
    assert (tmp_path / "build" / "a" / "index.html").read_bytes() == b"a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]  # no staging folder left


def test_second_identical_build_writes_nothing_and_keeps_the_files(tmp_path):
    out = tmp_path / "build"
    _build(SITE, out)
    before = {p: (out / p).stat() for p in SITE}
    report = _build(SITE, out)
    assert report.written == [] and report.removed == []
    after = {p: (out / p).stat() for p in SITE}
    assert {p: (s.st_mtime_ns, s.st_ino) for p, s in after.items()} == {
        p: (s.st_mtime_ns, s.st_ino) for p, s in before.items()}


def test_changed_file_is_rewritten_and_stale_file_removed(tmp_path):
    out = tmp_path / "build"
    _build({**SITE, "old/deep/index.html": b"old"}, out)
    kept = (out / "a/index.html").stat().st_ino
    report = _build({**SITE, "index.html": b"home v2", "new/index.html": b"new"}, out)
    assert report.written == ["index.html", "new/index.html"]
    assert report.removed == ["old/deep/index.html"]
    assert not (out / "old").exists()
    assert (out / "index.html").read_bytes() == b"home v2" and (out / "new/index.html").read_bytes() == b"new"
    assert (out / "a/index.html").stat().st_ino == kept  # untouched, not copied
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_previous_files_are_left_as_they_are(tmp_path):
    out = tmp_path / "build"
    _build(SITE, out)
    report = _build({**SITE, "index.html": output.PREVIOUS}, out)
    assert report.unchanged == ["404.html", "a/index.html", "index.html"]
    assert (out / "index.html").read_bytes() == b"home"


def test_staging_changes_nothing_in_the_output(tmp_path):
    out = tmp_path / "build"
    _build({**SITE, "old/index.html": b"old"}, out)
    before = _snapshot(out)
    staging = output.stage({**SITE, "index.html": b"v2", "new/index.html": b"new"}, out)
    assert _snapshot(out) == before
    output.discard(staging)
    assert _snapshot(out) == before
    assert not staging.path.exists()


def test_a_discarded_build_puts_every_file_back(tmp_path):
    """A failure after the files were applied (the search index, say) leaves the previous site as it was."""
    out = tmp_path / "build"
    _build({**SITE, "old/deep/index.html": b"old", "pagefind/entry.json": b"{}"}, out)
    before = _snapshot(out)
    staging = output.stage({**SITE, "index.html": b"v2", "new/index.html": b"new"}, out)
    output.apply(staging)
    index = staging.scratch("pagefind")
    index.mkdir(parents=True)
    (index / "entry.json").write_bytes(b"new index")
    output.replace_folder(staging, "pagefind", index)
    assert (out / "index.html").read_bytes() == b"v2" and not (out / "old").exists()
    assert (out / "pagefind/entry.json").read_bytes() == b"new index"
    output.discard(staging)
    assert _snapshot(out) == before
    assert not (out / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_a_discarded_first_build_leaves_no_output(tmp_path):
    out = tmp_path / "build"
    staging = output.stage(SITE, out)
    output.apply(staging)
    output.discard(staging)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_discarded_first_build_into_an_empty_folder_leaves_it_empty(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    staging = output.stage(SITE, out)
    output.apply(staging)
    output.discard(staging)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"] and not any(out.iterdir())


def test_a_build_killed_while_applying_is_undone_by_the_next_one(tmp_path, monkeypatch):
    out = tmp_path / "build"
    _build({**SITE, "old/index.html": b"old"}, out)
    before = _snapshot(out)
    staging = output.stage({**SITE, "index.html": b"v2", "a/index.html": b"a2", "new/index.html": b"new"}, out)
    moves = []
    real_replace = output.os.replace

    def killed_after_two_moves(source, target):
        if len(moves) == 2:
            raise KeyboardInterrupt  # stands for the process being killed: nothing after this runs
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", killed_after_two_moves)
    with pytest.raises(KeyboardInterrupt):
        output.apply(staging)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert _snapshot(out) != before  # half applied, as a killed build leaves it
    assert output.recover(out) is True
    assert _snapshot(out) == before
    assert not staging.path.exists()
    assert output.recover(out) is False


def test_a_removed_folder_comes_back_on_discard(tmp_path):
    out = tmp_path / "build"
    _build({**SITE, "pagefind/entry.json": b"{}"}, out)
    before = _snapshot(out)
    staging = output.stage(SITE, out)
    output.apply(staging)
    output.replace_folder(staging, "pagefind", None)
    assert not (out / "pagefind").exists()
    output.discard(staging)
    assert _snapshot(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    with pytest.raises(BuildError, match="does not hold a previous build"):
        output.stage({"index.html": b"x"}, precious)
    assert (precious / "todo.txt").read_text() == "keep me"


def test_a_new_site_written_by_render_workers_is_staged_like_bytes(tmp_path):
    """A cold build's workers write each page into the staging folder (output.prestage) and send back
    STAGED: the output, the report and the clean-up are those of a build that sent the bytes."""
    out = tmp_path / "build"
    new = output.prestage(out)
    files = {"index.html": output.write_staged(new, "index.html", b"home"),
             "a/index.html": output.write_staged(new, "a/index.html", b"a"), "404.html": b"404"}
    report = _build(files, out)
    assert sorted(report.written) == ["404.html", "a/index.html", "index.html"]
    assert {p: data for p, (data, _) in _snapshot(out).items()} == SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    assert output.prestage(out) is None  # a site is there now: its files are compared, not prestaged


def test_a_build_stopped_after_prestaging_leaves_no_output_and_the_next_one_starts_clean(tmp_path):
    out = tmp_path / "build"
    output.write_staged(output.prestage(out), "orphan.html", b"from a render that failed")
    assert not out.exists()
    _build(SITE, out)
    assert {p: data for p, (data, _) in _snapshot(out).items()} == SITE  # no orphan from the stopped build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_staged_files_are_refused_once_a_site_appeared_in_the_output(tmp_path):
    out = tmp_path / "build"
    new = output.prestage(out)
    _build(SITE, tmp_path / "other")
    (tmp_path / "other").rename(out)
    with pytest.raises(BuildError, match="a site appeared in the output folder"):
        output.stage({"index.html": output.write_staged(new, "index.html", b"x")}, out)
