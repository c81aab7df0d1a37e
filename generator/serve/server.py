"""`initiatives serve`: build, serve on localhost, rebuild what changed and reload the open tab.

* The site is built into a folder of the cache (never into ``build/``) with an
  in-memory build cache, so a rebuild re-parses only the edited files and
  rewrites only the pages they change.
* watchdog watches the content folder (``site.toml`` included) and the theme;
  a burst of saves gives one rebuild (debounced). The build is told which files
  the watcher saw change and checks only those; after anything it cannot vouch
  for (a folder event, a moved file, lost events, a failed build) it checks every file.
* Served HTML pages get a small script (added while serving, never written to
  disk) that listens to ``/__initiatives/events``: a new build reloads the page,
  a failed build shows a French overlay naming the file and line, and the last
  good site keeps being served until the fix.
* Search keeps up: the index is in small shards (:mod:`generator.search.shards`) and,
  after each build, Pagefind re-indexes in the background only the shards holding a
  page that changed, newest first — about a second for an edit at any size of site.
"""

from __future__ import annotations

import errno
import html
import json
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .. import search, urls
from ..build import BuildReport, build
from ..errors import ContentError, InitiativesError
from ..incremental import BuildCache, Memory
from ..incremental.cache import DEFAULT_CACHE

DEBOUNCE_SECONDS = 0.05
_INOTIFY_LOGGER = "watchdog.observers.inotify_c"  # warns when the kernel's event queue overflowed
EVENTS_PATH = "/__initiatives/events"
# Events stream: one "state" message at connection and after each build; a comment every few
# seconds keeps the connection open through proxies and lets the server notice a closed tab.
KEEPALIVE_SECONDS = 5

# Files no page embeds (pages, feeds, open data): a change of one reloads only the tabs showing it. Any
# other (an image, say) may appear in any page: every tab reloads.
_DOCUMENTS = (".html", ".xml", ".json", ".csv", ".txt", ".yml")
_CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".yml": "text/yaml; charset=utf-8"}
_RELOAD_SCRIPT = """<script>/* initiatives serve: live reload (not part of the built site) */
(function () {
  var version = %(version)d;
  var overlay = null;
  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "initiatives-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "initiatives-overlay-title");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#161616;color:#fff;font:16px/1.5 system-ui,sans-serif";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = problems;
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var events = new EventSource("%(events)s?page=" + encodeURIComponent(location.pathname));
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.error) { show(state.error); }
    else if (state.version !== version) { events.close(); location.reload(); }
    else { hide(); }
  });
})();
</script>
"""


@dataclass(frozen=True)
class State:
    """What the open tabs are told: the number of the last good build, and the current error if any."""

    version: int
    error: str | None = None  # the overlay's HTML
    pages: frozenset[str] | None = None  # the pages (output paths) this build changed; None: maybe any

    def concerns(self, page: str, told: "State | None") -> bool:
        """Whether the tab showing ``page``, last told ``told``, is to be told this state."""
        return (told is None or told.error is not None or self.error is not None or self.pages is None
                or page in self.pages)


class DevServer:
    """Builds the site, serves it, and rebuilds it when its sources change."""

    def __init__(self, content_dir: Path, theme_dir: Path, *, port: int = 8000, cache_dir: Path | None = None,
                 search_enabled: bool = True, log=print):
        self.content_dir = content_dir
        self.theme_dir = theme_dir
        self.work_dir = (cache_dir or DEFAULT_CACHE) / "serve"
        self.site_dir = self.work_dir / "site"
        # The search index's shards, served at /pagefind/<name>/: each re-indexed shard keeps its
        # previous index in <name>.previous/, whose chunks a page opened before still asks for (their
        # names are content hashes).
        self.search_root = self.work_dir / "search"
        self.search_enabled = search_enabled
        self.indexes = 0  # shards indexed since the start
        self._shards: tuple[search.Shard, ...] = ()  # those of the latest build
        self._unindexed: set[str] = set()  # pages written or removed since their shard was indexed
        self.log = log
        self.cache = BuildCache.open(None, self.site_dir)  # parsed files and page keys, in memory
        self.memory = Memory()  # the graph and output of the last build, trusted while only we write there
        self.state = State(version=0)
        self._changed = threading.Condition()
        self._build_lock = threading.Lock()
        self._builds = 0  # builds run, failed ones included: a search snapshot checks that none ran meanwhile
        self._timer: threading.Timer | None = None
        self._indexer: threading.Thread | None = None
        self._index_wanted = threading.Event()
        self._stopping = threading.Event()
        self._open_pages: dict[str, int] = {}  # output path -> tabs showing it (guarded by _changed)
        self._first_published: set[str] = set()  # the pages of the build under way already published
        self._observer = None
        self._changed_files: set[str] | None = None  # seen by the watcher since the last build; None: unknown
        self._changed_lock = threading.Lock()
        self._lost_events = _LostEvents(self)
        self.httpd = _bind(port, self._handler(), log)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """First build (it must succeed), then serve and watch in background threads."""
        shutil.rmtree(self.work_dir, ignore_errors=True)
        self.work_dir.mkdir(parents=True)
        report = self._build()
        if report is None and self.state.version == 0:
            self.log("The site will be served as soon as the content is fixed.")
        threading.Thread(target=self.httpd.serve_forever, name="initiatives-http", daemon=True).start()
        self._watch()
        if self.search_enabled:
            self._indexer = threading.Thread(target=self._index_loop, name="initiatives-search", daemon=True)
            self._indexer.start()
            self._index_wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._index_wanted.set()
        with self._changed:
            self._changed.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            logging.getLogger(_INOTIFY_LOGGER).removeHandler(self._lost_events)
        if self._timer is not None:
            self._timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._indexer is not None:
            self._indexer.join(timeout=30)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> BuildReport | None:
        """Rebuild; on success tell the tabs to reload, on failure show the problem and keep the old site."""
        with self._build_lock:
            started = time.perf_counter()
            with self._changed_lock:
                changed, self._changed_files = self._changed_files, set()
            self._first_published = set()
            report = None
            try:
                with self._changed:
                    first = set(self._open_pages)
                report = build(self.content_dir, self.site_dir, self.theme_dir, search_index=self.search_enabled,
                               cache=self.cache, memory=self.memory, changed=changed,
                               shard_pages=search.SERVE_SHARD_PAGES, first=first, on_first=self._publish_first)
            except ContentError as exc:
                for problem in exc.problems:
                    print(problem.format(), file=sys.stderr)
                self._publish(State(self.state.version, _overlay([p.format() for p in exc.problems if p.is_error])))
                return None
            except InitiativesError as exc:
                print(f"error: {exc}", file=sys.stderr)
                self._publish(State(self.state.version, _overlay([str(exc)])))
                return None
            finally:
                self._builds += 1
                if report is None:  # whatever a failed build left, the next one checks every file
                    self._note_change(None)
            for warning in report.warnings:
                print(warning.format(), file=sys.stderr)
            seconds = time.perf_counter() - started
            self.log(f"Rebuilt in {seconds:.2f}s: {report.summary()}")
            self._shards = report.shards
            self._unindexed.update(report.rewritten)
            # The tabs whose page this build changed reload, unless they did after its first pages.
            pages = set(report.rewritten) - self._first_published
            changed = bool(pages) or self.state.version == 0
            every_page = self.state.version == 0 or any(not path.endswith(_DOCUMENTS) for path in pages)
            self._publish(State(self.state.version + 1 if changed else self.state.version,
                                pages=None if every_page else frozenset(pages)))
            if changed or report.rewritten:  # the pages written first are to be indexed too
                self._index_wanted.set()
            return report

    def _publish_first(self, written: list[str]) -> None:
        """The pages open in a tab, written before the rest of the build: their tabs reload now."""
        self._first_published = set(written)
        self._publish(State(self.state.version + 1, pages=frozenset(written)))

    def _publish(self, state: State) -> None:
        with self._changed:
            self.state = state
            self._changed.notify_all()

    def _watch(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        server = self

        class OnChange(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("opened", "closed_no_write") or getattr(event, "is_directory", False) \
                        and event.event_type == "modified":
                    return
                expected = event.event_type in ("created", "modified", "deleted", "closed") \
                    and not event.is_directory
                server._note_change(os.fsdecode(event.src_path) if expected else None)
                server._schedule()

        logging.getLogger(_INOTIFY_LOGGER).addHandler(self._lost_events)
        self._observer = Observer()
        for folder in (self.content_dir, self.theme_dir):
            self._observer.schedule(OnChange(), str(folder), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def _note_change(self, path: str | None) -> None:
        """Tell the next build that ``path`` changed; None: something changed that only a full check finds."""
        with self._changed_lock:
            if path is None or self._changed_files is None:
                self._changed_files = None
            else:
                self._changed_files.add(path)

    def _schedule(self) -> None:
        """Debounce: rebuild once, shortly after the last of a burst of changes."""
        if self._stopping.is_set():
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self._build)
        self._timer.daemon = True
        self._timer.start()

    # --- search -------------------------------------------------------------------------

    def _index_loop(self) -> None:
        """Index in the background the shards that a build changed, newest first."""
        _lower_priority()  # an edit's rebuild must not wait for Pagefind
        self.search_root.mkdir(parents=True, exist_ok=True)
        while True:
            self._index_wanted.wait()
            if self._stopping.is_set():
                return
            self._index_wanted.clear()
            with self._build_lock:  # the plan and the pages to index of one build
                shards, unindexed = self._shards, self._unindexed
                self._unindexed = set()
            stale = search.stale_shards(shards, unindexed)
            for shard in shards:
                if self._stopping.is_set() or self._index_wanted.is_set():
                    self._still_to_index(s for s in shards if s.name in stale)  # a newer build's shards first
                    break
                if shard.name in stale or not (self.search_root / shard.name).is_dir():
                    self._index_shard(shard)
                    stale.discard(shard.name)
            self._forget_shards(shards)

    def _index_shard(self, shard: search.Shard) -> None:
        """Index one shard beside the served one, then put it in its place (the old one kept as .previous)."""
        folder, new = self.search_root / shard.name, self.search_root / f"{shard.name}.new"
        shutil.rmtree(new, ignore_errors=True)
        try:
            search.build_shards(self.site_dir, [shard], new)
        except InitiativesError as exc:
            print(f"search index: {exc}", file=sys.stderr)
            self._still_to_index([shard])  # tried again after the next build
            return
        previous = self.search_root / f"{shard.name}.previous"
        shutil.rmtree(previous, ignore_errors=True)
        if folder.is_dir():
            os.replace(folder, previous)
        os.replace(new / shard.name, folder)
        shutil.rmtree(new, ignore_errors=True)
        self.indexes += 1

    def _still_to_index(self, shards) -> None:
        with self._build_lock:
            self._unindexed.update(path for shard in shards for path in shard.paths)

    def _forget_shards(self, shards: tuple[search.Shard, ...]) -> None:
        """Remove the shards of older builds that no build since has kept (and their .previous)."""
        kept = {shard.name for shard in shards} | {shard.name for shard in self._shards}
        for folder in self.search_root.iterdir():
            if folder.name.split(".")[0] not in kept:
                shutil.rmtree(folder, ignore_errors=True)

    def search_ready(self) -> bool:
        """Whether every shard of the latest build is indexed (not necessarily with its latest pages)."""
        return bool(self._shards) and all((self.search_root / s.name).is_dir() for s in self._shards)

    # --- serving --------------------------------------------------------------------------

    def _handler(self):
        server = self

        class Handler(SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds
                pass

            def do_GET(self, body: bool = True) -> None:
                path = unquote(urlsplit(self.path).path)
                if path == EVENTS_PATH:
                    return self._events()
                file = server._resolve(path)
                status = 200
                if file is None:
                    file, status = server.site_dir / "404.html", 404
                if not file.is_file():
                    return self._send(503, "text/html; charset=utf-8", _waiting_page(server.state).encode(), body)
                data = file.read_bytes()
                content_type = _CONTENT_TYPES.get(file.suffix) or self.guess_type(str(file))
                if file.suffix == ".html" and not path.startswith(urls.admin_url()):
                    # Not the web editor's page: a reload there would throw away what is being typed.
                    data = _inject(data, server.state.version)
                self._send(status, content_type, data, body)

            def do_HEAD(self) -> None:
                self.do_GET(body=False)

            def _send(self, status: int, content_type: str, data: bytes, body: bool = True) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def _events(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.close_connection = True
                page = urls.output_path(parse_qs(urlsplit(self.path).query).get("page", ["/"])[0])
                seen = told = None  # the last state seen, the last one sent
                with server._changed:
                    server._open_pages[page] = server._open_pages.get(page, 0) + 1
                try:
                    while not server._stopping.is_set():
                        with server._changed:
                            if server.state == seen:
                                server._changed.wait(KEEPALIVE_SECONDS)
                            state = server.state
                        if state != seen and state.concerns(page, told):
                            message = json.dumps({"version": state.version, "error": state.error})
                            self.wfile.write(f"event: state\ndata: {message}\n\n".encode())
                            told = state
                        else:
                            self.wfile.write(b": keep-alive\n\n")
                        seen = state
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server._changed:
                        server._open_pages[page] -= 1
                        if not server._open_pages[page]:
                            del server._open_pages[page]

        return Handler

    def _resolve(self, url_path: str) -> Path | None:
        """The file that serves ``url_path``, or None (404)."""
        parts = [p for p in url_path.split("/") if p not in ("", ".")]
        if ".." in parts:
            return None
        if parts[:1] == [search.SEARCH_DIR] and len(parts) > 2:  # a shard's latest index, else its previous one
            found = (self.search_root.joinpath(name, *parts[2:]) for name in (parts[1], f"{parts[1]}.previous"))
            return next((file for file in found if file.is_file()), None)
        file = self.site_dir.joinpath(*parts)
        if file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None


def _lower_priority() -> None:
    """Give the calling thread, and the processes it starts (Pagefind), a lower CPU priority (niceness 10).

    On Linux a thread has a niceness of its own; elsewhere, where this would lower the whole
    process, it is left as it is.
    """
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


class _LostEvents(logging.Handler):
    """Hears watchdog say the kernel dropped file events (it sends no event for that): check every file."""

    def __init__(self, server: DevServer):
        super().__init__(logging.WARNING)
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage():
            self.server._note_change(None)
            self.server._schedule()


def _bind(port: int, handler, log) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:port; on a free port, with a message saying so, when that one is taken."""
    ThreadingHTTPServer.daemon_threads = True
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    log(f"Port {port} is already in use (another `initiatives serve`?); using port {httpd.server_address[1]} instead.")
    return httpd


def _inject(page: bytes, version: int) -> bytes:
    script = (_RELOAD_SCRIPT % {"version": version, "events": EVENTS_PATH}).encode()
    end = page.rfind(b"</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def _overlay(problems: list[str]) -> str:
    """The French overlay shown in every open tab while the content has an error."""
    items = "".join(
        f'<li style="margin:.75rem 0"><code style="white-space:pre-wrap;font-size:15px">{html.escape(p)}</code></li>'
        for p in problems)
    return ('<h2 id="initiatives-overlay-title" style="margin-top:0;color:#ffb4a8">'
            "Le site n’a pas pu être reconstruit</h2>"
            "<p>Corrigez le fichier indiqué (chemin:ligne) et enregistrez : la page se mettra à jour toute seule. "
            "En attendant, le dernier site valide reste servi.</p>"
            f'<ul style="padding-left:1.2rem">{items}</ul>')


def _waiting_page(state: State) -> str:
    body = state.error or "<p>Construction du site…</p>"
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>initiatives serve</title></head>'
            f"<body>{body}{(_RELOAD_SCRIPT % {'version': state.version, 'events': EVENTS_PATH})}</body></html>")
