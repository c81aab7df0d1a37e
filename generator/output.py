"""The write stage: put the rendered files in place without ever leaving a half-built site.

The new site is assembled in a staging folder next to the output folder: files
whose bytes did not change are hard-linked from the previous build (nothing is
written, their dates stay), the others are written. Only when the staging
folder is complete (search index included) is it swapped into place. A failed
build removes its staging folder and leaves the previous output untouched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError


class _Previous(bytes):
    """Marks a file whose bytes are known to equal the previous build's (its page key did not change)."""


# In the files given to stage(): "same bytes as the file of the previous build", linked without reading.
PREVIOUS = _Previous()


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Staging:
    """A complete new site being assembled; commit() swaps it into place."""

    path: Path
    out_dir: Path
    report: WriteReport


def stage(files: dict[str, bytes], out_dir: Path) -> Staging:
    """Assemble ``files`` (relative path -> bytes, or PREVIOUS) in a staging folder beside ``out_dir``."""
    check_output_folder(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)  # left over by a build that was killed
    report = WriteReport()
    folders: set[Path] = set()
    try:
        for relative in sorted(files):
            data = files[relative]
            target = staging / relative
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            previous = out_dir / relative
            if isinstance(data, _Previous) or _same_bytes(previous, data):
                os.link(previous, target)
                report.unchanged.append(relative)
            else:
                target.write_bytes(data)
                report.written.append(relative)
        report.removed = sorted(_previous_files(out_dir) - set(files))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return Staging(staging, out_dir, report)


def is_site(out_dir: Path) -> bool:
    """Does ``out_dir`` hold a complete site we built (that update() may change in place)?"""
    return (out_dir / "404.html").is_file()


def update(files: dict[str, bytes], out_dir: Path, *, present: set[str] | None = None) -> WriteReport:
    """Bring a previous build in ``out_dir`` up to date in place: write the changed files, remove the stale ones.

    ``present``: the files ``out_dir`` holds, when the caller knows them (the dev server's own record),
    which spares listing the folder.

    Each file is replaced atomically and the content was checked before, so a reader (the
    dev server) only ever sees whole files. Cheaper than staging when few files change, but
    not atomic as a whole: builds that must be (a search index goes with its pages) stage.
    """
    check_output_folder(out_dir)
    report = WriteReport()
    try:
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
        report.removed = sorted((_previous_files(out_dir) if present is None else present) - set(files))
        for relative in report.removed:
            (out_dir / relative).unlink()
        for relative in report.removed:
            _remove_empty_parents(out_dir, out_dir / relative)
    except OSError as exc:
        raise BuildError(f"{out_dir}: cannot write the output: {exc.strerror} ({exc.filename})") from None
    return report


def _remove_empty_parents(out_dir: Path, path: Path) -> None:
    for folder in path.parents:
        if folder == out_dir or not folder.is_relative_to(out_dir):
            return
        try:
            folder.rmdir()
        except OSError:  # not empty
            return


def link_previous(staging: Staging, relative_dir: str) -> bool:
    """Reuse a folder of the previous build (e.g. an up-to-date search index) by hard links."""
    previous = staging.out_dir / relative_dir
    if not previous.is_dir():
        return False
    shutil.copytree(previous, staging.path / relative_dir, copy_function=os.link, dirs_exist_ok=True)
    return True


def commit(staging: Staging) -> None:
    """Swap the staged site into place: the only moment the output folder changes."""
    out_dir = staging.out_dir
    retired = out_dir.parent / f".{out_dir.name}.previous"
    if retired.exists():
        shutil.rmtree(retired)
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging.path, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Staging) -> None:
    shutil.rmtree(staging.path, ignore_errors=True)


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
                    if relative != "pagefind":
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
