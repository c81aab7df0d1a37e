"""`initiatives serve`: live rebuild, reload of the open tab, French error overlay, search, busy port."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fixtures_browser import assert_no_console_errors

from generator.serve.server import EVENTS_PATH, DevServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    copy = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "default", copy)
    return copy


@pytest.fixture
def dev_server(fixture_site: Path, theme: Path, tmp_path: Path):
    """A running dev server on a free port, without search (see the search test)."""
    messages: list[str] = []
    server = DevServer(fixture_site, theme, port=0, cache_dir=tmp_path / "cache", search_enabled=False,
                       log=messages.append)
    server.start()
    server.messages = messages
    yield server
    server.stop()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_served_pages_get_the_reload_script_but_the_built_files_do_not(dev_server):
    status, page = _get(dev_server.url + "actions/mos-art/")
    assert status == 200
    assert EVENTS_PATH.encode() in page
    built = dev_server.site_dir / "actions" / "mos-art" / "index.html"
    assert EVENTS_PATH.encode() not in built.read_bytes()
    assert _get(dev_server.url + "nulle-part/")[0] == 404


def test_the_web_editor_is_served_without_live_reload_and_head_requests_answer(dev_server):
    """A reload would throw away what staff are typing in /admin/; HEAD gets GET's status and headers."""
    status, page = _get(dev_server.url + "admin/")
    assert status == 200 and b"/admin/decap-cms.js" in page and EVENTS_PATH.encode() not in page
    with urllib.request.urlopen(urllib.request.Request(dev_server.url + "admin/config.yml", method="HEAD")) as head:
        assert head.status == 200 and head.headers["Content-Type"] == "text/yaml; charset=utf-8"
        assert int(head.headers["Content-Length"]) == len(_get(dev_server.url + "admin/config.yml")[1])
        assert head.read() == b""
    request = urllib.request.Request(dev_server.url + "nulle-part/", method="HEAD")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(request)
    assert missing.value.code == 404


def test_an_edit_rebuilds_only_what_changed(dev_server, fixture_site):
    path = fixture_site / "actions" / "mos-art.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    _wait_for(lambda: dev_server.state.version == 2)
    assert any("1 written" in m for m in dev_server.messages[-1:]), dev_server.messages
    assert "Une phrase ajoutée." in _get(dev_server.url + "actions/mos-art/")[1].decode()


def test_a_busy_port_gives_a_clear_message_and_a_free_port(fixture_site, theme, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        messages: list[str] = []
        server = DevServer(fixture_site, theme, port=port, cache_dir=tmp_path / "cache", search_enabled=False,
                           log=messages.append)
        try:
            assert server.httpd.server_address[1] != port
            assert messages == [f"Port {port} is already in use (another `initiatives serve`?); "
                                f"using port {server.httpd.server_address[1]} instead."]
        finally:
            server.httpd.server_close()


def test_a_page_opened_before_a_new_index_still_gets_the_chunks_of_its_own(fixture_site, theme, tmp_path):
    """Index chunks are named after their contents: a shard's previous index serves those its latest lacks."""
    server = DevServer(fixture_site, theme, port=0, cache_dir=tmp_path / "cache", log=lambda message: None)
    server.httpd.server_close()
    latest, older = server.search_root / "0a1b2c", server.search_root / "0a1b2c.previous"
    for index, chunk in ((older, "fr_old.pf_index"), (latest, "fr_new.pf_index")):
        (index / "index").mkdir(parents=True)
        (index / "index" / chunk).write_bytes(chunk.encode())
        (index / "pagefind.js").write_text(f"// {index.name}")
    assert server._resolve("/pagefind/0a1b2c/pagefind.js") == latest / "pagefind.js"
    assert server._resolve("/pagefind/0a1b2c/index/fr_new.pf_index") == latest / "index" / "fr_new.pf_index"
    assert server._resolve("/pagefind/0a1b2c/index/fr_old.pf_index") == older / "index" / "fr_old.pf_index"
    assert server._resolve("/pagefind/0a1b2c/index/fr_gone.pf_index") is None
    assert server._resolve("/pagefind/0a1b2c.previous/../0a1b2c/pagefind.js") is None
    assert server._resolve("/pagefind/../../secret") is None


@pytest.mark.browser
def test_search_is_served_and_follows_edits(fixture_site, theme, tmp_path, page):
    server = DevServer(fixture_site, theme, port=0, cache_dir=tmp_path / "cache", log=lambda message: None)
    server.start()
    try:
        _wait_for(server.search_ready, timeout=60)
        [shard] = server._shards  # 11 pages: one shard
        assert _get(f"{server.url}pagefind/{shard.name}/pagefind.js")[0] == 200
        indexed = server.indexes
        page.goto(server.url + "recherche/?q=xylophonistes")
        page.wait_for_selector(".search-summary:has-text('Aucun résultat pour « xylophonistes »')", timeout=15_000)
        path = fixture_site / "actions" / "mos-art.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nXylophonistes.\n", encoding="utf-8")
        _wait_for(lambda: server.indexes > indexed, timeout=60)

        def found() -> bool:  # the index is rebuilt in the background: a reload shows the latest one
            page.goto(server.url + "recherche/?q=xylophonistes")
            page.wait_for_selector(".search-summary:has-text('pour « xylophonistes »')", timeout=10_000)
            return page.locator(".search-result-title a", has_text="MOS'ART").count() == 1

        _wait_for(found, timeout=60)
        assert_no_console_errors(page)
    finally:
        server.stop()


@pytest.mark.browser
def test_an_edit_updates_the_open_page(dev_server, fixture_site, page):
    page.goto(dev_server.url + "actions/mos-art/")
    page.wait_for_function("() => document.readyState === 'complete'")
    time.sleep(0.3)  # let the page subscribe to the events
    path = fixture_site / "actions" / "mos-art.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "MOS\'ART"', 'title: "Mosaïques en partage"'), encoding="utf-8")
    page.wait_for_selector("h1:has-text('Mosaïques en partage')", timeout=15_000)
    assert_no_console_errors(page)


@pytest.mark.browser
def test_an_edit_reloads_the_tabs_whose_page_changed_and_no_other(dev_server, fixture_site, new_page):
    """A title edit: the action's tab reloads first (written before the rest of the site), the blog's
    tab when the rest is written; the « À propos » tab, whose page did not change, keeps its state."""
    tabs = {url: new_page() for url in ("actions/mos-art/", "", "a-propos/")}
    for url, tab in tabs.items():
        tab.goto(dev_server.url + url)
        tab.evaluate("window.notReloaded = true")
    _wait_for(lambda: sum(dev_server._open_pages.values()) == 3)
    assert set(dev_server._open_pages) == {"actions/mos-art/index.html", "index.html", "a-propos/index.html"}
    path = fixture_site / "actions" / "mos-art.md"
    path.write_text(path.read_text(encoding="utf-8").replace('title: "MOS\'ART"', 'title: "Mosaïques en partage"'),
                    encoding="utf-8")
    tabs["actions/mos-art/"].wait_for_selector("h1:has-text('Mosaïques en partage')", timeout=15_000)
    tabs[""].wait_for_selector("a:has-text('Mosaïques en partage')", timeout=15_000)
    _wait_for(lambda: any("Rebuilt" in message for message in dev_server.messages[1:]))
    time.sleep(0.5)
    assert tabs["a-propos/"].evaluate("window.notReloaded") is True
    assert tabs["actions/mos-art/"].evaluate("window.notReloaded") is None
    for tab in tabs.values():
        assert_no_console_errors(tab)


@pytest.mark.browser
def test_a_broken_edit_shows_the_overlay_and_the_fix_clears_it(dev_server, fixture_site, page):
    page.goto(dev_server.url + "actions/mos-art/")
    time.sleep(0.3)
    path = fixture_site / "actions" / "mos-art.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('department: "Pas-de-Calais"', 'department: "Pas-de-Calai"'), encoding="utf-8")
    overlay = page.wait_for_selector("#initiatives-overlay", timeout=15_000)
    text = overlay.inner_text()
    assert "Le site n’a pas pu être reconstruit" in text
    line = good.splitlines().index('department: "Pas-de-Calais"') + 1
    assert f"mos-art.md:{line}:" in text and "Pas-de-Calai" in text
    # the last good site is still served meanwhile
    assert "MOS" in page.locator("h1").inner_text()
    path.write_text(good.replace("## Limites", "## Limites\n\nCorrigé."), encoding="utf-8")
    page.wait_for_selector("#initiatives-overlay", state="detached", timeout=15_000)
    page.wait_for_selector("text=Corrigé.", timeout=15_000)
    assert_no_console_errors(page)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_edits_seen_by_the_watcher_rebuild_what_a_cold_build_would(dev_server, fixture_site, theme, tmp_path):
    """The watcher tells each rebuild which files changed; the site ends as a cold build of the same files."""
    from generator.build import build

    mos_art = fixture_site / "actions" / "mos-art.md"
    edits = [
        lambda: mos_art.write_text(mos_art.read_text(encoding="utf-8") + "\nUne phrase vue.\n", encoding="utf-8"),
        lambda: mos_art.write_text(mos_art.read_text(encoding="utf-8").replace('title: "MOS\'ART"', 'title: "Mosaïques"'),
                                   encoding="utf-8"),
        lambda: (fixture_site / "actions" / "copie.md").write_text(mos_art.read_text(encoding="utf-8"), encoding="utf-8"),
        lambda: (fixture_site / "actions" / "copie.md").unlink(),
    ]
    for number, edit in enumerate(edits):
        edit()
        cold = tmp_path / f"cold-{number}"
        build(fixture_site, cold, theme, search_index=False)
        expected = _tree(cold)
        _wait_for(lambda: _tree(dev_server.site_dir) == expected)
        if number == 0:
            assert dev_server.memory.trusted, "the first edit was not checked alone"
