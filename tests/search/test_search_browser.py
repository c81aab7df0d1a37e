"""The search page in a real headless Chromium, against the fixture site built with its
Pagefind index and served on 127.0.0.1: finding, filtering, URLs, French messages, axe."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fixtures_browser import (
    assert_no_axe_violations,
    assert_no_console_errors,
    served_directory,
)

from generator.build import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
THEME = ROOT / "themes" / "default"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> str:
    """The fixture site, built once for this module with its search index, served locally."""
    out = tmp_path_factory.mktemp("search-browser") / "build"
    build(FIXTURE_SITE, out, THEME)
    with served_directory(out) as base_url:
        yield base_url


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def search_box(page):
    return page.get_by_role("searchbox", name="Rechercher une initiative, un centre, un mot")


def search_for(page, text: str) -> None:
    search_box(page).fill(text)


def summary(page):
    return page.locator(".search-summary")


def result_titles(page):
    return page.locator(".search-result-title a")


def department_box(page, name: str):
    return page.locator(f'.search-filters input[type="checkbox"][value="{name}"]')


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_word_of_a_description_lists_its_action_first_and_opens_it(page, site_url):
    page.goto(f"{site_url}/recherche/")
    search_for(page, "jardinage")  # « Proposer un terrain de jardinage… », in Jardin partagé only
    expect(result_titles(page).first).to_have_text("Jardin partagé")
    expect(page.locator(".search-result").first).to_contain_text("La Maison Pop'")
    result_titles(page).first.click()
    page.wait_for_url(f"{site_url}/actions/jardin-partage/")
    expect(page.locator("h1")).to_have_text("Jardin partagé")
    assert_no_console_errors(page)


def test_a_query_without_accents_finds_the_accented_word(page, site_url):
    page.goto(f"{site_url}/recherche/?q=mosaique")
    expect(summary(page)).to_have_text("1 résultat pour « mosaique »")
    expect(result_titles(page)).to_have_text(["MOS'ART"])
    expect(search_box(page)).to_have_value("mosaique")
    assert_no_console_errors(page)


def test_a_centre_name_finds_the_centre_and_its_actions(page, site_url):
    page.goto(f"{site_url}/recherche/?q=Cousteau")
    expect(result_titles(page)).to_have_text(["Centre social et culturel J.Y Cousteau", "MOS'ART"])
    assert_no_console_errors(page)


def test_ticking_a_department_narrows_the_results_and_the_url_keeps_it(page, site_url):
    page.goto(f"{site_url}/recherche/?q=parents")
    expect(summary(page)).to_have_text(re.compile(r"^[2-9] résultats pour «\sparents\s»$"))
    everywhere = summary(page).inner_text()
    department_box(page, "Haute-Garonne").check()
    expect(summary(page)).not_to_have_text(everywhere)
    expect(summary(page)).to_have_text(re.compile(r"^\d+ résultats? pour «\sparents\s»$"))  # not « Recherche… »
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    assert results.count() >= 1
    for text in results.all_inner_texts():
        assert "Haute-Garonne" in text, text
    assert query_of(page.url) == {"q": ["parents"], "departement": ["Haute-Garonne"]}
    narrowed = summary(page).inner_text()

    page.reload()
    expect(summary(page)).to_have_text(narrowed)
    expect(department_box(page, "Haute-Garonne")).to_be_checked()
    expect(search_box(page)).to_have_value("parents")

    page.go_back()  # the search before the filter was ticked
    expect(summary(page)).to_have_text(everywhere)
    assert query_of(page.url) == {"q": ["parents"]}
    expect(department_box(page, "Haute-Garonne")).not_to_be_checked()
    assert_no_console_errors(page)


def test_a_department_is_two_clicks_away_from_any_page(page, site_url):
    page.goto(f"{site_url}/a-propos/")
    page.locator("header").get_by_role("button", name="Rechercher").click()  # the header form, empty
    page.wait_for_url(re.compile(r"/recherche/"))
    department_box(page, "Nord").check()
    expect(result_titles(page)).to_have_count(2)  # its published action and its centre
    for text in page.locator(".search-result").all_inner_texts():
        assert "Nord" in text, text
    assert query_of(page.url) == {"departement": ["Nord"]}
    assert_no_console_errors(page)


def test_a_term_page_opens_the_search_filtered_on_its_term(page, site_url):
    page.goto(f"{site_url}/departements/31-haute-garonne/")
    page.get_by_role("link", name="Rechercher parmi ces actions").click()
    expect(summary(page)).to_have_text("3 résultats")
    expect(department_box(page, "Haute-Garonne")).to_be_checked()
    expect(department_box(page, "Haute-Garonne").locator("..")).to_contain_text("3")
    for text in page.locator(".search-result").all_inner_texts():
        assert "Haute-Garonne" in text, text
    assert_no_console_errors(page)


def test_the_header_search_box_leads_to_the_results(page, site_url):
    page.goto(f"{site_url}/")
    header = page.locator("header").get_by_role("search")
    header.get_by_role("searchbox").fill("mosaïque")
    header.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"/recherche/\?q=mosa"))
    expect(result_titles(page)).to_have_text(["MOS'ART"])
    assert_no_console_errors(page)


def test_no_match_says_aucun_resultat(page, site_url):
    page.goto(f"{site_url}/recherche/")
    search_for(page, "xylophone")
    expect(summary(page)).to_have_text("Aucun résultat pour « xylophone »")
    expect(result_titles(page)).to_have_count(0)
    assert query_of(page.url) == {"q": ["xylophone"]}
    assert_no_console_errors(page)


def test_the_search_page_with_results_has_no_axe_violations(page, site_url):
    page.goto(f"{site_url}/recherche/?q=parents")
    expect(result_titles(page).first).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_the_search_page_fits_a_phone(phone_page, site_url):
    phone_page.goto(f"{site_url}/recherche/?q=parents")
    expect(summary(phone_page)).to_contain_text("résultats pour « parents »")  # above the filters
    phone_page.locator(".search-results").scroll_into_view_if_needed()
    expect(result_titles(phone_page).first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_console_errors(phone_page)


def test_on_a_phone_only_the_filters_in_use_are_unfolded(phone_page, site_url):
    phone_page.goto(f"{site_url}/recherche/?q=parents")
    expect(result_titles(phone_page).first).to_be_visible()
    assert phone_page.locator(".search-facet[open]").count() == 0  # the results come right after the filters' titles
    phone_page.goto(f"{site_url}/recherche/?departement=Nord")
    expect(result_titles(phone_page)).to_have_count(2)
    expect(phone_page.locator(".search-refine")).to_have_text("Affiner (1 filtre actif)")
    phone_page.locator(".search-refine").click()  # folded above the results; unfolded, the filter in use shows
    assert phone_page.locator(".search-facet[open] summary").all_inner_texts() == ["Département"]
    assert_no_axe_violations(phone_page)
    assert_no_console_errors(phone_page)


def test_a_first_query_with_its_live_counts_downloads_under_150_kb(page, site_url):
    """What a reader's first search costs: the page, its assets, the index chunks the query needs and
    the filter data of the live counts (Pagefind's own files are already compressed; text files as
    the host sends them, gzipped)."""
    import gzip

    sizes: dict[str, int] = {}

    def on_response(response):
        body = response.body()
        textual = response.url.split("?")[0].endswith(("/", ".html", ".js", ".css", ".json", ".svg"))
        sizes[urlsplit(response.url).path] = len(gzip.compress(body, 9)) if textual else len(body)

    page.on("response", on_response)
    page.goto(f"{site_url}/recherche/?q=jardinage")
    expect(result_titles(page).first).to_have_text("Jardin partagé")
    page.wait_for_load_state("networkidle")
    assert not [path for path in sizes if "-ui" in path or "worker" in path], sorted(sizes)
    assert [path for path in sizes if "/filter/" in path]  # the live counts' data
    assert sum(sizes.values()) < 150_000, sorted(sizes.items(), key=lambda item: -item[1])


def count_of(page, name: str):
    return department_box(page, name).locator("xpath=..").locator(".search-count")


def test_typing_shows_results_without_enter_and_the_url_follows(page, site_url):
    page.goto(f"{site_url}/recherche/")
    entries = page.evaluate("history.length")
    search_box(page).press_sequentially("jardinage", delay=40)  # no Enter, no button
    expect(result_titles(page)).to_have_text(["Jardin partagé"])
    expect(summary(page)).to_have_text("1 résultat pour « jardinage »")
    page.wait_for_function("location.search === '?q=jardinage'")
    assert page.evaluate("history.length") == entries  # typing rewrote the page's entry: no keystroke history
    assert_no_console_errors(page)


def test_each_filter_counts_the_current_results(page, site_url):
    page.goto(f"{site_url}/recherche/")
    expect(count_of(page, "Haute-Garonne")).to_have_text("(3 résultats)")  # the whole site, before a query
    search_for(page, "jardinage")
    expect(summary(page)).to_have_text("1 résultat pour « jardinage »")
    expect(count_of(page, "Charente-Maritime")).to_have_text("(1 résultat)")
    expect(count_of(page, "Haute-Garonne")).to_have_text("(0 résultat)")
    expect(department_box(page, "Haute-Garonne").locator("xpath=..")).to_have_class(re.compile(r"\bis-none\b"))
    search_for(page, "")
    expect(count_of(page, "Haute-Garonne")).to_have_text("(3 résultats)")
    expect(department_box(page, "Haute-Garonne").locator("xpath=..")).not_to_have_class(re.compile(r"\bis-none\b"))
    assert_no_console_errors(page)


def test_a_ticked_filter_without_results_stays_visible_and_ticked(page, site_url):
    page.goto(f"{site_url}/recherche/?departement=Nord")
    expect(result_titles(page)).to_have_count(2)
    search_for(page, "jardinage")  # only in Charente-Maritime
    expect(summary(page)).to_have_text("Aucun résultat pour « jardinage »")
    expect(department_box(page, "Nord")).to_be_visible()
    expect(department_box(page, "Nord")).to_be_checked()
    expect(count_of(page, "Nord")).to_have_text("(0 résultat)")
    expect(department_box(page, "Nord").locator("xpath=..")).not_to_have_class(re.compile(r"\bis-none\b"))
    department_box(page, "Nord").uncheck()
    expect(result_titles(page)).to_have_text(["Jardin partagé"])
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_the_count_is_read_out_once_typing_pauses_not_at_each_keystroke(page, site_url):
    page.goto(f"{site_url}/recherche/")
    page.evaluate("""() => {
        window.announced = [];
        const region = document.querySelector('[data-announce]');
        new MutationObserver(() => window.announced.push(region.textContent)).observe(
            region, {childList: true, characterData: true, subtree: true});
    }""")
    search_box(page).press_sequentially("parents", delay=300)  # a slow typist: each pause runs a search
    expect(page.locator("[data-announce]")).to_have_text(re.compile(r"^\d+ résultats pour «\sparents\s»$"))
    assert page.evaluate("window.announced.filter(Boolean)") == [page.locator("[data-announce]").inner_text()]
    department_box(page, "Haute-Garonne").check()  # a deliberate step: said at once
    expect(page.locator("[data-announce]")).to_have_text(re.compile(r"^\d+ résultats? pour «\sparents\s»$"))
    assert page.locator(".search-summary").get_attribute("aria-live") is None  # the visible line is not read twice
    assert_no_console_errors(page)


def test_results_arriving_shift_nothing_on_the_page(phone_page, site_url):
    """On a phone, with the filters folded, the footer is in view until results arrive: it must not jump."""
    page = phone_page
    page.goto(f"{site_url}/recherche/")
    page.evaluate("""() => {
        window.shifts = 0;
        new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.shifts += entry.value; })
            .observe({type: 'layout-shift', buffered: false});
    }""")
    search_box(page).press_sequentially("parents", delay=60)
    expect(result_titles(page).first).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.shifts") < 0.01


def test_on_a_phone_the_results_come_right_after_the_search_field(phone_page, site_url):
    phone_page.goto(f"{site_url}/recherche/?q=parents&departement=Haute-Garonne")
    first = result_titles(phone_page).first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= 740  # no scrolling past the filters
    refine = phone_page.locator(".search-refine")
    expect(refine).to_have_text("Affiner (1 filtre actif)")
    expect(phone_page.locator("[data-refine]")).not_to_have_attribute("open", "")
    refine.click()
    expect(department_box(phone_page, "Haute-Garonne")).to_be_visible()
    assert_no_axe_violations(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_console_errors(phone_page)


def test_on_a_phone_the_counts_data_loads_only_when_a_facet_is_opened(phone_page, site_url):
    """Pagefind's filter data grows with the site (280 kB at 10,000 actions): a phone fetches a facet's
    when it shows it."""
    fetched = []
    phone_page.on("request", lambda request: fetched.append(request.url))
    phone_page.goto(f"{site_url}/recherche/?q=jardinage")
    expect(result_titles(phone_page)).to_have_text(["Jardin partagé"])
    phone_page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/filter/" in url]
    phone_page.locator(".search-refine").click()
    phone_page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/filter/" in url]  # every facet folded: no count to show
    phone_page.locator(".search-facet summary", has_text="Département").click()
    expect(count_of(phone_page, "Charente-Maritime")).to_have_text("(1 résultat)")
    expect(count_of(phone_page, "Haute-Garonne")).to_have_text("(0 résultat)")
    assert len([url for url in fetched if "/filter/" in url]) == 1  # that facet's data alone
    assert_no_console_errors(phone_page)


def test_a_facet_opened_loads_its_counts_and_only_its_own(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/recherche/?q=jardinage")
    expect(count_of(page, "Charente-Maritime")).to_have_text("(1 résultat)")  # Département: open at first
    page.wait_for_load_state("networkidle")
    assert len([url for url in fetched if "/filter/" in url]) == 1
    keyword = page.locator('.search-filters input[data-filter="mot-clé"][value="Solidarité"]').locator("xpath=..")
    expect(keyword.locator(".search-count")).to_have_text("")  # folded: its count is not known yet
    page.locator(".search-facet summary", has_text="Mot-clé").click()
    expect(keyword.locator(".search-count")).to_have_text("(1 résultat)")
    page.wait_for_load_state("networkidle")
    assert len([url for url in fetched if "/filter/" in url]) == 2
    assert_no_console_errors(page)


def test_every_control_of_the_search_page_is_a_24_pixel_target_on_a_phone(phone_page, site_url):
    phone_page.goto(f"{site_url}/recherche/?q=parents")
    expect(result_titles(phone_page).first).to_be_visible()
    phone_page.locator(".search-refine").click()
    for facet in phone_page.locator(".search-facet summary").all():
        facet.click()
    small = phone_page.evaluate("""() => [...document.querySelectorAll(
            '.search-box input, .search-box button, .search-form summary, .search-choice, .search-result-title a')]
        .filter((el) => el.getClientRects().length)  // a checkbox's target is its whole label (.search-choice)
        .map((el) => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
        .filter(([, box]) => box.height < 24 || box.width < 24)
        .map(([html, box]) => `${html} ${Math.round(box.width)}x${Math.round(box.height)}`)""")
    assert not small, small


def test_the_search_page_has_no_axe_violations_in_any_state(page, phone_page, site_url):
    for state in ("", "?q=xylophone", "?departement=Nord", "?q=parents&departement=Haute-Garonne"):
        for browser_page in (page, phone_page):
            browser_page.goto(f"{site_url}/recherche/{state}")
            expect(summary(browser_page)).not_to_have_text(re.compile("Recherche"))
            browser_page.wait_for_timeout(200)
            assert_no_axe_violations(browser_page)
    assert_no_console_errors(page)


def test_a_missing_index_is_said_in_french(page, site_url, tmp_path):
    """A site published without its pagefind/ folder (a failed upload): the page says so, no silent void."""
    from urllib.request import urlopen

    site = tmp_path / "site"
    (site / "recherche").mkdir(parents=True)
    html = urlopen(f"{site_url}/recherche/").read()
    (site / "recherche" / "index.html").write_bytes(html)
    assets = re.findall(rb'(/assets/[^"]+)"', html)
    for asset in assets:
        target = site / asset.decode().lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(urlopen(site_url + asset.decode()).read())
    with served_directory(site) as base_url:
        page.goto(f"{base_url}/recherche/?q=jardin")
        expect(summary(page)).to_have_text("La recherche n’est pas disponible pour le moment\u00a0: rechargez la page.")
    assert_no_console_errors(page, ignore=[r"pagefind\.js", r"Failed to fetch dynamically imported module"])


def test_without_javascript_the_search_page_says_so(new_page, site_url):
    page = new_page(java_script_enabled=False)
    page.goto(f"{site_url}/recherche/?q=jardin")
    # Chromium does not show <noscript> when Playwright turns scripts off: read its content.
    notice = page.locator("main noscript")
    assert "La recherche a besoin de JavaScript" in notice.text_content()
    assert "les initiatives par département, par mot-clé ou par partenaire." in notice.text_content()
    assert notice.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/departements/", "/mots-cles/", "/partenaires/"]


# --------------------------------------------------------------------------- the shipped content

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    """content/ (the federation's real actions) built once with its search index."""
    if not any((CONTENT / "actions").glob("*.md")):
        pytest.skip("content/actions/ holds no action yet")
    out = tmp_path_factory.mktemp("shipped") / "build"
    build(CONTENT, out, THEME)
    return out


def distinctive_words(site: Path) -> dict[str, tuple[str, str]]:
    """For each indexed action: (a word of its text that no other page shares, or else its title; its department).

    « No other page shares » is taken strictly: no other page has a word starting with the
    same six letters, accents folded, since Pagefind stems words and matches prefixes.
    """
    import gzip
    import json

    from generator.french import strip_accents as fold

    pages = {}
    for path in (site / "pagefind").glob("*/fragment/*"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    prefixes = {url: {fold(w)[:6] for w in re.findall(r"\w+", page["content"])} for url, page in pages.items()}
    chosen = {}
    for url, page in pages.items():
        if not url.startswith("/actions/"):
            continue
        others = set().union(*(p for other, p in prefixes.items() if other != url))
        candidates = [w for w in re.findall(r"[^\W\d_]{7,}", page["content"]) if fold(w)[:6] not in others]
        # An action whose sheet had no text of its own is still found by its title.
        query = max(candidates, key=len) if candidates else page["meta"]["title"]
        chosen[url] = (query, page["filters"]["département"][0])
    return chosen


def test_more_results_are_shown_on_request(page, shipped_site):
    with served_directory(shipped_site) as base_url:
        page.goto(f"{base_url}/recherche/?q=parents")
        expect(summary(page)).to_have_text(re.compile(r"^1[1-9] résultats pour «\sparents\s»$"))
        total = int(summary(page).inner_text().split()[0])
        expect(result_titles(page)).to_have_count(10)
        page.get_by_role("button", name="Afficher plus de résultats").click()
        expect(result_titles(page)).to_have_count(min(total, 20))
        assert page.get_by_role("button", name="Afficher plus de résultats").is_visible() == (total > 20)
        assert_no_console_errors(page)


def test_every_shipped_action_is_found_by_a_word_of_its_own_and_by_its_department(page, shipped_site):
    words = distinctive_words(shipped_site)
    with served_directory(shipped_site) as base_url:
        page.goto(f"{base_url}/recherche/")
        found = page.evaluate(
            """async (words) => {
                const [shard] = document.querySelector("[data-search]").dataset.shards.split(" ");
                const pagefind = await import(`${shard}pagefind.js`);
                const found = {};
                for (const [url, [word, department]] of Object.entries(words)) {
                    const byWord = await pagefind.search(word);
                    const first = byWord.results.length ? (await byWord.results[0].data()).url : null;
                    const byDepartment = await pagefind.search(null, {filters: {"département": department}});
                    found[url] = [first, byDepartment.results.some(r => r.id) && await Promise.all(
                        byDepartment.results.map(async r => (await r.data()).url)).then(urls => urls.includes(url))];
                }
                return found;
            }""",
            words,
        )
        missed = {url: (words[url], result) for url, result in found.items() if result != [url, True]}
        assert not missed, missed
        assert_no_console_errors(page)


# --------------------------------------------------------------------------- shards

def _shown(page, url: str) -> tuple[str, list[str], dict[str, str]]:
    """The summary, every result title (all of them, in order) and each department's count for ``url``."""
    page.goto(url)
    expect(summary(page)).not_to_have_text(re.compile(r"Recherche|Tapez"))
    more = page.get_by_role("button", name="Afficher plus de résultats")
    while more.is_visible():
        more.click()
    page.wait_for_function("!document.querySelector('.search-results').hasAttribute('aria-busy')")
    page.wait_for_load_state("networkidle")
    counts = page.locator(".search-filters .search-choice").evaluate_all(
        "labels => labels.map(l => [l.querySelector('input').value, l.querySelector('.search-count').textContent])")
    return summary(page).inner_text(), result_titles(page).all_inner_texts(), dict(counts)


def test_an_index_in_shards_finds_what_one_index_finds(page, tmp_path):
    """Every page its own shard (11 shards merged by the page) against the whole site in one index.

    Filtered and sorted by date: the same results in the same order, the same counts. With words:
    every page one index finds, and more now and then, for Pagefind extends a word to the longer
    words of its stem only in an index that lacks the word itself — « parents » finds pages saying
    « parentalité » in a shard without « parents ». Each shard of the site readers get holds
    thousands of pages, where such a shard is rare; here, with one page a shard, it is the rule.
    """
    one, many = tmp_path / "one", tmp_path / "many"
    build(FIXTURE_SITE, one, THEME)
    report = build(FIXTURE_SITE, many, THEME, shard_pages=2)
    assert len(report.shards) == report.indexed == 11
    with served_directory(one) as one_url, served_directory(many) as many_url:
        for query in ["?type=Initiative", "?departement=Haute-Garonne", "?type=Centre&type=Page",
                      "?mot-cle=Parentalit%C3%A9&departement=Haute-Garonne"]:
            expected = _shown(page, f"{one_url}/recherche/{query}")
            assert expected[1], query
            assert _shown(page, f"{many_url}/recherche/{query}") == expected, query
        for word in ["jardinage", "parents", "mosaique", "quartier", "Cousteau", "vitrail"]:
            expected = _shown(page, f"{one_url}/recherche/?q={word}")[1]
            assert expected, word
            assert set(expected) <= set(_shown(page, f"{many_url}/recherche/?q={word}")[1]), word
        assert _shown(page, f"{many_url}/recherche/?q=mosaique")[1] == ["MOS'ART"]
        assert_no_console_errors(page)


def test_a_search_by_filters_alone_loads_no_word_index_and_finds_every_page(page, site_url):
    """Every term page leads to such a search: Pagefind's script, as shipped, loads every word index
    chunk for it (19 MB at 10,000 actions); the index stage tells it to load none."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/recherche/?departement=Haute-Garonne")
    expected = int(department_box(page, "Haute-Garonne").get_attribute("data-count"))
    expect(summary(page)).to_have_text(f"{expected} résultats")
    page.locator(".search-facet summary", has_text="Type").click()
    page.locator('.search-filters input[data-filter="type"][value="Centre"]').check()
    expect(summary(page)).to_have_text(re.compile(r"^\d résultats?$"))
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "/fragment/" in url] and not [url for url in fetched if "/index/" in url]
    search_for(page, "jardin")
    expect(summary(page)).to_have_text(re.compile(r"pour «\sjardin\s»"))
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "/index/" in url]  # words do need their chunks
    assert_no_console_errors(page)
