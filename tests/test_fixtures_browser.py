"""The browser-test harness itself: server, console recording, axe, viewports, screenshots."""

from __future__ import annotations

import struct
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fixtures_browser import (
    assert_no_axe_violations,
    assert_no_console_errors,
    axe_violations,
    format_axe_violations,
    require_chromium,
    served_directory,
)

CLEAN_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Atelier cuisine — Centre social des Lilas</title>
  <link rel="stylesheet" href="/style.css">
</head>
<body>
  <header><a href="/">Initiatives</a></header>
  <main>
    <h1>Atelier cuisine partagée</h1>
    <p>Chaque mardi, les habitantes et habitants préparent un repas ensemble.</p>
    <img src="/photo.svg" alt="Des participants autour d'une table">
  </main>
  <footer><p>Centre social des Lilas</p></footer>
  <script src="/app.js"></script>
</body>
</html>
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def page_with(body: str, *, head: str = "") -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Test</title>'
        f"{head}</head><body><main><h1>Test</h1>{body}</main></body></html>"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A tiny static site with a 404 page and one file of each type the server must know."""
    root = tmp_path / "site"
    (root / "actions" / "atelier").mkdir(parents=True)
    (root / "empty-folder").mkdir()
    (root / "pagefind" / "index").mkdir(parents=True)
    files = {
        "index.html": CLEAN_PAGE,
        "404.html": page_with("<p>Page introuvable (erreur 404).</p>"),
        "actions/atelier/index.html": page_with("<p>Atelier</p>"),
        "style.css": "body { font-family: sans-serif; color: #222; background: #fff; }",
        "app.js": "document.documentElement.dataset.js = 'ok';",
        "photo.svg": SVG,
        "feed.xml": '<?xml version="1.0"?><rss version="2.0"></rss>',
        "site.webmanifest": '{"name": "Initiatives"}',
        "data.json": "{}",
        "pagefind/pagefind.js": "export {};",
        "pagefind/pagefind-entry.json": "{}",
    }
    for relative, text in files.items():
        (root / relative).write_text(text, encoding="utf-8")
    binaries = {
        "pagefind/wasm.unknown.pagefind": b"\x00asm",
        "pagefind/pagefind.wasm": b"\x00asm\x01\x00\x00\x00",
        "pagefind/pagefind.fr_123.pf_meta": b"\x1f\x8b",
        "pagefind/index/fr_456.pf_index": b"\x1f\x8b",
        "pagefind/fragment/fr_789.pf_fragment": b"\x1f\x8b",
    }
    for relative, data in binaries.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return root


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) without following error statuses into exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- server (no browser)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html"),
        ("/style.css", "text/css"),
        ("/app.js", "text/javascript"),
        ("/pagefind/pagefind.js", "text/javascript"),
        ("/photo.svg", "image/svg+xml"),
        ("/feed.xml", "application/xml"),
        ("/site.webmanifest", "application/manifest+json"),
        ("/data.json", "application/json"),
        ("/pagefind/pagefind.wasm", "application/wasm"),
        ("/pagefind/wasm.unknown.pagefind", "application/octet-stream"),
        ("/pagefind/pagefind.fr_123.pf_meta", "application/octet-stream"),
        ("/pagefind/index/fr_456.pf_index", "application/octet-stream"),
        ("/pagefind/fragment/fr_789.pf_fragment", "application/octet-stream"),
    ],
)
def test_content_types(serve_directory, site: Path, path: str, content_type: str) -> None:
    status, header, _ = fetch(serve_directory(site) + path)
    assert status == 200
    assert header.split(";")[0].strip() == content_type


def test_text_types_declare_utf8(serve_directory, site: Path) -> None:
    base_url = serve_directory(site)
    for path in ("/", "/style.css", "/app.js"):
        assert "charset=utf-8" in fetch(base_url + path)[1]


def test_folders_serve_index_html(serve_directory, site: Path) -> None:
    base_url = serve_directory(site)
    status, _, body = fetch(f"{base_url}/actions/atelier/")
    assert status == 200 and b"<p>Atelier</p>" in body
    # Without the trailing slash: redirected to the folder (urllib follows), like Netlify.
    status, _, body = fetch(f"{base_url}/actions/atelier")
    assert status == 200 and b"<p>Atelier</p>" in body


def test_missing_paths_get_404_html_with_status_404(serve_directory, site: Path) -> None:
    base_url = serve_directory(site)
    for path in ("/nope", "/actions/nope/", "/style.css.bak", "/../../etc/passwd"):
        status, content_type, body = fetch(base_url + path)
        assert status == 404, path
        assert content_type.startswith("text/html")
        assert "Page introuvable".encode() in body


def test_no_directory_listing(serve_directory, site: Path) -> None:
    status, _, body = fetch(serve_directory(site) + "/empty-folder/")
    assert status == 404
    assert b"Directory listing" not in body


def test_404_without_404_html_is_still_404(serve_directory, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("ok", encoding="utf-8")
    status, _, body = fetch(serve_directory(tmp_path) + "/nope")
    assert status == 404
    assert b"Directory listing" not in body


def test_server_stops_at_the_end(site: Path) -> None:
    with served_directory(site) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert fetch(base_url + "/")[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url + "/", timeout=5)


def test_missing_chromium_fails_with_setup_hint(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"bash scripts/test\.sh"):
        require_chromium(str(tmp_path / "no-chromium"))


def test_axe_report_lists_id_impact_help_and_targets() -> None:
    violation = {
        "id": "image-alt",
        "impact": "critical",
        "help": "Images must have alternative text",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/image-alt",
        "nodes": [{"target": [f"img:nth-child({n})"], "html": f'<img src="{n}.png">'} for n in range(1, 6)]
        + [{"target": [["iframe", "img.logo"]], "html": "<img>"}],
    }
    report = format_axe_violations([violation])
    assert "image-alt [critical] Images must have alternative text — 6 element(s)" in report
    assert "img:nth-child(1), img:nth-child(2), img:nth-child(3), … (+3)" in report
    assert "img:nth-child(4)" not in report
    assert 'e.g. <img src="1.png">' in report
    assert format_axe_violations([{**violation, "nodes": violation["nodes"][-1:]}]).count("iframe >> img.logo") == 1


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_clean_french_page_has_no_errors_and_passes_axe(page, serve_directory, site: Path) -> None:
    response = page.goto(serve_directory(site) + "/")
    assert response.status == 200
    assert page.evaluate("document.documentElement.dataset.js") == "ok"  # app.js ran
    assert page.evaluate("[innerWidth, navigator.language]") == [1280, "fr-FR"]
    assert_no_console_errors(page)
    assert axe_violations(page) == []
    assert_no_axe_violations(page)


@pytest.mark.browser
def test_missing_alt_is_reported(page, serve_directory, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page_with('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'))
    page.goto(serve_directory(tmp_path) + "/")
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "1 accessibility violation(s)" in message
    assert "image-alt [critical]" in message
    assert "Images must have alternative text" in message
    assert "— 1 element(s): img" in message


@pytest.mark.browser
def test_low_contrast_is_reported_with_targets(page) -> None:
    page.set_content(
        page_with('<p class="pale" style="color:#bbb;background:#fff">Texte trop pâle</p>'),
    )
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["color-contrast"]
    node = violations[0]["nodes"][0]
    assert node["html"].startswith('<p class="pale"') and node["target"]
    # Rules can be switched off, and tags chosen.
    assert axe_violations(page, disable=["color-contrast"]) == []
    assert axe_violations(page, tags=["wcag2a"]) == []


@pytest.mark.browser
def test_axe_can_check_part_of_the_page(page) -> None:
    page.set_content(page_with('<div id="ok"><p>Bien</p></div><div id="bad"><img src="x.png"></div>'))
    assert axe_violations(page, context="#ok") == []
    assert [v["id"] for v in axe_violations(page, context="#bad")] == ["image-alt"]


@pytest.mark.browser
def test_javascript_errors_are_recorded(page, serve_directory, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        page_with(
            "<script>console.error('données invalides');</script>"
            "<script>console.warn('only a warning');</script>"
            "<script>undefinedFunction();</script>"
            "<script>Promise.reject(new Error('promesse rejetée'));</script>"
        ),
        encoding="utf-8",
    )
    page.goto(serve_directory(tmp_path) + "/")
    with pytest.raises(AssertionError) as failure:
        assert_no_console_errors(page)
    errors = page.console_errors
    assert any(e.startswith("console.error: données invalides") for e in errors), errors
    assert any("uncaught ReferenceError: undefinedFunction is not defined" in e for e in errors), errors
    assert any("promesse rejetée" in e for e in errors), errors
    assert not any("only a warning" in e for e in errors), errors
    assert "3 browser error(s)" in str(failure.value)
    assert_no_console_errors(page, ignore=["données invalides", "undefinedFunction", "promesse"])


@pytest.mark.browser
def test_missing_assets_are_recorded_but_not_the_404_page_itself(page, serve_directory, site: Path) -> None:
    (site / "broken.html").write_text(
        page_with('<img src="/missing.png" alt="Manquante"><script src="/missing.js"></script>'), encoding="utf-8"
    )
    base_url = serve_directory(site)
    page.goto(f"{base_url}/broken.html")
    page.wait_for_load_state("load")
    assert sorted(page.console_errors) == [
        f"HTTP 404: GET {base_url}/missing.js",
        f"HTTP 404: GET {base_url}/missing.png",
    ]

    page.console_errors.clear()
    page.route("**/photo.svg", lambda route: route.abort("connectionrefused"))
    page.goto(f"{base_url}/")
    assert page.console_errors == [f"request failed (net::ERR_CONNECTION_REFUSED): GET {base_url}/photo.svg"]

    page.console_errors.clear()
    response = page.goto(f"{base_url}/nowhere/")
    assert response.status == 404
    assert "Page introuvable" in page.text_content("main")
    assert_no_console_errors(page)


@pytest.mark.browser
def test_phone_page_is_360_css_pixels_wide(phone_page, serve_directory, site: Path, screenshot) -> None:
    phone_page.goto(serve_directory(site) + "/")
    assert phone_page.evaluate("innerWidth") == 360
    assert phone_page.evaluate("devicePixelRatio") == 2
    assert phone_page.evaluate("navigator.language") == "fr-FR"
    assert phone_page.evaluate("matchMedia('(pointer: coarse)').matches") is True
    path = screenshot(phone_page, "accueil téléphone")
    assert path.name == "accueil-téléphone.png"
    assert png_size(path)[0] == 720  # 360 CSS px at device scale factor 2
    assert_no_console_errors(phone_page)


@pytest.mark.browser
def test_screenshot_of_desktop_page(page, serve_directory, site: Path, screenshot, tmp_path: Path) -> None:
    page.goto(serve_directory(site) + "/")
    path = screenshot(page, "home", directory=tmp_path / "shots")
    assert path == tmp_path / "shots" / "home.png"
    assert png_size(path)[0] == 1280
