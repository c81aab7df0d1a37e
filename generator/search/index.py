"""The index stage: build the Pagefind search index of a built site folder.

Reads only the output folder (what readers get), with the command line of the
binary shipped by ``pagefind-bin`` (found by the ``pagefind`` package). Which parts of a page
are indexed, and with which filters, metadata and sort keys, is declared in
the templates with ``data-pagefind-*`` attributes. The search page of the
theme uses ``pagefind.js``, Pagefind's JavaScript API, written beside the index
(Pagefind also writes its UI libraries there, which the theme does not load).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Collection, Sequence

from .. import urls
from ..errors import BuildError
from .shards import Shard

SEARCH_DIR = urls.SEARCH_BUNDLE  # "pagefind", beside the pages it indexes
ENTRY_FILE = "pagefind-entry.json"  # the index's table of contents: version, languages, page counts
NO_SEARCH_HINT = "build with --no-search to publish the site without search"


@dataclass(frozen=True)
class IndexReport:
    pages: int  # pages in the index (only those with data-pagefind-body)


def build_index(site_dir: Path, *, language: str = "fr", into: Path | None = None) -> IndexReport:
    """Index the HTML files of ``site_dir`` into ``site_dir/pagefind/``, or ``into``; raise BuildError on failure.

    Pagefind's command line, not its Python service: on the same pages it takes 2.8 s where the
    service takes 3.2 s (1,251 pages). It runs in ``site_dir``, so that no Pagefind configuration
    file of the folder the build was started from is read, and without PAGEFIND_* settings from
    the environment: what is indexed, and how, is the templates' business alone.
    """
    executable = _executable()
    output = into or site_dir / SEARCH_DIR
    command = [str(executable), "--site", str(site_dir.resolve()), "--output-path", str(output.resolve()),
               "--force-language", language, "--silent"]
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        ran = subprocess.run(command, cwd=site_dir, env=environment, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as exc:
        raise BuildError(f"search index: Pagefind ({executable}) could not start: {exc.strerror}; "
                         f"{NO_SEARCH_HINT}") from None
    if ran.returncode != 0:
        raise BuildError(f"search index: Pagefind stopped unexpectedly indexing {site_dir} into {output} "
                         f"(exit code {ran.returncode}): {_last_words(ran.stdout)}; {NO_SEARCH_HINT}")
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
    thread links the next shard's pages and removes the last one's, on the core Pagefind leaves
    idle (at 10,000 actions, 1.8–2.7 s of file system work between Pagefind runs became 0.4 s).
    """
    into.mkdir(parents=True, exist_ok=True)
    kept = {shard.name: _read_entry(previous / shard.name, language)
            for shard in shards if previous is not None and shard.name not in stale}
    fresh = [shard for shard in shards if kept.get(shard.name) is None]
    folders = {shard.name: into / f"{shard.name}.pages" for shard in fresh}
    following = {shard.name: after for shard, after in zip(fresh, fresh[1:])}  # the next shard to index
    pages = 0
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-pages") as helper:

            def link(shard: Shard | None) -> Future | None:
                return helper.submit(_link_pages, site_dir, shard, folders[shard.name]) if shard else None

            linking = link(fresh[0] if fresh else None)  # the pages of the next shard to index
            for shard in shards:
                found = kept.get(shard.name)
                if found is not None:
                    shutil.copytree(previous / shard.name, into / shard.name, copy_function=_link_or_copy)
                else:
                    linking.result()
                    linking = link(following.get(shard.name))
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


def _last_words(output: bytes) -> str:
    """The readable reason in what a dead Pagefind printed: the line after « panicked at », else the last line."""
    lines = [line.strip() for line in output.decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line and "\ufffd" not in line and line.isprintable()
             and not line.startswith(("note:", "stack backtrace:"))]
    for number, line in enumerate(lines):
        if "panicked at" in line and number + 1 < len(lines):
            return lines[number + 1][:300]
    return lines[-1][:300] if lines else "no message"
