"""Incremental builds: the cache never changes the result, only how much work a build does."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.incremental import BuildCache, Memory

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "default"


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    """A writable copy of the default theme, so tests can edit a template."""
    copy = tmp_path / "theme"
    shutil.copytree(THEME, copy)
    return copy


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _inodes(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


_clock = [1_700_000_000]


def _save(path: Path, text: str) -> None:
    """Write a file as an editor would, with a distinct mtime old enough for the cache to trust its stat."""
    path.write_text(text, encoding="utf-8")
    _clock[0] += 10
    os.utime(path, (_clock[0], _clock[0]))


def _age(folder: Path) -> None:
    """Give every file of a freshly copied folder a distinct, trusted mtime."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            _clock[0] += 1
            os.utime(path, (_clock[0], _clock[0]))


def _cold(content: Path, theme: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(content, out, theme, search_index=False)
    return _tree(out)


def _build(content: Path, out: Path, theme: Path, cache: Path):
    return build(content, out, theme, search_index=False, cache=cache)


@pytest.fixture
def site(fixture_site: Path, theme: Path, tmp_path: Path):
    _age(fixture_site)
    _age(theme)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = _build(fixture_site, out, theme, cache)
    assert first.written > 0 and first.parsed > 0
    return fixture_site, theme, out, cache


def _action(content: Path, slug: str) -> Path:
    return content / "actions" / f"{slug}.md"


def test_second_build_writes_nothing(site):
    content, theme, out, cache = site
    before = _inodes(out)
    report = _build(content, out, theme, cache)
    assert (report.written, report.removed, report.parsed) == (0, 0, 0)
    assert _inodes(out) == before


@pytest.mark.parametrize("tamper, written, removed", [("edit", 1, 0), ("delete", 1, 0), ("add file", 0, 1)])
def test_an_output_changed_by_hand_is_rebuilt_even_when_no_input_changed(site, tamper, written, removed):
    """The no-change check stats what the last build wrote, files and folders, and lists no folder:
    an added file shows in its folder's signature."""
    content, theme, out, cache = site
    cold = _tree(out)
    page = out / "actions" / "mos-art" / "index.html"
    if tamper == "edit":
        page.write_bytes(b"changed by hand")
    elif tamper == "delete":
        page.unlink()
    else:
        (out / "actions" / "notes.txt").write_text("a stray file")
    report = _build(content, out, theme, cache)
    assert (report.written, report.removed) == (written, removed)
    assert _tree(out) == cold


def test_touched_but_unchanged_files_are_neither_parsed_nor_written(site):
    content, theme, out, cache = site
    for path in (content / "actions").glob("*.md"):
        _save(path, path.read_text(encoding="utf-8"))
    before = _inodes(out)
    report = _build(content, out, theme, cache)
    assert (report.written, report.removed, report.parsed) == (0, 0, 0)
    assert _inodes(out) == before


def test_second_build_without_cache_writes_nothing(fixture_site, theme, tmp_path):
    out = tmp_path / "out"
    build(fixture_site, out, theme, search_index=False)
    report = build(fixture_site, out, theme, search_index=False)
    assert (report.written, report.removed) == (0, 0)


def _written_by_edit(site, edit) -> tuple[set[str], set[str]]:
    """Pages written by an incremental build after ``edit``, and pages a cold build would change."""
    content, theme, out, cache = site
    before = _tree(out)
    edit(content, theme)
    report = _build(content, out, theme, cache)
    after = _tree(out)
    assert after == _cold(content, theme, out.parent / "cold")
    changed = {path for path in after if before.get(path) != after[path]}
    return set(_report_written(report, before, after)), changed


def _report_written(report, before, after) -> list[str]:
    assert report.written == sum(1 for p in after if before.get(p) != after[p])
    return [p for p in after if before.get(p) != after[p]]


def test_editing_an_action_body_rewrites_only_its_page(site):
    def edit(content, theme):
        path = _action(content, "mos-art")
        _save(path, path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n")

    written, changed = _written_by_edit(site, edit)
    assert written == changed == {"actions/mos-art/index.html"}


def test_editing_an_action_title_rewrites_its_page_and_every_page_listing_or_linking_to_it(site):
    content = site[0]
    old_title = re.search(r'^title: "(.*)"$', _action(content, "mos-art").read_text(encoding="utf-8"), re.M).group(1)
    spellings = {old_title, html.escape(old_title), old_title.replace("'", "&#39;"), json.dumps(old_title)[1:-1]}
    linking = {path for path, data in _tree(site[2]).items() if any(s.encode() in data for s in spellings)}

    def edit(content, theme):
        path = _action(content, "mos-art")
        _save(path, path.read_text(encoding="utf-8").replace(f'title: "{old_title}"', 'title: "Mosaïques en partage"'))

    written, changed = _written_by_edit(site, edit)
    assert written == changed == linking
    assert {"actions/mos-art/index.html", "index.html", "feed.xml", "mots-cles/logement/index.html"} <= written


def test_changing_keywords_rewrites_the_term_pages_involved(site):
    def edit(content, theme):
        path = _action(content, "mos-art")
        _save(path, re.sub(r"^keywords: .*$", 'keywords: ["Logement", "Santé"]', path.read_text(encoding="utf-8"),
                           flags=re.M))

    written, changed = _written_by_edit(site, edit)
    assert written == changed
    # Its page, the keyword it left, the keyword it joined, the index counting their actions.
    assert {"actions/mos-art/index.html", "mots-cles/cadre-de-vie/index.html", "mots-cles/sante/index.html",
            "mots-cles/index.html"} <= written


def test_deleting_an_action_removes_its_page_and_its_mentions(site):
    content, theme, out, cache = site
    _action(content, "mos-art").unlink()
    report = _build(content, out, theme, cache)
    assert report.removed >= 1 and report.written > 0  # its page, and terms only it used
    assert not (out / "actions" / "mos-art").exists()
    assert not [p for p, data in _tree(out).items() if b"/actions/mos-art/" in data]
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


def test_template_edit_rerenders_without_parsing_markdown(site):
    content, theme, out, cache = site
    template = theme / "templates" / "action.html"
    _save(template, template.read_text(encoding="utf-8").replace("</article>", "<p>Modifié.</p>\n</article>", 1))
    report = _build(content, out, theme, cache)
    assert report.parsed == 0
    assert report.written == len(list((content / "actions").glob("*.md"))) - 1  # one action is a draft
    assert b"<p>Modifi\xc3\xa9.</p>" in (out / "actions" / "mos-art" / "index.html").read_bytes()


def test_a_content_error_keeps_the_output_and_the_next_fix_builds(site):
    content, theme, out, cache = site
    before = _tree(out)
    path = _action(content, "mos-art")
    good = path.read_text(encoding="utf-8")
    _save(path, good.replace("title:", "titre:", 1))
    with pytest.raises(Exception):
        _build(content, out, theme, cache)
    assert _tree(out) == before
    _save(path, good)
    report = _build(content, out, theme, cache)
    assert report.written == 0 and _tree(out) == before


def test_an_in_memory_cache_gives_the_same_site(fixture_site, theme, tmp_path):
    out = tmp_path / "out"
    cache = BuildCache.open(None, out)
    build(fixture_site, out, theme, search_index=False, cache=cache)
    path = _action(fixture_site, "mos-art")
    _save(path, path.read_text(encoding="utf-8").replace("Logement", "Culture"))
    report = build(fixture_site, out, theme, search_index=False, cache=cache)
    assert report.parsed == 1
    assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold")


# --- random edit sequences ------------------------------------------------------------------

KEYWORDS = ["Logement", "Santé", "Parentalité", "Culture", "Jeunesse", "Numérique"]


def _random_edit(rng: random.Random, content: Path, theme: Path) -> str:
    actions = sorted((content / "actions").glob("*.md"))
    path = rng.choice(actions)
    text = path.read_text(encoding="utf-8")
    kind = rng.choice(["body", "fiche", "fiche", "title", "keywords", "date", "draft", "delete", "add", "centre", "template", "config"])
    if kind == "body":
        _save(path, text + f"\nParagraphe ajouté {rng.randint(0, 999)}.\n")
    elif kind == "title":
        _save(path, re.sub(r'^title: ".*"$', f'title: "Titre {rng.randint(0, 999)}"', text, flags=re.M))
    elif kind == "keywords":
        chosen = rng.sample(KEYWORDS, rng.randint(0, 3))
        _save(path, re.sub(r"^keywords: .*$", "keywords: [" + ", ".join(f'"{k}"' for k in chosen) + "]",
                           text, flags=re.M))
    elif kind == "date":
        _save(path, re.sub(r"^date: .*$", f"date: 20{rng.randint(10, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                           text, flags=re.M))
    elif kind == "fiche":  # fields shown on the action's own page only: the fast path
        _save(path, re.sub(r'^territory: ".*"$', f'territory: "Quartier {rng.randint(0, 999)}"', text, flags=re.M)
              .replace("## ", f"## Étape {rng.randint(0, 9)} ", 1))
    elif kind == "draft":
        _save(path, re.sub(r"^draft: .*$", f"draft: {rng.choice(['true', 'false'])}", text, flags=re.M))
    elif kind == "delete" and len(actions) > 2:
        path.unlink()
    elif kind == "add":
        _save(content / "actions" / f"copie-{rng.randint(0, 999)}.md",
              re.sub(r'^title: ".*"$', f'title: "Copie {rng.randint(0, 999)}"', text, flags=re.M))
    elif kind == "centre":
        centre = rng.choice(sorted((content / "centres").glob("*.md")))
        _save(centre, centre.read_text(encoding="utf-8").replace('city: "', f'city: "{rng.randint(0, 9)} ', 1))
    elif kind == "template":
        template = theme / "templates" / rng.choice(["action.html", "term.html", "home.html"])
        _save(template, template.read_text(encoding="utf-8") + f"{{# {rng.randint(0, 999)} #}}\n"
              if rng.random() < 0.5 else template.read_text(encoding="utf-8").replace(
                  "{% endblock %}", f"<!-- {rng.randint(0, 999)} -->{{% endblock %}}", 1))
    elif kind == "config":
        config = content / "site.toml"
        _save(config, re.sub(r"^page_size = \d+", f"page_size = {rng.randint(2, 5)}",
                             config.read_text(encoding="utf-8"), flags=re.M))
    return kind


@pytest.mark.parametrize("seed", range(4))
def test_random_edit_sequences_end_byte_identical_to_a_cold_build(seed, fixture_site, theme, tmp_path):
    rng = random.Random(seed)
    _age(fixture_site)
    _age(theme)
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(fixture_site, out, theme, cache)
    done = []
    for _ in range(8):
        done.append(_random_edit(rng, fixture_site, theme))
        _build(fixture_site, out, theme, cache)
        assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold"), f"after {done}"


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("watched", [False, True], ids=["checked", "watched"])
def test_random_edit_sequences_in_memory_end_byte_identical_to_a_cold_build(seed, watched, fixture_site, theme,
                                                                            tmp_path):
    """Like ``serve``: one cache kept in memory, output updated in place, the site graph reused by the fast path;
    ``watched``: each build is told the files a watcher would report, checks only those and trusts its output."""
    rng = random.Random(100 + seed + 100 * watched)
    _age(fixture_site)
    _age(theme)
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    _, files = _changed_files({}, fixture_site, theme)
    done = []
    for _ in range(10):
        done.append(_random_edit(rng, fixture_site, theme))
        changed, files = _changed_files(files, fixture_site, theme)
        build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory,
              changed=changed if watched else None)
        assert memory.trusted == watched, f"after {done}"
        assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold"), f"after {done}"


def _changed_files(before: dict[str, bytes], *folders: Path) -> tuple[set[str], dict[str, bytes]]:
    """The files added, removed or rewritten under ``folders`` since ``before``: what a file watcher reports."""
    after = {str(p.absolute()): p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file()}
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}, after


def _edit_fiche(content: Path, slug: str, territory: str) -> None:
    path = _action(content, slug)
    _save(path, re.sub(r'^territory: ".*"$', f'territory: "{territory}"', path.read_text(encoding="utf-8"),
                       flags=re.M) + "\nUne phrase de plus.\n")


def test_an_edit_to_an_actions_text_reuses_the_site_graph(fixture_site, theme, tmp_path):
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    graph = memory.site
    path = _action(fixture_site, "mos-art")
    _save(path, path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n")
    report = build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    assert memory.site is graph and report.written == 1
    assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold")


def test_an_edit_to_an_actions_fiche_renders_its_page_and_the_aggregates_reading_it_only(fixture_site, theme, tmp_path):
    """The territory is on the action's own page, in the open data and in the observatoire (aggregates):
    nothing else is rendered."""
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    before = _tree(out)
    _edit_fiche(fixture_site, "mos-art", "Tout le département")
    report = build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    assert b"Tout le d\xc3\xa9partement" in (out / "actions" / "mos-art" / "index.html").read_bytes()
    after = _tree(out)
    assert sorted(p for p in after if after[p] != before.get(p)) == [
        "actions/mos-art/index.html", "donnees/actions.csv", "donnees/actions.json", "observatoire/index.html"]
    assert report.written == 4
    assert after == _cold(fixture_site, theme, tmp_path / "cold")


@pytest.mark.parametrize("field, before, after", [("public", '["Adultes"]', '["Adultes", "Seniors"]'),
                                                  ("dimension", '"Services"', '"Partenariat"')])
def test_an_edit_to_a_search_filter_updates_the_search_page(fixture_site, theme, tmp_path, field, before, after):
    """The search page lists every filter value with its count: a filter field is not an own-page field."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(fixture_site, out, theme, cache=cache)
    path = _action(fixture_site, "mos-art")
    text = path.read_text(encoding="utf-8")
    assert f"\n{field}: {before}\n" in text
    _save(path, text.replace(f"\n{field}: {before}\n", f"\n{field}: {after}\n"))
    build(fixture_site, out, theme, cache=cache)
    cold = tmp_path / "cold"
    build(fixture_site, cold, theme)
    page = "recherche/index.html"
    assert (out / page).read_bytes() == (cold / page).read_bytes()


def test_a_template_edit_after_a_fiche_edit_shows_the_new_fiche(fixture_site, theme, tmp_path):
    """The kept graph predates the fiche edit: a later full render must not show the fiche it was linked with."""
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    _edit_fiche(fixture_site, "mos-art", "Tout le département")
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    template = theme / "templates" / "action.html"
    _save(template, template.read_text(encoding="utf-8") + "{# edited #}\n")
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold")


def test_an_edit_to_a_listed_field_links_the_site_again(fixture_site, theme, tmp_path):
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    graph = memory.site
    path = _action(fixture_site, "mos-art")
    _save(path, path.read_text(encoding="utf-8").replace('status: "terminée"', 'status: "en cours"'))
    report = build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    assert memory.site is not graph and report.written > 1
    assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold")


def test_a_failed_build_is_not_a_baseline_for_the_fast_path(site):
    """A listed field edited in a build that failed must still reach the listings once the error is fixed."""
    content, theme, out, cache = site
    title = _action(content, "mos-art")
    _save(title, title.read_text(encoding="utf-8").replace("title: \"MOS'ART\"", 'title: "Mosaïques"'))
    broken = _action(content, "jardin-partage")
    good = broken.read_text(encoding="utf-8")
    _save(broken, good.replace("title:", "titre:", 1))
    with pytest.raises(Exception):
        _build(content, out, theme, cache)
    _save(broken, good)
    _build(content, out, theme, cache)
    assert _tree(out) == _cold(content, theme, out.parent / "cold")
    assert b"Mosa\xc3\xafques" in (out / "index.html").read_bytes()


def test_editing_an_output_file_defeats_the_fast_path(site):
    content, theme, out, cache = site
    (out / "index.html").write_bytes(b"changed by hand")
    _edit_fiche(content, "mos-art", "Une ville")
    _build(content, out, theme, cache)
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


def test_a_corpus_big_enough_for_several_cores_ends_identical_to_a_cold_build(tmp_path, theme):
    """Pages rendered and keyed in forked workers: the cache's verdicts survive the trip back."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    content = bench.write_corpus(120, tmp_path / "content")
    _age(content)
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(content, out, theme, cache)
    edited = bench.edit_action_keywords(content, index=7)
    os.utime(edited, (_clock[0] + 5, _clock[0] + 5))
    report = _build(content, out, theme, cache)
    assert 0 < report.written < report.pages / 2
    assert _tree(out) == _cold(content, theme, tmp_path / "cold")


def test_a_watched_build_reads_only_the_reported_files(site):
    """A file the watcher did not report is not even looked at: the build trusts the report."""
    content, theme, out, _ = site
    cache, memory = BuildCache.open(None, out), Memory()
    build(content, out, theme, search_index=False, cache=cache, memory=memory)
    edited, unreported = _action(content, "mos-art"), _action(content, "jardin-partage")
    _save(edited, edited.read_text(encoding="utf-8") + "\nUne phrase vue.\n")
    _save(unreported, unreported.read_text(encoding="utf-8") + "\nUne phrase ignorée.\n")
    report = build(content, out, theme, search_index=False, cache=cache, memory=memory, changed=[edited])
    assert report.parsed == 1 and report.written == 1
    report = build(content, out, theme, search_index=False, cache=cache, memory=memory, changed=None)
    assert report.parsed == 1 and report.written == 1
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


@pytest.mark.parametrize("edit", ["title", "template"])
def test_the_pages_open_in_a_tab_are_written_first_and_the_rest_as_a_cold_build(edit, fixture_site, theme, tmp_path):
    """``serve`` renders the pages open in a tab before deciding about the others: a title edit reaches
    the open page while the blog still shows the old title; then the output is a cold build's."""
    out = tmp_path / "out"
    cache, memory = BuildCache.open(None, out), Memory()
    build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory)
    if edit == "title":
        path = _action(fixture_site, "mos-art")
        _save(path, path.read_text(encoding="utf-8").replace('title: "MOS\'ART"', 'title: "Mosaïques du quartier"'))
    else:
        path = theme / "templates" / "action.html"
        _save(path, path.read_text(encoding="utf-8").replace("</article>", "<p>Modèle modifié.</p>\n</article>", 1))
    seen = []

    def on_first(written: list[str]) -> None:
        seen.append((written, (out / "actions/mos-art/index.html").read_text(encoding="utf-8"),
                     (out / "actions/jardin-partage/index.html").read_text(encoding="utf-8"),
                     (out / "index.html").read_text(encoding="utf-8")))

    first = {"actions/mos-art/index.html", "a-propos/index.html"}  # the second one unchanged by the edit
    report = build(fixture_site, out, theme, search_index=False, cache=cache, memory=memory, first=first,
                   on_first=on_first)
    [(written, open_page, other_action, blog)] = seen
    assert written == ["actions/mos-art/index.html"]
    if edit == "title":
        assert "Mosaïques du quartier" in open_page and "Mosaïques du quartier" not in blog
    else:
        assert "Modèle modifié." in open_page and "Modèle modifié." not in other_action
    assert "actions/mos-art/index.html" in report.rewritten and report.written > 1
    assert _tree(out) == _cold(fixture_site, theme, tmp_path / "cold")


# --- the command line after edits that reach their own pages alone: the site is neither loaded nor linked ---


def _add_text(path: Path, text: str = "\nUne phrase de plus.\n") -> None:
    _save(path, path.read_text(encoding="utf-8") + text)


@pytest.mark.parametrize("edited", ["actions/mos-art.md", "centres/la-maison-pop.md", "pages/a-propos.md"])
def test_a_text_edit_reads_and_rewrites_its_items_page_alone(site, edited):
    content, theme, out, cache = site
    pages = _build(content, out, theme, cache).pages
    _add_text(content / edited)
    report = _build(content, out, theme, cache)
    assert "link" not in report.seconds, report.summary()  # the site graph was not made
    assert (report.parsed, report.written, report.removed, report.pages) == (1, 1, 0, pages)
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


def test_an_edit_of_two_files_rewrites_both_pages(site):
    content, theme, out, cache = site
    _add_text(_action(content, "mos-art"))
    _add_text(_action(content, "jardin-partage"))
    report = _build(content, out, theme, cache)
    assert "link" not in report.seconds and (report.parsed, report.written) == (2, 2)
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


@pytest.mark.parametrize("search", [False, True], ids=["no search", "search"])
def test_after_an_edit_build_the_next_build_sees_exactly_what_changed_since(fixture_site, theme, tmp_path, search):
    """The edit build updates the last build's record of the output instead of taking it again (with search,
    its shard of the index rewritten): the record equals a new one, the next build finds nothing to do, and
    a page changed by hand afterwards is still put back."""
    from generator.incremental.signatures import output_record

    _age(fixture_site)
    _age(theme)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(fixture_site, out, theme, search_index=search, cache=cache)
    _add_text(_action(fixture_site, "mos-art"))
    report = build(fixture_site, out, theme, search_index=search, cache=cache)
    assert "link" not in report.seconds and report.written == 1
    assert ("index" in report.seconds) == search
    pages = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts]
    recorded = BuildCache.open(cache, out)._read("inputs.pickle")["outputs"]
    assert recorded == output_record(out, pages)
    again = build(fixture_site, out, theme, search_index=search, cache=cache)
    assert list(again.seconds) == ["check"] and again.written == 0
    expected = _tree(out)
    (out / "centres" / "la-maison-pop" / "index.html").write_bytes(b"changed by hand")
    build(fixture_site, out, theme, search_index=search, cache=cache)
    unindexed = lambda tree: {path: data for path, data in tree.items() if not path.startswith("pagefind/")}  # noqa: E731
    assert unindexed(_tree(out)) == unindexed(expected)  # (Pagefind's bytes differ from one run to the next)


def test_an_edit_build_reports_the_warnings_a_whole_build_reports(site):
    content, theme, out, cache = site
    path = _action(content, "mos-art")
    text = path.read_text(encoding="utf-8")
    _save(path, text.replace("---\n", '---\ncouleur: "bleu"\n', 1))
    report = _build(content, out, theme, cache)
    assert "link" not in report.seconds
    whole = build(content, out.parent / "whole", theme, search_index=False)
    assert [w.message for w in report.warnings] == ["unknown field 'couleur'"]
    assert report.warnings == whole.warnings
    _save(path, text)
    report = _build(content, out, theme, cache)
    assert "link" not in report.seconds and report.warnings == []


def test_a_file_a_check_across_files_reported_on_is_built_with_the_whole_site(site):
    """« Centre … has no file » points at the action's centre field: a check across files, which an edit
    build does not make again. Its line follows the edit because such a file takes a whole build."""
    content, theme, out, cache = site
    path = _action(content, "mos-art")
    _save(path, re.sub(r'^centre: ".*"$', 'centre: "Centre sans fiche"', path.read_text(encoding="utf-8"), flags=re.M))
    before = _build(content, out, theme, cache).warnings
    assert [(w.line, w.message[:30]) for w in before] == [(3, 'centre "Centre sans fiche" has')]
    _save(path, path.read_text(encoding="utf-8").replace("---\n", "---\n# une note\n", 1))
    report = _build(content, out, theme, cache)
    assert [w.line for w in report.warnings] == [4]
    assert report.warnings == build(content, out.parent / "whole", theme, search_index=False).warnings


def test_a_file_saved_again_within_the_clocks_granularity_is_still_seen(site):
    """A file saved just before a build may be saved again with the same size and time: the build records it
    without a signature, so that the next one reads it again rather than trusting its stat."""
    content, theme, out, cache = site
    path = _action(content, "mos-art")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nVersion A.\n", encoding="utf-8")  # now: too recent to trust its signature
    first = path.stat()
    assert "link" not in _build(content, out, theme, cache).seconds
    path.write_text(text + "\nVersion B.\n", encoding="utf-8")
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))  # the same size, time and inode
    report = _build(content, out, theme, cache)
    assert report.written == 1 and b"Version B." in (out / "actions" / "mos-art" / "index.html").read_bytes()
    _clock[0] += 10
    os.utime(path, (_clock[0], _clock[0]))  # old enough now: read once more, then trusted
    report = _build(content, out, theme, cache)
    assert "link" not in report.seconds and (report.parsed, report.written) == (0, 0)
    assert list(_build(content, out, theme, cache).seconds) == ["check"]
    assert _tree(out) == _cold(content, theme, out.parent / "cold")


def test_an_output_file_changed_by_hand_since_the_last_build_takes_the_whole_build(site):
    content, theme, out, cache = site
    (out / "a-propos" / "index.html").write_bytes(b"changed by hand")
    _add_text(_action(content, "mos-art"))
    report = _build(content, out, theme, cache)
    assert "link" in report.seconds
    assert _tree(out) == _cold(content, theme, out.parent / "cold")
