"""The build cache (``.cache/`` by default): what a build may reuse from the previous one.

Four records, each keyed on contents, never on dates alone:

* **parsed files** — each content file's checked item (with its HTML) and problems,
  keyed on its path and the hash of its bytes: unchanged Markdown is never re-parsed.
  A file's size, mtime and inode only spare reading it again to hash it.
* **page records** — for every output file, a hash of everything its bytes depend on
  (its key: the route's context, content items standing for the hash of their file,
  the layout, the theme's files and the generator's own code), the file's signature
  and, for an item's own page, where its view is (what it read of the site graph; the
  rendering processes append views to files of their own, :class:`ViewWriter`). A page
  whose key and output file did not change is neither rendered nor written.
* **baseline** — what the last complete build rendered its pages from besides the
  content (options, configuration, layout, templates) and, after each load, which
  content files changed since then, with what they held then and now: an edit that
  leaves an item's listing projection as it was re-renders its own page alone
  (see :mod:`generator.incremental.edits`).
* **inputs** — the signature of every input file, and of every file and folder of the
  output, of the last complete build (:mod:`generator.incremental.signatures`), with its
  options and warnings: when none changed, the build stops there; when only content
  files changed, the command line may rebuild their own pages alone from their views
  (:meth:`BuildCache.edited_inputs`, :meth:`BuildCache.load_edited`,
  :meth:`BuildCache.record_edit`), without reading the rest of the cache.

Parsed files and page records are each stored in 64 shards by the hash of their path:
an edit reads and rewrites the few shards it touches.

``serve`` knows from its file watcher which inputs changed: it passes them to
:meth:`BuildCache.load_files`, which then checks only those files, and trusts its own
record of the output folder (:class:`generator.incremental.Memory`) instead of stat-ing
every input and output.

The cache belongs to one output folder and one generator version; anything else
found in it is ignored and rebuilt. Deleting the folder is always safe.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..content import markdown
from ..content.load import load_file
from ..content.model import Action, Centre, Page
from ..errors import Problem
from ..parallel import parallel_map
from .records import Completed, ViewRef
from .signatures import (
    Signature,
    has_racy,
    input_signatures,
    output_record,
    output_signature,
    signature,
    unchanged,
    update_output_record,
)

DEFAULT_CACHE = Path(".cache")
_FILES = "files-{:02x}.pickle"  # parsed files, by content file path
_PAGES = "pages-{:02x}.pickle"  # page records, by output path
_SHARDS = 64
_BASELINE = "baseline.pickle"
_VIEWS = "views-{}-{}.bin"  # own pages' views, appended by each rendering process (see ViewWriter)
_INPUTS = "inputs.pickle"


def _code_version() -> str:
    """A hash of the generator's own code and data: a new version invalidates everything."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".csv", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(b"fast-markdown" if markdown._FAST is not None else b"reference-markdown")
    return digest.hexdigest()


def hash_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def pickle_view(view: object) -> bytes:
    """An own page's view (:attr:`generator.pages.Route.view`) as the cache keeps it: without pickle's memo,
    so that equal views give equal bytes (it stands for the view in the page's key)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(view)
    return buffer.getvalue()


@dataclass
class _ParsedFile:
    signature: Signature | None
    digest: bytes
    result: tuple[object | None, list[Problem]]


# A page record: the page's key, its output file's signature, and where its view is when it is an item's
# own page (what the page read of the site graph, see generator.pages.route.Route.view).
PageRecord = tuple[bytes, "Signature | None", "ViewRef | None"]


@dataclass(frozen=True)
class Baseline:
    """What the pages of a complete build were rendered from, besides content."""

    options: object
    config: object
    layout: object
    templates: bytes
    pages: int  # page files, each with a page record
    aggregates: dict = field(default_factory=dict)  # projection name -> paths of the pages that read it
    shards: tuple = ()  # its search index's shards (search.Shard); none without search


@dataclass
class _Shards:
    """One record of the cache (path -> entry), stored in _SHARDS files by the hash of the path: a build that
    needs a few entries reads their shards alone, and writes again only the shards whose entries changed."""

    pattern: str  # the shards' file names, formatted with the shard's number
    entries: dict = field(default_factory=dict)  # of the shards read
    read: set[int] = field(default_factory=set)  # the shards read (or known empty)
    dirty: set[int] = field(default_factory=set)  # the shards changed since they were read

    def everything(self) -> None:
        """Every shard counts as read: a record kept in memory only, or a new one."""
        self.read = set(range(_SHARDS))


@dataclass(frozen=True)
class Edits:
    """The content files changed since the last complete build, and what that build was rendered from."""

    baseline: Baseline
    changed: dict[str, tuple[object | None, object | None]]  # path -> (item then, item now); None: not valid


@dataclass
class ViewWriter:
    """Where the processes rendering a build's pages append the views of own pages (:func:`pickle_view`),
    each process to a file of its own in the cache folder: the views never travel back to the building
    process nor stay in its memory. A complete build's page records say where each view is; files no
    record names any more are deleted when it is recorded."""

    folder: Path
    build: str  # names this build's files
    _name: str = ""
    _file: Any = None
    _pid: int = 0

    def put(self, view: bytes) -> ViewRef:
        if self._pid != os.getpid():  # the first view of this process (a forked worker inherits the writer)
            self._pid = os.getpid()
            self._name = _VIEWS.format(self.build, self._pid)
            self._file = open(self.folder / self._name, "ab", buffering=0)  # unbuffered: a worker ends abruptly
        offset = self._file.tell()
        data = memoryview(view)
        while data:
            data = data[self._file.write(data):]
        return (self._name, offset, len(view))

    def close(self) -> None:
        if self._file is not None and self._pid == os.getpid():
            self._file.close()
        self._file, self._pid = None, 0


@dataclass(frozen=True)
class EditedFiles:
    """Content files parsed alone (:meth:`BuildCache.load_edited`): their items then and now, and their records,
    kept aside until :meth:`BuildCache.take_edit`."""

    edits: Edits
    parsed: dict[str, _ParsedFile]
    problems_then: tuple[Problem, ...]  # the files' own problems in the last build
    problems_now: tuple[Problem, ...]


@dataclass
class BuildCache:
    """The cache of one output folder; ``folder=None`` keeps it in memory only (``serve`` between edits)."""

    folder: Path | None
    out_dir: Path
    version: str = field(default_factory=_code_version)
    parsed_files: int = 0  # files parsed by the last load (the others were reused)
    baseline: Baseline | None = None  # of the last complete build; None after a failed one
    _files: _Shards = field(default_factory=lambda: _Shards(_FILES))  # path -> _ParsedFile
    _pages: _Shards = field(default_factory=lambda: _Shards(_PAGES))  # output path -> PageRecord
    _edits: Edits | None = None  # found by the last load; None when unknown (files added or removed…)
    _table: dict | None = None  # the pickling rules of page keys, made once
    _baseline_read: bool = True  # False until the baseline in ``folder`` is read
    _inputs: dict[str, object] | None = None  # the signatures of the inputs, taken when this build started
    _previous: dict[str, Any] | None = None  # the last build's record of its inputs, when it had these options

    @classmethod
    def open(cls, folder: Path | None, out_dir: Path) -> "BuildCache":
        """The cache in ``folder`` if it was made by this generator version for ``out_dir``, else an empty one.

        Its records are read when first needed, shard by shard: a build that finds nothing
        changed reads only the record of its inputs.
        """
        cache = cls(folder, out_dir, _baseline_read=folder is None)
        if folder is None:
            cache._files.everything()
            cache._pages.everything()
        return cache

    @property
    def parsed(self) -> dict[str, _ParsedFile]:
        return self._files.entries

    def _read_stored(self) -> None:
        """Read every shard of every record, and the baseline."""
        self._read_baseline()
        self._read_shards(self._files, range(_SHARDS))
        self._read_shards(self._pages, range(_SHARDS))

    def _read_baseline(self) -> Baseline | None:
        if not self._baseline_read:
            self._baseline_read = True
            self.baseline = self._read(_BASELINE)
        return self.baseline

    def _read_shards(self, record: _Shards, shards: Iterable[int]) -> None:
        for shard in sorted(set(shards) - record.read):
            record.read.add(shard)
            record.entries.update(self._read(record.pattern.format(shard)) or {})

    # --- parsed files -----------------------------------------------------------------

    def load_files(self, jobs: list[tuple[str, str]], watched: set[str] | None = None
                   ) -> list[tuple[object | None, list[Problem]]]:
        """The loader for ``load_content``: reuse unchanged files, parse the others over every core.

        ``watched`` (``serve``): the only files changed since the last complete build, absolute paths;
        the others are reused without even a stat. None: check every file.
        """
        self._read_stored()
        baseline, self.baseline = self.baseline, None  # until this build completes
        changed: dict[str, tuple[object | None, object | None]] | None = {} if baseline is not None else None
        results: list[tuple[object | None, list[Problem]] | None] = []
        misses: list[int] = []
        seen: set[str] = set()
        unwatched = _outside(watched)
        parsed, dirty = self._files.entries, self._files.dirty
        for index, (path, _) in enumerate(jobs):
            key = path
            seen.add(key)
            entry = parsed.get(key)
            if entry is not None and unwatched(key):
                results.append(entry.result)
                continue
            current = signature(path)
            if entry is not None and current is not None and entry.signature == current:
                results.append(entry.result)
                continue
            digest = hash_bytes(Path(path).read_bytes())
            if entry is not None and entry.digest == digest:
                entry.signature = current
                dirty.add(_shard(key))
                results.append(entry.result)
                continue
            if changed is not None:
                if entry is None:
                    changed = None
                else:
                    changed[key] = (entry.result[0], None)
            parsed[key] = _ParsedFile(current, digest, (None, []))
            dirty.add(_shard(key))
            results.append(None)
            misses.append(index)
        for index, result in zip(misses, parallel_map(_load_job, [jobs[i] for i in misses], minimum=64)):
            parsed[jobs[index][0]].result = result
            results[index] = result
        for gone in set(parsed) - seen:
            changed = None
            del parsed[gone]
            dirty.add(_shard(gone))
        self.parsed_files = len(misses)
        if changed is not None:
            changed = {key: (then, parsed[key].result[0]) for key, (then, _) in changed.items()}
        self._edits = Edits(baseline, changed) if baseline is not None and changed is not None else None
        return results  # type: ignore[return-value]

    def edits(self) -> Edits | None:
        """The content files the last load found changed since the last complete build; None when unknown."""
        return self._edits

    def digest_of(self, path: str) -> bytes:
        return self.parsed[path].digest

    # --- page records -----------------------------------------------------------------

    def view_writer(self) -> ViewWriter | None:
        """Where this build's rendering processes keep the views of own pages; None for a cache in memory
        (``serve`` keeps the site graph instead)."""
        if self.folder is None:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        return ViewWriter(self.folder, f"{time.time_ns():x}")

    def view(self, where: ViewRef) -> bytes | None:
        """The bytes of a view a page record points to; None when they are gone."""
        name, offset, length = where
        try:
            with open(self.folder / name, "rb") as stream:  # type: ignore[operator]
                stream.seek(offset)
                data = stream.read(length)
        except (OSError, TypeError):
            return None
        return data if len(data) == length else None

    def page_key(self, context: dict[str, Any], *parts: object) -> bytes | None:
        """A hash of a page's context and ``parts``; None when the context cannot be hashed."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.fast = True  # no memo: equal values give equal bytes whatever object shares what
        if self._table is None:
            self._table = self._dispatch_table()
        pickler.dispatch_table = self._table
        try:
            pickler.dump((parts, sorted(context.items())))
        except (pickle.PicklingError, TypeError, AttributeError, ValueError):
            return None
        return hash_bytes(buffer.getvalue())

    def page_keyer(self, *shared: object) -> Callable[..., bytes | None]:
        """``page_key`` for pages that all have ``shared`` (templates, layout) among their parts: hashed once."""
        frame = self.page_key({}, *shared)
        return lambda context, *parts: None if frame is None else self.page_key(context, frame, *parts)

    def _dispatch_table(self) -> dict:
        """Content items pickle as the hash of their file: cheap, and exactly what they depend on."""
        table = copyreg.dispatch_table.copy()

        def by_file(item: Action | Centre | Page):
            entry = self.parsed.get(item.location.path)
            if entry is None:  # not loaded through this cache: hash the item itself
                return (_Item, (type(item).__name__, tuple(sorted(vars(item).items(), key=lambda kv: kv[0]))))
            return (_Item, (type(item).__name__, entry.digest))

        for kind in (Action, Centre, Page):
            table[kind] = by_file

        return table

    def page_records(self) -> dict[str, PageRecord]:
        """Every page of the last complete build: output path -> (key, signature, where its view is)."""
        self._read_stored()
        return self._pages.entries

    def page_record(self, relative: str) -> PageRecord | None:
        """The record of one page of the last complete build (reading its shard alone)."""
        if len(self._pages.read) < _SHARDS:
            self._read_shards(self._pages, (_shard(relative),))
        return self._pages.entries.get(relative)

    def unchanged_page(self, relative: str, key: bytes | None, *, trusted: bool = False) -> bool:
        """Was the file at ``relative`` rendered from ``key`` and left as it was written?

        ``trusted``: nothing but our builds wrote the output folder since (``serve``): no need to look.
        """
        if key is None:
            return False
        previous = self.page_record(relative)
        return (previous is not None and previous[0] == key and previous[1] is not None
                and (trusted or previous[1] == output_signature(self.out_dir / relative)))

    def record(self, done: Completed) -> None:
        """After a complete build: record its page keys, its inputs and its outcome, and save the cache."""
        # The command line records every file and folder of the output: page signatures come from it.
        record = output_record(self.out_dir, done.rendered.files) if self.folder is not None else None
        rendered = done.rendered
        self.remember_pages(rendered.keys, written=set(done.written) if done.trusted else None,
                            signatures=record, views=rendered.views)
        self.baseline = Baseline(done.options, rendered.config, rendered.layout, rendered.templates,
                                 len(self._pages.entries), rendered.aggregates, done.shards)
        if len(self._pages.entries) != len(rendered.keys):  # a page without a key: check every page next time
            self.baseline = None
        if record is not None:  # an in-memory cache never skips a build: no need for its inputs
            self.remember_inputs(done.options.inputs(), done.options, done.outcome, record)
        self.save()
        self._drop_views()  # after the records that no longer point to them

    def remember_pages(self, keys: dict[str, bytes | None], written: set[str] | None = None,
                       signatures: dict[str, Signature | None] | None = None,
                       views: dict[str, ViewRef] | None = None) -> None:
        """Record the keys of the pages now in the output folder (after it was swapped in).

        ``written``: the only files this build changed in a folder it trusts; the others keep their signature.
        ``signatures``: the output's files as just recorded (absolute path -> signature), instead of stat-ing them.
        ``views``: where the views of the own pages this build made are; the others keep theirs (their
        listing and the graph are as they were: see :func:`generator.incremental.own_page_edits`).
        """
        self._read_stored()
        out_dir = str(self.out_dir) + os.sep
        previous = self._pages.entries
        views = views or {}
        sign = signatures.get if signatures is not None else output_signature
        pages: dict[str, PageRecord] = {}
        for relative, key in keys.items():
            if key is None:
                continue
            before = previous.get(relative)
            kept = before[1] if before is not None and written is not None and relative not in written else None
            view = views[relative] if relative in views else before[2] if before is not None else None
            pages[relative] = (key, kept or sign(out_dir + relative), view)
        self._pages.dirty |= {_shard(relative) for relative in previous.keys() | pages.keys()
                              if previous.get(relative) != pages.get(relative)}
        self._pages.entries = pages

    def _drop_views(self) -> None:
        """Delete the files of views no page record points to (a previous build's, a failed build's)."""
        if self.folder is None:
            return
        kept = {record[2][0] for record in self._pages.entries.values() if record[2] is not None}
        for path in self.folder.glob(_VIEWS.format("*", "*")):
            if path.name not in kept:
                path.unlink(missing_ok=True)

    # --- inputs of the last build -----------------------------------------------------

    def unchanged_inputs(self, roots: Iterable[Path], options: object) -> Any:
        """The outcome of the last build when it had the same options, inputs and outputs; else None."""
        if self.folder is None:  # kept in memory (serve): never skips a build, records no inputs
            return None
        # What this build is about to read, recorded when it completes: a file changed after this
        # point has another signature then, so the next build sees it changed.
        self._inputs = input_signatures(roots)
        previous = self._read(_INPUTS)
        if previous is None or previous["options"] != options:
            return None
        self._previous = previous
        # A file too recently modified to trust its signature (None) is never taken as unchanged.
        if previous["inputs"] != self._inputs or has_racy(self._inputs) or not unchanged(previous["outputs"]):
            return None
        return previous["outcome"]

    def edited_inputs(self) -> tuple[list[str], Any] | None:
        """After :meth:`unchanged_inputs` found a change: the input files changed since the last build (or too
        recently modified, then or now, to tell by their signatures), and that build's outcome, when it had
        the same options and the same input files; else None. Whether it left the output folder as it is
        now is :meth:`output_as_recorded`."""
        previous = self._previous
        if previous is None or self._inputs is None or previous["inputs"].keys() != self._inputs.keys():
            return None
        changed = []
        for root, now in self._inputs.items():
            then = previous["inputs"][root]
            if isinstance(now, dict) and isinstance(then, dict):
                if now.keys() != then.keys():
                    return None  # a file added or removed
                changed += [path for path, found in now.items() if found is None or then[path] != found]
            elif now is None or now != then:
                changed.append(root)
        return changed, previous["outcome"]

    def output_as_recorded(self) -> bool:
        """Is every file and folder of the output as the last build (of :meth:`edited_inputs`) left it?"""
        return self._previous is not None and unchanged(self._previous["outputs"])

    def remember_inputs(self, roots: Iterable[Path], options: object, outcome: object,
                        outputs: dict[str, Signature | None]) -> None:
        """Record what the build that just completed read and wrote, and its ``outcome`` (warnings, pages).

        A file saved too recently to trust its signature is recorded without one: the next build reads it
        again (it may have changed since within the clock's granularity, its size and time the same).
        """
        inputs = self._inputs if self._inputs is not None else input_signatures(roots)
        self._write(_INPUTS, {"options": options, "inputs": inputs, "outputs": outputs, "outcome": outcome})

    def forget_inputs(self) -> None:
        if self.folder is not None:
            (self.folder / _INPUTS).unlink(missing_ok=True)

    # --- an edit of own pages alone (the command line) -----------------------------------

    def load_edited(self, jobs: list[tuple[str, str]]) -> EditedFiles | None:
        """Parse the content files of ``jobs`` ((path, kind), found changed by :meth:`edited_inputs`) alone:
        their items then and now, against the last complete build, reading only their shards of the cache.
        None when that build left no baseline or a file no record. The cache is unchanged until
        :meth:`take_edit`."""
        baseline = self._read_baseline()
        self._read_shards(self._files, {_shard(path) for path, _ in jobs})
        entries = [self.parsed.get(path) for path, _ in jobs]
        if baseline is None or None in entries:
            return None
        parsed, changed, then, now = {}, {}, [], []
        self.parsed_files = 0
        for (path, kind), entry in zip(jobs, entries):
            current, digest = signature(path), hash_bytes(Path(path).read_bytes())
            result = entry.result
            if digest != entry.digest:
                result = load_file(path, kind)
                self.parsed_files += 1
            parsed[path] = _ParsedFile(current, digest, result)
            changed[path] = (entry.result[0], result[0])
            then += entry.result[1]
            now += result[1]
        return EditedFiles(Edits(baseline, changed), parsed, tuple(then), tuple(now))

    def take_edit(self, edited: EditedFiles) -> None:
        """The records of the files of ``edited`` stand from now on (their items' page keys hash their new bytes):
        the build goes on with them, to :meth:`record_edit` or to an error; it no longer falls back."""
        for path, entry in edited.parsed.items():
            self.parsed[path] = entry
            self._files.dirty.add(_shard(path))

    def record_edit(self, edited: EditedFiles, keys: dict[str, bytes], written: Iterable[str], outcome: object,
                    *, index: str | None = None) -> None:
        """After a build of ``edited``'s own pages alone (its files taken by :meth:`take_edit`): record their
        pages' keys (their views stay), the inputs and the output as they are now, updating the last build's
        records rather than taking them again, and save. ``written``: the output files replaced; ``index``:
        the output's folder of the search index, when it may have been replaced."""
        previous = self._previous
        outputs = dict(previous["outputs"])  # type: ignore[index]
        update_output_record(outputs, self.out_dir, written, index)
        out_dir = str(self.out_dir) + os.sep
        for relative, key in keys.items():
            record = self.page_record(relative)
            assert record is not None  # render_own_pages made only pages that have one
            self._pages.entries[relative] = (key, outputs[out_dir + relative], record[2])
            self._pages.dirty.add(_shard(relative))
        self.remember_inputs((), previous["options"], outcome, outputs)  # type: ignore[index]
        self.save()

    # --- storage ----------------------------------------------------------------------

    def save(self) -> None:
        """Write the shards changed since they were read, and the baseline."""
        if self.folder is None:
            return
        for record in (self._files, self._pages):
            shards: dict[int, dict[str, object]] = {shard: {} for shard in record.dirty}
            for path, entry in record.entries.items():
                shard = _shard(path)
                if shard in shards:
                    shards[shard][path] = entry
            for shard, entries in sorted(shards.items()):
                self._write(record.pattern.format(shard), entries)
            record.dirty.clear()
        if self._baseline_read:  # read, or set by this build
            self._write(_BASELINE, self.baseline)

    def _read(self, name: str) -> Any:
        try:
            with open(self.folder / name, "rb") as stream:  # type: ignore[operator]
                header = pickle.load(stream)
                if header != (self.version, str(self.out_dir.resolve())):
                    return None
                return pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def _write(self, name: str, value: Any) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        gitignore = self.folder / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# The build cache of `initiatives`: safe to delete.\n*\n", encoding="utf-8")
        temporary = self.folder / f".{name}.tmp"
        with open(temporary, "wb") as stream:
            pickle.dump((self.version, str(self.out_dir.resolve())), stream, protocol=5)
            pickle.dump(value, stream, protocol=5)
        os.replace(temporary, self.folder / name)


def _shard(path: str) -> int:
    return hashlib.blake2b(path.encode(), digest_size=1).digest()[0] % _SHARDS


class _Item:
    """Stands for a content item in a page key (never unpickled)."""


def _load_job(job: tuple[str, str]) -> tuple[object | None, list[Problem]]:
    return load_file(*job)


def _outside(watched: set[str] | None):
    """Is a content file outside ``watched`` (so unchanged)? Never, when nothing is watched."""
    if watched is None:
        return lambda path: False
    folders: dict[str, str] = {}

    def outside(path: str) -> bool:
        folder, _, name = path.rpartition(os.sep)
        absolute = folders.get(folder)
        if absolute is None:
            absolute = folders[folder] = os.path.abspath(folder)
        return absolute + os.sep + name not in watched

    return outside
