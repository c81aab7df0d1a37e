"""The search index stage, with the real Pagefind binary: what is indexed, with which filters,
metadata and sort keys, and how a failed index leaves the previous site alone."""

from __future__ import annotations

import gzip
import html
import json
import re
import stat
from pathlib import Path

import pytest

from generator import search, urls
from generator.build import build
from generator.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "default"

# Every page of the fixture site with its own text: 6 published actions, 4 centres, 1 page.
INDEXED_URLS = {
    "/actions/cafe-des-parents/", "/actions/jardin-partage/", "/actions/la-caravelle-des-savoirs/",
    "/actions/mos-art/", "/actions/pas-de-retraite-pour-ma-sante/",
    "/actions/un-temps-pour-soi-un-temps-avec-son-enfant/",
    "/centres/centre-social-d-empalot/", "/centres/centre-social-et-culturel-j-y-cousteau/",
    "/centres/centre-social-marliot-maupassant/", "/centres/la-maison-pop/",
    "/a-propos/",
}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The fixture site built once with its search index."""
    out = tmp_path_factory.mktemp("search") / "build"
    report = build(ROOT / "tests" / "fixtures" / "site", out, THEME)
    assert report.indexed == len(INDEXED_URLS)
    return out


def shard_folders(site: Path) -> list[Path]:
    """The index's shards, in the search page's order (newest pages first)."""
    page = (site / "recherche/index.html").read_text(encoding="utf-8")
    listed = re.search(r'data-shards="([^"]*)"', page).group(1).split()
    assert sorted(listed) == sorted(f"/pagefind/{p.name}/" for p in (site / search.SEARCH_DIR).iterdir())
    return [site / url.strip("/") for url in listed]


def indexed_pages(site: Path) -> dict[str, dict]:
    """The pages in a sharded Pagefind index, read back from its fragments: URL -> fragment."""
    pages = {}
    for path in (p for shard in shard_folders(site) for p in (shard / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_only_actions_centres_and_static_pages_are_indexed(built_site):
    assert set(indexed_pages(built_site)) == INDEXED_URLS


def test_only_the_main_content_is_indexed(built_site):
    mos_art = indexed_pages(built_site)["/actions/mos-art/"]["content"]
    assert "mosaïque" in mos_art
    assert "Centre social et culturel J.Y Cousteau" in mos_art  # the byline: « Cousteau » finds its actions
    for outside in ("Aller au contenu", "Fil d’Ariane", "Actions similaires", "Flux Atom"):
        assert outside not in mos_art


def test_an_action_carries_its_filters_meta_and_sort_key(built_site):
    page = indexed_pages(built_site)["/actions/mos-art/"]
    assert page["filters"] == {
        "type": ["Initiative"],
        "département": ["Pas-de-Calais"],
        "mot-clé": ["Logement", "Cadre de vie"],
        "partenaire": ["Bailleur social", "Caf", "Commune", "Fondations"],
        "public": ["Adultes"],
        "statut": ["terminée"],
        "dimension": ["Services"],
        "territoire": ["Un quartier"],
        "initiative": ["Un habitant"],
    }
    assert page["meta"] == {
        "title": "MOS'ART",
        "centre": "Centre social et culturel J.Y Cousteau",
        "department": "Pas-de-Calais",
        "date": "15 septembre 2026",
        "summary": "Action visant à développer les relations de voisinage et l'embellissement du cadre de vie. "
                   "Développement des savoir-faire techniques et des solidarités.",
    }


def test_every_indexed_page_has_a_date_sort_key(built_site):
    # A page without the key disappears from results sorted by date.
    for url in INDEXED_URLS:
        html = (built_site / urls.output_path(url)).read_text(encoding="utf-8")
        assert html.count('data-pagefind-sort="date"') == 1, url
    action = (built_site / "actions/mos-art/index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-sort="date">2026-09-15</span>' in action


def test_centres_and_pages_are_typed_and_centres_have_their_department(built_site):
    pages = indexed_pages(built_site)
    assert pages["/centres/centre-social-d-empalot/"]["filters"] == {"type": ["Centre"], "département": ["Haute-Garonne"]}
    assert pages["/a-propos/"]["filters"] == {"type": ["Page"]}


def test_the_index_is_french(built_site):
    [shard] = shard_folders(built_site)  # 11 pages: one shard
    entry = json.loads((shard / search.ENTRY_FILE).read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["version"] >= "1.5"  # accent folding: « mosaique » finds « mosaïque »
    assert not (shard.parent / search.ENTRY_FILE).exists()  # no index outside the shards
    assert search.read_shards(shard.parent, [search.Shard(shard.name, ())], language="fr") == search.IndexReport(
        pages=len(INDEXED_URLS))


def test_the_search_page_uses_pagefinds_api_and_lists_every_filter_value(built_site):
    [bundle] = shard_folders(built_site)
    assert (bundle / "pagefind.js").is_file() and not (bundle / "playground").exists()
    page = (built_site / "recherche/index.html").read_text(encoding="utf-8")
    assert f'data-shards="/pagefind/{bundle.name}/"' in page
    assert "pagefind-component-ui" not in page and "pagefind-ui" not in page  # no UI library to download
    assert "La recherche a besoin de JavaScript" in page  # in <noscript>
    # Every filter value the index holds, with its count of indexed pages, without loading the index.
    indexed = indexed_pages(built_site).values()
    for name in ("type", "département", "mot-clé", "partenaire"):
        counts = {}
        for fragment in indexed:
            for value in fragment["filters"].get(name, []):
                counts[value] = counts.get(value, 0) + 1
        assert counts, name
        parameter = urls.search_parameter(name)
        for value, count in counts.items():
            checkbox = (f'<input type="checkbox" name="{parameter}" value="{html.escape(value)}" '
                        f'data-filter="{html.escape(name)}" data-count="{count}"> <span>{html.escape(value)}</span> '
                        f'<span class="search-count"><span class="visually-hidden">(</span>{count}<span')
            assert checkbox in page, checkbox


def test_term_pages_link_to_the_search_filtered_on_their_term(built_site):
    pages = indexed_pages(built_site)
    for page, parameter, filter_name, value in (
        ("departements/62-pas-de-calais", "departement", "département", "Pas-de-Calais"),
        ("mots-cles/logement", "mot-cle", "mot-clé", "Logement"),
        ("partenaires/bailleur-social", "partenaire", "partenaire", "Bailleur social"),
    ):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        link = urls.search_url_for(filter_name, value)
        assert f'<a href="{link}">Rechercher parmi ces actions</a>' in html
        assert link.startswith(f"/recherche/?{parameter}=")
        assert any(value in fragment["filters"].get(filter_name, []) for fragment in pages.values()), value


def test_search_url_for_encodes_the_filter_and_value():
    assert urls.search_url_for("département", "Pas-de-Calais") == "/recherche/?departement=Pas-de-Calais"
    assert (urls.search_url_for("mot-clé", "Démocratie & citoyenneté")
            == "/recherche/?mot-cle=D%C3%A9mocratie%20%26%20citoyennet%C3%A9")


def test_no_search_gives_a_site_whose_search_page_says_so(fixture_site, tmp_path):
    out = tmp_path / "build"
    report = build(fixture_site, out, THEME, search_index=False)
    assert report.indexed is None
    assert not (out / search.SEARCH_DIR).exists()
    page = (out / "recherche/index.html").read_text(encoding="utf-8")
    assert "La recherche n’est pas disponible" in page
    assert "pagefind" not in page
    assert ('les initiatives par <a href="/departements/">département</a>, par <a href="/mots-cles/">mot-clé</a> '
            'ou par <a href="/partenaires/">partenaire</a>.') in page
    assert "Rechercher parmi ces actions" not in (out / "departements/62-pas-de-calais/index.html").read_text()
    assert "data-pagefind-filter" not in (out / "actions/mos-art/index.html").read_text()


def test_a_missing_binary_fails_the_build_and_keeps_the_previous_site(fixture_site, tmp_path, monkeypatch):
    out = tmp_path / "build"
    build(fixture_site, out, THEME)
    before = snapshot(out)
    (fixture_site / "actions" / "mos-art.md").write_text(
        (fixture_site / "actions" / "mos-art.md").read_text(encoding="utf-8").replace("mosaïque", "fresque"),
        encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(BuildError) as error:
        build(fixture_site, out, THEME)
    assert str(error.value) == (
        f"search index: Pagefind binary {tmp_path / 'no-such-pagefind'} is missing or not executable "
        "(check PAGEFIND_BINARY_PATH or reinstall `pagefind[bin]`), or build with --no-search to publish "
        "the site without search")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "content"]  # no staging folder left


def test_a_binary_that_dies_fails_the_build_with_its_message(fixture_site, tmp_path, monkeypatch):
    out = tmp_path / "build"
    build(fixture_site, out, THEME)
    before = snapshot(out)
    (fixture_site / "pages" / "a-propos.md").write_text(
        (fixture_site / "pages" / "a-propos.md").read_text(encoding="utf-8") + "\nUne phrase de plus.\n",
        encoding="utf-8")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'the index is on fire'\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(BuildError) as error:
        build(fixture_site, out, THEME)
    message = str(error.value)
    assert message.startswith("search index: Pagefind stopped unexpectedly indexing ") and message.endswith(
        " (exit code 3): the index is on fire; build with --no-search to publish the site without search")
    assert snapshot(out) == before


def test_an_output_folder_pagefind_cannot_write_is_a_clear_error(built_site, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes((built_site / "actions/mos-art/index.html").read_bytes())
    (site / search.SEARCH_DIR).write_text("a file where the index should go", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        search.build_index(site)
    message = str(error.value)
    assert message.startswith(f"search index: Pagefind stopped unexpectedly indexing {site} into "
                              f"{site / 'pagefind'} (exit code 101): ")
    assert '"File exists"' in message or '"Not a directory"' in message  # whichever file Pagefind writes first
    assert message.endswith("build with --no-search to publish the site without search")
    assert not (Path.cwd() / search.SEARCH_DIR).exists()  # nothing written beside the project either


def test_pagefind_settings_of_the_environment_or_the_working_folder_are_not_read(built_site, tmp_path, monkeypatch):
    """What is indexed, and how, is the templates' business: neither a PAGEFIND_* variable nor a pagefind.yml
    where the build was started changes the index."""
    site = tmp_path / "site"
    (site / "actions" / "mos-art").mkdir(parents=True)
    (site / "actions" / "mos-art" / "index.html").write_bytes((built_site / "actions/mos-art/index.html").read_bytes())
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "footer")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "article")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("root_selector: footer\nexclude_selectors: [article]\n", encoding="utf-8")
    report = search.build_index(site, into=site / search.SEARCH_DIR / "one")
    assert report.pages == 1
    [fragment] = (site / search.SEARCH_DIR / "one" / "fragment").iterdir()
    content = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["content"]
    assert "mosaïque" in content and "Flux Atom" not in content


def test_a_build_where_no_page_changed_reuses_the_index(fixture_site, tmp_path):
    out = tmp_path / "build"
    first = build(fixture_site, out, THEME)
    inodes = {p.relative_to(out): p.stat().st_ino for p in (out / search.SEARCH_DIR).rglob("*") if p.is_file()}
    second = build(fixture_site, out, THEME)
    assert second.written == 0
    assert second.indexed == first.indexed == len(INDEXED_URLS)
    assert {p.relative_to(out): p.stat().st_ino for p in (out / search.SEARCH_DIR).rglob("*") if p.is_file()} == inodes


def test_an_index_from_another_language_is_not_reused(built_site):
    [shard] = shard_folders(built_site)
    shards = [search.Shard(shard.name, ())]
    assert search.read_shards(shard.parent, shards, language="fr")
    assert search.read_shards(shard.parent, shards, language="en") is None
    assert search.read_shards(built_site.parent / "nowhere", shards, language="fr") is None


# --------------------------------------------------------------------------- shards

def sort_date(site: Path, url: str) -> str:
    page = (site / urls.output_path(url)).read_text(encoding="utf-8")
    return re.search(r'<span data-pagefind-sort="date">([^<]*)</span>', page).group(1)


def test_a_sharded_index_holds_each_page_once_newest_first(fixture_site, tmp_path):
    out = tmp_path / "build"
    report = build(fixture_site, out, THEME, shard_pages=4)
    folders = shard_folders(out)
    assert len(folders) == len(report.shards) >= 2 and report.indexed == len(INDEXED_URLS)
    shard_urls = [[json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
                   for p in (folder / "fragment").iterdir()] for folder in folders]
    assert sorted(url for found in shard_urls for url in found) == sorted(INDEXED_URLS)
    # Each shard is a range of dates, the newest first: a search sorted by date reads them in turn.
    ranges = [(min(sort_date(out, u) for u in found), max(sort_date(out, u) for u in found)) for found in shard_urls]
    assert all(older[1] <= newer[0] for newer, older in zip(ranges, ranges[1:])), ranges
    assert (folders[0] / "pagefind.js").is_file()  # the search page loads Pagefind from the first shard


def test_an_edit_reindexes_its_shard_alone_and_equals_a_cold_build(fixture_site, tmp_path):
    out, cache = tmp_path / "build", tmp_path / "cache"
    build(fixture_site, out, THEME, cache=cache, shard_pages=4)
    inodes = {p.relative_to(out): p.stat().st_ino for p in (out / search.SEARCH_DIR).rglob("*") if p.is_file()}
    action = fixture_site / "actions" / "mos-art.md"
    action.write_text(action.read_text(encoding="utf-8") + "\nUn atelier de vitrail, nouveau.\n", encoding="utf-8")
    edited = build(fixture_site, out, THEME, cache=cache, shard_pages=4)
    assert edited.written == 1 and edited.indexed == len(INDEXED_URLS)
    [own] = [shard.name for shard in edited.shards if "actions/mos-art/index.html" in shard.paths]
    kept = {path for path, inode in inodes.items() if (out / path).is_file() and (out / path).stat().st_ino == inode}
    assert {path.parts[1] for path in kept} == {shard.name for shard in edited.shards} - {own}
    assert "vitrail" in indexed_pages(out)["/actions/mos-art/"]["content"]
    cold = tmp_path / "cold"
    build(fixture_site, cold, THEME, shard_pages=4)
    pages = lambda site: {p: data for p, data in snapshot(site).items() if not p.startswith("pagefind/")}  # noqa: E731
    assert pages(out) == pages(cold)
    assert searched(out) == searched(cold)


def searched(site: Path) -> dict[str, list[dict]]:
    """What each shard of the index holds, page by page: two indexes of the same pages are the same search.

    Not their bytes: Pagefind writes its filter and index chunks in an order of its hash maps,
    which differs from one run to the next on the very same pages."""
    return {folder.name: sorted((json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                                 for p in (folder / "fragment").iterdir()), key=lambda fragment: fragment["url"])
            for folder in shard_folders(site)}
