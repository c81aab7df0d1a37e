"""The write stage: put the rendered files in place without ever leaving a half-built site.

A build changes the output folder as one transaction, whose cost grows with what
changed, not with the size of the site:

1. ``stage``: the files whose bytes changed are written into a staging folder beside
   the output folder (``.build.staging/``). Nothing in the output folder changes yet.
2. ``apply``: a journal listing every change is written, then each new file is moved
   into place, the file it replaces kept (hard-linked) in the staging folder, and
   each stale file is moved there. ``replace_folder`` does the same for a whole folder
   (the search index).
3. ``commit`` drops the replaced files; ``discard`` (on any failure) puts them back.

A build killed while applying leaves its journal: the next build (``recover``) puts
the previous site back before anything else. When the output folder holds no site
yet, the staging folder simply becomes it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .errors import BuildError


class _Previous(bytes):
    """Marks a file whose bytes are known to equal the previous build's (its page key did not change)."""


# In the files given to stage(): "same bytes as the file of the previous build", left as it is.
PREVIOUS = _Previous()


class _Staged(bytes):
    """Marks a file of a new site already written into the staging folder (by a render worker)."""


# In the files given to stage(): "written already into the folder prestage() gave" (a new site only).
STAGED = _Staged()

_NEW, _OLD, _SCRATCH, _JOURNAL = "new", "old", "scratch", "journal.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Staging:
    """The changes of one build to its output folder, staged beside it."""

    path: Path
    out_dir: Path
    report: WriteReport
    fresh: bool  # the output folder holds no site: the staged one becomes it whole
    existed: bool  # the output folder existed before this build
    folders: list[str] = field(default_factory=list)  # folders replaced or removed whole, relative
    applied: bool = False

    def scratch(self, name: str) -> Path:
        """A folder for this build's own work (e.g. a new search index), on the output folder's disk."""
        return self.path / _SCRATCH / name


def prestage(out_dir: Path) -> Path | None:
    """Where the files of a new site may be written before stage() (by render workers, as they are made):
    the staging folder's, emptied; None when ``out_dir`` holds a site (its files are compared first)."""
    check_output_folder(out_dir)
    recover(out_dir)
    if is_site(out_dir):
        return None
    path = _staging_path(out_dir)
    if path.exists():
        shutil.rmtree(path)  # left by a build killed before it applied anything
    (path / _NEW).mkdir(parents=True)
    return path / _NEW


def write_staged(new: Path, relative: str, data: bytes) -> bytes:
    """Write one file of a new site into the folder prestage() gave; STAGED, to stand for its bytes."""
    target = new / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise BuildError(f"{new}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return STAGED


def stage(files: dict[str, bytes], out_dir: Path, *, complete: bool = True) -> Staging:
    """Write the files of ``files`` (relative path -> bytes, PREVIOUS, or STAGED when prestage() was called
    and the file written there) that changed beside ``out_dir``.

    ``complete``: ``files`` holds every file of the site, and the output's other files are to be removed;
    False: it holds files to write into the site ``out_dir`` holds, and none is removed."""
    check_output_folder(out_dir)
    recover(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    path = _staging_path(out_dir)
    fresh = not is_site(out_dir)
    if fresh and not complete:
        raise BuildError(f"{out_dir}: the site to update is gone from the output folder; build again")
    prestaged = any(isinstance(data, _Staged) for data in files.values())
    if prestaged and not fresh:
        raise BuildError(f"{out_dir}: a site appeared in the output folder during the build; build again")
    if path.exists() and not prestaged:
        shutil.rmtree(path)  # left by a build killed before it applied anything
    report = WriteReport()
    new = path / _NEW
    folders: set[Path] = set()
    try:
        new.mkdir(parents=True, exist_ok=prestaged)
        for relative in sorted(files):
            data = files[relative]
            if isinstance(data, _Staged):
                report.written.append(relative)
                continue
            if not fresh and (isinstance(data, _Previous) or _same_bytes(out_dir / relative, data)):
                report.unchanged.append(relative)
                continue
            target = new / relative
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(data)
            report.written.append(relative)
        if not fresh and complete:
            report.removed = sorted(_previous_files(out_dir) - set(files))
    except OSError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise BuildError(f"{out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return Staging(path, out_dir, report, fresh, existed=out_dir.exists())


def apply(staging: Staging) -> None:
    """Move the staged files into the output folder, keeping every file they replace until ``commit``."""
    try:
        _write_journal(staging)
        staging.applied = True
        _apply(staging)
    except OSError as exc:
        raise BuildError(f"{staging.out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None


def _apply(staging: Staging) -> None:
    out_dir, new, old = staging.out_dir, staging.path / _NEW, staging.path / _OLD
    if staging.fresh:
        if out_dir.exists():
            out_dir.rmdir()  # empty: check_output_folder refuses a folder holding anything but a site
        os.replace(new, out_dir)
        return
    folders: set[Path] = set()
    for relative in staging.report.written:
        target = out_dir / relative
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if target.exists():
            kept = old / relative
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.link(target, kept)
        os.replace(new / relative, target)
    for relative in staging.report.removed:
        kept = old / relative
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(out_dir / relative, kept)
    for relative in staging.report.removed:
        _remove_empty_parents(out_dir, out_dir / relative)


def replace_folder(staging: Staging, relative: str, folder: Path | None) -> None:
    """Put ``folder`` in place of the output's folder ``relative`` (None: remove it), after ``apply``."""
    target, kept = staging.out_dir / relative, staging.path / _OLD / relative
    if folder is None and not target.exists():
        return
    try:
        staging.folders.append(relative)
        _write_journal(staging)
        if target.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, kept)
        if folder is not None:
            os.replace(folder, target)
    except OSError as exc:
        raise BuildError(f"{target}: cannot put the new folder in place: {exc.strerror} ({exc.filename})") from None


def commit(staging: Staging) -> None:
    """Make the applied changes final: drop the journal, then the files they replaced."""
    (staging.path / _JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging.path, ignore_errors=True)


def discard(staging: Staging) -> None:
    """Undo the build: put back every file it replaced or removed, then drop the staging folder."""
    if staging.applied:
        recover(staging.out_dir)
    shutil.rmtree(staging.path, ignore_errors=True)


def recover(out_dir: Path) -> bool:
    """Put back the previous site if a build was stopped while applying its changes; True if one was."""
    path = _staging_path(out_dir)
    try:
        journal = json.loads((path / _JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    new, old = path / _NEW, path / _OLD
    try:
        for relative in journal["folders"]:  # the search index, replaced after the pages
            if (old / relative).exists():
                _remove(out_dir / relative)
                os.replace(old / relative, out_dir / relative)
            elif not (path / _SCRATCH / relative).exists():
                _remove(out_dir / relative)
        if journal["fresh"]:
            if not new.exists() and out_dir.exists():  # the staged site had become the output folder
                shutil.rmtree(out_dir)
            if journal["existed"] and not out_dir.exists():  # it was an empty folder
                out_dir.mkdir()
        else:
            for relative in journal["written"]:
                target = out_dir / relative
                if (old / relative).exists():
                    os.replace(old / relative, target)
                elif not (new / relative).exists():  # moved in where there was no file
                    target.unlink(missing_ok=True)
                    _remove_empty_parents(out_dir, target)
            for relative in journal["removed"]:
                if (old / relative).exists():
                    (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(old / relative, out_dir / relative)
        (path / _JOURNAL).unlink()
    except OSError as exc:
        raise BuildError(f"{out_dir}: cannot restore the previous build from {path}: {exc.strerror} "
                         f"({exc.filename}); delete both folders and build again") from None
    shutil.rmtree(path, ignore_errors=True)
    return True


def _write_journal(staging: Staging) -> None:
    journal = {"fresh": staging.fresh, "existed": staging.existed, "written": staging.report.written,
               "removed": staging.report.removed, "folders": staging.folders}
    temporary = staging.path / f".{_JOURNAL}.tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(journal, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, staging.path / _JOURNAL)


def _staging_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.staging"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def is_site(out_dir: Path) -> bool:
    """Does ``out_dir`` hold a complete site we built (that update() may change in place)?"""
    return (out_dir / "404.html").is_file()


def update(files: dict[str, bytes], out_dir: Path, *, present: set[str] | None = None) -> WriteReport:
    """Bring a previous build in ``out_dir`` up to date in place: write the changed files, remove the stale ones.

    ``present``: the files ``out_dir`` holds, when the caller knows them (the dev server's own record),
    which spares listing the folder.

    Each file is replaced atomically and the content was checked before, so a reader (the
    dev server) only ever sees whole files; unlike stage() and apply(), nothing is kept to undo it.
    """
    check_output_folder(out_dir)
    report = WriteReport()
    try:
        _write_changed(files, out_dir, report)
        report.removed = sorted((_previous_files(out_dir) if present is None else present) - set(files))
        for relative in report.removed:
            (out_dir / relative).unlink()
        for relative in report.removed:
            _remove_empty_parents(out_dir, out_dir / relative)
    except OSError as exc:
        raise BuildError(f"{out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return report


def write_changed(files: dict[str, bytes], out_dir: Path) -> list[str]:
    """Write, each atomically, the files of ``files`` whose bytes differ from those in ``out_dir``; the others
    stay as they are. The files written."""
    report = WriteReport()
    try:
        _write_changed(files, out_dir, report)
    except OSError as exc:
        raise BuildError(f"{out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return report.written


def _write_changed(files: dict[str, bytes], out_dir: Path, report: WriteReport) -> None:
    for relative in sorted(files):
        data = files[relative]
        if isinstance(data, _Previous):
            report.unchanged.append(relative)
            continue
        target = out_dir / relative
        if _same_bytes(target, data):
            report.unchanged.append(relative)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        report.written.append(relative)


def _remove_empty_parents(out_dir: Path, path: Path) -> None:
    for folder in path.parents:
        if folder == out_dir or not folder.is_relative_to(out_dir):
            return
        try:
            folder.rmdir()
        except OSError:  # not empty
            return


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _previous_files(out_dir: Path) -> set[str]:
    """Every file of the previous build but its search index, as relative paths."""
    if not out_dir.is_dir():
        return set()
    found: set[str] = set()
    stack = [("", str(out_dir))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if relative != urls.SEARCH_BUNDLE:
                        stack.append((relative + "/", entry.path))
                else:
                    found.add(relative)
    return found


def check_output_folder(out_dir: Path) -> None:
    """Refuse to replace a folder that is not a site we built (the output folder is wiped)."""
    resolved = out_dir.resolve()
    if resolved == Path.cwd().resolve() or resolved in Path.cwd().resolve().parents or resolved == Path(resolved.anchor):
        raise BuildError(f"{out_dir}: refusing to use this folder as output: it contains the project")
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"{out_dir}: output path exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "404.html").exists():
        raise BuildError(f"{out_dir}: output folder is not empty and does not hold a previous build; "
                         "choose an empty or new folder with --out")
