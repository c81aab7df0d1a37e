"""File signatures: how a build tells, without reading a file, that it is as a previous build left it.

A signature is a file's size, modification time (ns) and inode. The inputs' are taken when a build
starts; the output's, of every file and folder a build leaves, when it ends. A folder's signature
changes when an entry is added to it or removed, so stat-ing what was recorded tells whether the
output changed, without listing a single folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterable, Iterator

from .. import urls

Signature = tuple[int, int, int]  # size, mtime in ns, inode


# A file modified less than this ago may be modified again within the clock's granularity
# without its size or mtime changing: its signature is not trusted (git's "racy" files).
RACY_NS = 2_000_000_000


def signature(path: Path | str) -> Signature | None:
    """Size, mtime and inode of an input file; None when missing or too recently modified to be trusted."""
    found = output_signature(path)
    if found is None or time.time_ns() - found[1] < RACY_NS:
        return None
    return found


def output_signature(path: Path | str) -> Signature | None:
    """Size, mtime and inode of a file the build wrote itself (so recent, and trusted)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def input_signatures(roots: Iterable[Path]) -> dict[str, object]:
    """The signature of every input file under ``roots`` (folders or files), by root."""
    return {str(root): {path: signature(path) for path, is_folder in _walk(root) if not is_folder}
            if root.is_dir() else signature(root) for root in roots}


def has_racy(signatures: dict[str, object]) -> bool:
    """Was any input of ``signatures`` modified too recently for its signature to be trusted?"""
    for value in signatures.values():
        if value is None or (isinstance(value, dict) and has_racy(value)):
            return True
    return False


def output_record(folder: Path, files: Iterable[str]) -> dict[str, Signature | None]:
    """The signature of every file and folder of the output folder, which holds ``files`` (relative paths)
    and the search index."""
    root = str(folder)
    record: dict[str, Signature | None] = {root: output_signature(root)}
    for relative in files:
        path = root + os.sep + relative
        parent = os.path.dirname(path)
        while parent not in record:
            record[parent] = output_signature(parent)
            parent = os.path.dirname(parent)
        record[path] = output_signature(path)
    index = folder / urls.SEARCH_BUNDLE
    if index.is_dir():
        _record_tree(index, record)
    return record


def update_output_record(record: dict[str, Signature | None], folder: Path, written: Iterable[str],
                         tree: str | None = None) -> None:
    """Bring ``record`` (made by :func:`output_record` for ``folder``) up to date after a build that replaced the
    files ``written`` (relative paths; none added or removed) and, with ``tree``, the folder ``tree`` whole
    (the search index): what :func:`output_record` would record now, without stat-ing every file again."""
    root = str(folder)
    changed = {root}  # a folder whose entry was replaced by a rename has a new signature
    for relative in written:
        path = root + os.sep + relative
        changed.add(path)
        parent = os.path.dirname(path)
        while parent != root:
            changed.add(parent)
            parent = os.path.dirname(parent)
    for path in changed:
        record[path] = output_signature(path)
    if tree is not None:
        top = root + os.sep + tree
        for path in [path for path in record if path == top or path.startswith(top + os.sep)]:
            del record[path]
        if os.path.isdir(top):
            _record_tree(Path(top), record)


def _record_tree(folder: Path, record: dict[str, Signature | None]) -> None:
    """Add the signature of every file and folder under ``folder`` to ``record``."""
    record.update((path, output_signature(path)) for path, _ in _walk(folder))


def unchanged(record: dict[str, Signature | None]) -> bool:
    """Is every file and folder of ``record`` as it was recorded?"""
    return all(output_signature(path) == recorded for path, recorded in record.items())


def _walk(folder: Path) -> Iterator[tuple[str, bool]]:
    """Every folder (``folder`` first) and file under ``folder``: (path, is a folder)."""
    stack = [str(folder)]
    while stack:
        path = stack.pop()
        yield path, True
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    yield entry.path, False
