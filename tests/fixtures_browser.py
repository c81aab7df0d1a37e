"""Fixtures for browser tests: headless Chromium via Playwright, a local HTTP server, axe-core.

Fixtures (available to every test through conftest.py):

* ``browser`` (session): one headless Debian Chromium (/usr/bin/chromium) per test session.
* ``page``: desktop page, 1280x800, fr-FR, Europe/Paris; closed after the test.
* ``phone_page``: phone page, 360x740, is_mobile, touch, device_scale_factor 2.
* ``new_page(**context_options)``: factory for other viewports/options (same recording).
* ``serve_directory(path) -> base_url``: serves a static folder until the end of the test;
  ``serve_directory_session`` does the same until the end of the session.
* ``screenshot(page, name) -> Path``: full-page PNG in ``tmp_path/screenshots`` (or in
  ``$INITIATIVES_SCREENSHOT_DIR`` when set, to keep them).

Every page records problems in ``page.console_errors`` (a list of strings): ``console.error``
messages, uncaught exceptions and unhandled rejections, and requests to a served origin
that failed or got an HTTP error (except the main document itself, whose status
``page.goto`` returns, so a test can open a 404 page on purpose).

Plain functions, importable from test modules (``from fixtures_browser import ...``):
``assert_no_console_errors(page)``, ``axe_violations(page)``, ``assert_no_axe_violations(page)``,
``format_axe_violations(violations)``, ``served_directory(path)`` (context manager).
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

__all__ = [
    "AXE_DEFAULT_TAGS",
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "CONTENT_TYPES",
    "HeaderRules",
    "netlify_header_rules",
    "assert_no_axe_violations",
    "assert_no_console_errors",
    "axe_violations",
    "browser",
    "format_axe_violations",
    "new_page",
    "page",
    "phone_page",
    "require_chromium",
    "screenshot",
    "serve_directory",
    "serve_directory_session",
    "served_directory",
]

CHROMIUM_PATH = "/usr/bin/chromium"
# We run as root (--no-sandbox) on a machine without GPU and without outside network:
# the background-networking flags stop Chromium from calling Google services.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DEFAULT_TIMEOUT_MS = 15_000
DESKTOP_OPTIONS: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE_OPTIONS: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
COMMON_OPTIONS: dict[str, Any] = {"locale": "fr-FR", "timezone_id": "Europe/Paris"}
SETUP_HINT = "Run `bash scripts/test.sh` once: it installs Chromium and the test dependencies."


# --------------------------------------------------------------------------- browser


def require_chromium(path: str = CHROMIUM_PATH) -> None:
    """Fail (never skip) with a clear message when Chromium is not installed at ``path``."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"Browser tests need Chromium at {path}, which is missing. {SETUP_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (playwright.sync_api.Browser)."""
    require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Browser tests need the Python package playwright. {SETUP_HINT}", pytrace=False)
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=list(CHROMIUM_ARGS)
            )
        except Exception as error:  # noqa: BLE001 - re-raised as a test failure with a hint
            pytest.fail(f"Chromium ({CHROMIUM_PATH}) did not start: {error}\n{SETUP_HINT}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


# Origins ("http://127.0.0.1:PORT") of the servers currently started by served_directory().
_SERVED_ORIGINS: set[str] = set()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_served(url: str) -> bool:
    return _origin(url) in _SERVED_ORIGINS


def _record_problems(page: Any) -> None:
    """Attach ``page.console_errors`` and fill it from the page's events."""
    errors: list[str] = []
    page.console_errors = errors

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        url = location.get("url", "")
        # Chromium's own "Failed to load resource" line: for served URLs, on_response and
        # on_request_failed record it with more detail (and they ignore the main document
        # and the favicon, which Chromium fetches at unpredictable times).
        if message.text.startswith("Failed to load resource") and _is_served(url):
            return
        where = f" ({url}:{location.get('lineNumber', 0)})" if url else ""
        errors.append(f"console.error: {message.text}{where}")

    def on_page_error(error: Any) -> None:
        name = getattr(error, "name", "") or "Error"
        errors.append(f"uncaught {name}: {getattr(error, 'message', error)}")

    def is_main_document(request: Any) -> bool:
        try:
            return request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # noqa: BLE001 - e.g. service-worker requests have no frame
            return False

    def on_response(response: Any) -> None:
        if response.status >= 400 and _is_served(response.url) and not is_main_document(response.request):
            errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def on_request_failed(request: Any) -> None:
        # net::ERR_ABORTED: the browser dropped the request itself (left the page, or a
        # script answered with an HTTP error, which on_response already records).
        if _is_served(request.url) and request.failure != "net::ERR_ABORTED":
            errors.append(f"request failed ({request.failure}): {request.method} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory: ``new_page(**context_options)`` opens a page in a fresh context.

    Options default to the desktop page (1280x800) with fr-FR and Europe/Paris; every
    context is closed after the test.
    """
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**{**COMMON_OPTIONS, **DESKTOP_OPTIONS, **options})
        contexts.append(context)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        result = context.new_page()
        _record_problems(result)
        return result

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """Desktop page (1280x800, fr-FR) recording ``page.console_errors``."""
    return new_page()


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    """Phone page (360x740 CSS px, is_mobile, touch, device_scale_factor 2, fr-FR)."""
    return new_page(**PHONE_OPTIONS)


def assert_no_console_errors(page: Any, *, ignore: Iterable[str] = ()) -> None:
    """Fail listing ``page.console_errors``, except those matching one of the ``ignore`` regexes."""
    if not page.is_closed():
        # A round trip to the page delivers the events Chromium sent before it.
        with contextlib.suppress(Exception):
            page.evaluate("0")
    patterns = [re.compile(pattern) for pattern in ignore]
    errors = [error for error in page.console_errors if not any(p.search(error) for p in patterns)]
    if errors:
        lines = "\n".join(f"- {error}" for error in errors)
        raise AssertionError(f"{len(errors)} browser error(s) on {page.url}:\n{lines}")


# --------------------------------------------------------------------------- server

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".yml": "text/yaml; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    # Pagefind's index files (compressed by Pagefind itself, no Content-Encoding).
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}


class _StaticHandler(SimpleHTTPRequestHandler):
    """Static files like Netlify: index.html for folders, /404.html with status 404, no listings."""

    server_version = "InitiativesTestServer"

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        extension = os.path.splitext(os.fspath(path))[1].lower()
        return CONTENT_TYPES.get(extension) or mimetypes.guess_type(os.fspath(path))[0] or "application/octet-stream"

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", CONTENT_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser hangs up on requests it no longer needs; anything else is a real bug.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


HeaderRules = list[tuple[str, dict[str, str]]]


def netlify_header_rules(netlify_toml: str | os.PathLike[str], headers_file: str | os.PathLike[str] | None = None
                         ) -> HeaderRules:
    """The header rules Netlify applies, in its order: a ``_headers`` file's, then netlify.toml's ``[[headers]]``.

    Every rule whose pattern matches a path applies; where two set the same header, the later one wins
    (Netlify's @netlify/headers-parser and ``headersForPath``): netlify.toml's ``/admin/*`` overrides ``/*``.
    """
    import tomllib

    rules: HeaderRules = []
    if headers_file is not None and Path(headers_file).is_file():
        for line in Path(headers_file).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                rules.append((line.strip(), {}))
            else:
                name, _, value = line.strip().partition(":")
                rules[-1][1][name.strip()] = value.strip()
    rules += [(rule["for"], dict(rule.get("values", {})))
              for rule in tomllib.loads(Path(netlify_toml).read_text(encoding="utf-8")).get("headers", [])]
    return rules


def _matches(pattern: str, path: str) -> bool:
    """Netlify's path patterns: ``*`` matches any run of characters."""
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), path) is not None


class _HeaderHandler(_StaticHandler):
    rules: HeaderRules = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        applied: dict[str, str] = {}
        for pattern, values in self.rules:
            if _matches(pattern, path):
                applied.update(values)
        for name, value in applied.items():
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def served_directory(path: str | os.PathLike[str], headers: HeaderRules | None = None) -> Iterator[str]:
    """Serve ``path`` on 127.0.0.1 (ephemeral port) in a daemon thread; yields the base URL.

    The base URL has no trailing slash: ``f"{base_url}/actions/"``. ``headers``: Netlify's header
    rules to apply (``netlify_header_rules``), as the published site sends them.
    """
    root = Path(path).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"cannot serve {root}: not a folder")
    handler: type[_StaticHandler] = _StaticHandler
    if headers is not None:
        handler = type("_RulesHandler", (_HeaderHandler,), {"rules": headers})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll interval makes shutdown() quick (the default waits up to 0.5 s).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"serve {root}", daemon=True
    )
    thread.start()
    _SERVED_ORIGINS.add(base_url)
    try:
        yield base_url
    finally:
        _SERVED_ORIGINS.discard(base_url)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def serve_directory() -> Iterator[Callable[[str | os.PathLike[str]], str]]:
    """Factory: ``serve_directory(path) -> base_url``; the servers stop after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda path: stack.enter_context(served_directory(path))


@pytest.fixture(scope="session")
def serve_directory_session() -> Iterator[Callable[[str | os.PathLike[str]], str]]:
    """Like ``serve_directory``, for session-scoped fixtures (a site built once per session)."""
    with contextlib.ExitStack() as stack:
        yield lambda path: stack.enter_context(served_directory(path))


# --------------------------------------------------------------------------- axe

AXE_DEFAULT_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@functools.cache
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe  # ships axe-core, no download

    return Axe()


def axe_violations(
    page: Any,
    *,
    tags: Iterable[str] | None = AXE_DEFAULT_TAGS,
    context: str | None = None,
    disable: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; returns axe's violation dicts.

    ``tags``: rules to run (None: all of axe's rules); ``context``: a CSS selector to check
    only part of the page; ``disable``: rule ids to skip (say why in the test).
    """
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if tags is not None:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    disabled = list(disable)
    if disabled:
        options["rules"] = {rule: {"enabled": False} for rule in disabled}
    results = _axe().run(page, context=context, options=options)
    return list(results.response["violations"])


def _target_text(target: Any) -> str:
    # A node target is a list of selectors; a nested list goes through iframes/shadow roots.
    if isinstance(target, list):
        return " >> ".join(_target_text(part) for part in target)
    return str(target)


def format_axe_violations(violations: list[dict[str, Any]], *, max_targets: int = 3) -> str:
    """One block per violation: id, impact, help, element count, first targets, first snippet, help URL."""
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = ", ".join(_target_text(node.get("target", [])) for node in nodes[:max_targets])
        if len(nodes) > max_targets:
            targets += f", … (+{len(nodes) - max_targets})"
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}] {violation.get('help', '')}"
            f" — {len(nodes)} element(s): {targets}"
        )
        if nodes and nodes[0].get("html"):
            snippet = " ".join(nodes[0]["html"].split())
            lines.append(f"    e.g. {snippet[:160]}{'…' if len(snippet) > 160 else ''}")
        if violation.get("helpUrl"):
            lines.append(f"    {violation['helpUrl']}")
    return "\n".join(lines)


def assert_no_axe_violations(
    page: Any,
    *,
    tags: Iterable[str] | None = AXE_DEFAULT_TAGS,
    context: str | None = None,
    disable: Iterable[str] = (),
) -> None:
    """Fail with a readable list of axe violations (same arguments as ``axe_violations``)."""
    violations = axe_violations(page, tags=tags, context=context, disable=disable)
    if violations:
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n{format_axe_violations(violations)}"
        )


# --------------------------------------------------------------------------- screenshots


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[..., Path]:
    """``screenshot(page, name, *, directory=None, full_page=True) -> Path`` of a PNG.

    Saved in ``directory``, else ``$INITIATIVES_SCREENSHOT_DIR``, else ``tmp_path/screenshots``.
    """

    def take(page: Any, name: str, *, directory: str | os.PathLike[str] | None = None, full_page: bool = True) -> Path:
        folder = Path(directory or os.environ.get("INITIATIVES_SCREENSHOT_DIR") or tmp_path / "screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "page"
        path = folder / (stem if stem.endswith(".png") else f"{stem}.png")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
