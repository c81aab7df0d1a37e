"""The index stage: build the Pagefind search index of a built site folder.

Reads only the output folder (what readers get), through the ``pagefind``
Python API and the binary shipped by ``pagefind-bin``. Which parts of a page
are indexed, and with which filters, metadata and sort keys, is declared in
the templates with ``data-pagefind-*`` attributes. The search page of the
theme uses ``pagefind.js``, Pagefind's JavaScript API, written beside the index
(Pagefind also writes its UI libraries there, which the theme does not load).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Awaitable, Collection, Sequence, TypeVar

from .. import urls
from ..errors import BuildError
from .shards import Shard

SEARCH_DIR = urls.SEARCH_BUNDLE  # "pagefind", beside the pages it indexes
ENTRY_FILE = "pagefind-entry.json"  # the index's table of contents: version, languages, page counts
NO_SEARCH_HINT = "build with --no-search to publish the site without search"

T = TypeVar("T")


@dataclass(frozen=True)
class IndexReport:
    pages: int  # pages in the index (only those with data-pagefind-body)


def build_index(site_dir: Path, *, language: str = "fr", into: Path | None = None) -> IndexReport:
    """Index the HTML files of ``site_dir`` into ``site_dir/pagefind/``, or ``into``; raise BuildError on failure."""
    executable = _executable()
    output = into or site_dir / SEARCH_DIR
    try:
        _run_apart(_build_index(site_dir, output, language))
    except BuildError:
        raise
    except Exception as exc:  # the Pagefind service reports its failures as plain exceptions
        message = exc.args[0] if exc.args else type(exc).__name__
        raise BuildError(f"search index: Pagefind ({executable}) failed: {message}; {NO_SEARCH_HINT}") from None
    report = _read_entry(output, language)
    if report is None:
        raise BuildError(f"search index: Pagefind wrote no {language} index in {output}; "
                         f"{NO_SEARCH_HINT}")
    return report


def build_shards(site_dir: Path, shards: Sequence[Shard], into: Path, *, language: str = "fr",
                 previous: Path | None = None, stale: Collection[str] = ()) -> IndexReport:
    """Index each shard's pages of ``site_dir`` into ``into/<name>/``, one Pagefind process at a time.

    A shard of ``previous`` (the index of the last build) is kept, hard-linked, unless it is named
    in ``stale`` (one of its pages was rewritten since) or is not a complete index of this Pagefind.
    Pagefind reads a folder of hard links to a shard's pages; while it indexes one shard, a helper
    thread links the next shard's pages and removes the last one's (1.5 s of file system work at
    10,000 actions, done while Pagefind leaves a core idle).
    """
    into.mkdir(parents=True, exist_ok=True)
    kept = {shard.name: _read_entry(previous / shard.name, language)
            for shard in shards if previous is not None and shard.name not in stale}
    fresh = [shard for shard in shards if kept.get(shard.name) is None]
    folders = {shard.name: into / f"{shard.name}.pages" for shard in fresh}
    position = {shard.name: number for number, shard in enumerate(fresh)}
    pages = 0
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-pages") as helper:
            linked = {shard.name: helper.submit(_link_pages, site_dir, shard, folders[shard.name])
                      for shard in fresh[:1]}
            for shard in shards:
                found = kept.get(shard.name)
                if found is not None:
                    shutil.copytree(previous / shard.name, into / shard.name, copy_function=_link_or_copy)
                else:
                    linked.pop(shard.name).result()
                    for following in fresh[position[shard.name] + 1:][:1]:
                        linked[following.name] = helper.submit(_link_pages, site_dir, following,
                                                               folders[following.name])
                    found = _index_pages(folders[shard.name], into / shard.name, language)
                    helper.submit(shutil.rmtree, folders[shard.name], ignore_errors=True)
                pages += found.pages
    finally:
        for folder in folders.values():  # after a failure: the links not removed yet
            shutil.rmtree(folder, ignore_errors=True)
    return IndexReport(pages=pages)


def read_shards(index_dir: Path, shards: Sequence[Shard], *, language: str = "fr") -> IndexReport | None:
    """The shards of ``index_dir`` if each is a complete index in ``language`` made by this Pagefind."""
    found = [_read_entry(index_dir / shard.name, language) for shard in shards]
    if any(report is None for report in found):
        return None
    return IndexReport(pages=sum(report.pages for report in found))


def _link_pages(site_dir: Path, shard: Shard, folder: Path) -> None:
    """A folder of hard links to the pages of one shard: what its Pagefind process reads, never the whole site."""
    shutil.rmtree(folder, ignore_errors=True)
    for path in shard.paths:
        source, link = site_dir / path, folder / path
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            _link_or_copy(source, link)
        except FileNotFoundError:
            raise BuildError(f"search index: {path} is missing from {site_dir}; {NO_SEARCH_HINT}") from None


def _index_pages(pages: Path, output: Path, language: str) -> IndexReport:
    """Index the pages linked in ``pages`` into ``output``."""
    report = build_index(pages, language=language, into=output)
    for script in ("pagefind.js", "pagefind-worker.js"):
        _no_word_chunks_for_filters_alone(output / script)
    return report


# Pagefind 1.5's search engine asks, for a search without words (filters alone: /recherche/?departement=Nord,
# where every term page leads), for the word index chunks of an empty word: all of them — 19 MB at 10,000
# actions — though it finds such results from the filters alone. Its script is told to ask for none then.
_WORD_CHUNKS = "let index_resp=this.backend.request_indexes(ptr,term);"
_NO_WORD_CHUNKS = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def _no_word_chunks_for_filters_alone(script: Path) -> None:
    """Rewrite Pagefind's script to load no word index for a search by filters alone (see _WORD_CHUNKS).
    A script of another version is left as it is (the search page's tests then see the chunks loaded)."""
    try:
        text = script.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    if text.count(_WORD_CHUNKS) == 1:
        script.write_text(text.replace(_WORD_CHUNKS, _NO_WORD_CHUNKS), encoding="utf-8")


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        shutil.copy2(source, target)  # another disk, or a file system without hard links


def _read_entry(index_dir: Path, language: str) -> IndexReport | None:
    try:
        entry = json.loads((index_dir / ENTRY_FILE).read_text(encoding="utf-8"))
        version = metadata.version("pagefind_bin")
    except (OSError, ValueError, metadata.PackageNotFoundError):
        return None
    languages = entry.get("languages") or {}
    if entry.get("version") != version or language not in languages:
        return None
    return IndexReport(pages=sum(int(found.get("page_count", 0)) for found in languages.values()))


def _run_apart(coroutine: Awaitable[T]) -> T:
    """Run a coroutine to its end, in a thread of its own if this one already runs an event loop
    (a notebook, Playwright's sync API), where asyncio.run() refuses to start."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind") as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _executable() -> Path:
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise BuildError("search index: Pagefind binary not found; reinstall it with "
                         f"`pip install 'pagefind[bin]'` or set PAGEFIND_BINARY_PATH, or {NO_SEARCH_HINT}")
    if not executable.is_file() or not os.access(executable, os.X_OK):
        raise BuildError(f"search index: Pagefind binary {executable} is missing or not executable "
                         f"(check PAGEFIND_BINARY_PATH or reinstall `pagefind[bin]`), or {NO_SEARCH_HINT}")
    return executable


async def _build_index(site_dir: Path, output: Path, language: str) -> None:
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        config = {"force_language": language, "write_playground": False}
        index = await _supervised(service, service.create_index(config), "while starting")
        await _supervised(service, index.add_directory(str(site_dir)), f"while reading the pages of {site_dir}")
        # Written once, here: PagefindIndex used as a context manager would write a second
        # time on exit, into ./pagefind/ of the working directory.
        await _supervised(service, index.write_files(output_path=str(output)), f"while writing {output}")
        await _entry_written(output, language)
    finally:
        await _shut_down(service)


async def _entry_written(output: Path, language: str, seconds: float = 20) -> None:
    """Wait until Pagefind has written its entry file: its answer to « write files » can come first.

    On a loaded machine the process was seen stopped with every file written but an empty
    entry file (about one index in four under full CPU load), an index no browser can load.
    """
    deadline = asyncio.get_running_loop().time() + seconds
    while _read_entry(output, language) is None and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)


async def _supervised(service: Any, request: Awaitable[T], doing: str) -> T:
    """Await one request to the Pagefind service, failing as soon as its process dies.

    The Python API waits forever for the answer of a process that crashed (a Rust
    panic, for instance when the output folder cannot be written): its reader task
    ending is the only sign, so we wait for whichever comes first.
    """
    answer = asyncio.ensure_future(request)
    reader = service._poll_task  # ends only when the process closed its output
    await asyncio.wait({answer, reader}, return_when=asyncio.FIRST_COMPLETED)
    if answer.done():
        try:
            return answer.result()
        except ConnectionError:
            pass  # the process went away while we were writing to it
    else:
        answer.cancel()
    raise BuildError(await _death_notice(service, doing))


async def _death_notice(service: Any, doing: str) -> str:
    """A message naming the exit code and Pagefind's last words (its panic message, if any)."""
    backend = service._backend
    output = b""
    reader = service._poll_task
    await asyncio.wait({reader}, timeout=5)  # at the end of the output it stops; never read beside it
    if not reader.done():
        reader.cancel()
    elif not reader.cancelled() and isinstance(reader.exception(), asyncio.IncompleteReadError):
        output = reader.exception().partial
    if reader.done() and backend.stdout is not None:
        try:
            output += await asyncio.wait_for(backend.stdout.read(64_000), timeout=5)
        except (asyncio.TimeoutError, OSError):
            pass
    try:
        code = await asyncio.wait_for(backend.wait(), timeout=5)
    except asyncio.TimeoutError:
        code = None
    return (f"search index: Pagefind stopped unexpectedly {doing} (exit code {code}): {_last_words(output)}; "
            f"{NO_SEARCH_HINT}")


def _last_words(output: bytes) -> str:
    """The readable reason in what a dead Pagefind printed: the line after « panicked at », else the last line.

    Part of it may be lost: the API's reader consumes what it took for an answer.
    """
    lines = [line.strip() for line in output.decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line and "\ufffd" not in line and line.isprintable()
             and not line.startswith(("note:", "stack backtrace:"))]
    for number, line in enumerate(lines):
        if "panicked at" in line and number + 1 < len(lines):
            return lines[number + 1][:300]
    return lines[-1][:300] if lines else "no message"


async def _shut_down(service: Any) -> None:
    """Stop the Pagefind process, politely if it still answers."""
    backend = service._backend
    if backend.returncode is None and not service._poll_task.done():
        await service.close()
        return
    service._poll_task.cancel()
    if backend.returncode is None:
        backend.kill()
    await backend.wait()
