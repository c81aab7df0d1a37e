"""The built fixture site in real headless Chromium: navigation, phone layout, keyboard, axe-core.

The site is built once for the module and served from a local folder, as a reviewer
opens ``build/`` through a local server.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from fixtures_browser import assert_no_axe_violations, assert_no_console_errors, served_directory
from fixtures_content import FIXTURE_SITE

from generator import urls

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# One URL of every page kind of the fixture site.
PAGE_KINDS = {
    "home": "/",
    "home page 2": "/page/2/",
    "action": "/actions/mos-art/",
    "répertoire": "/centres/",
    "centre": "/centres/centre-social-et-culturel-j-y-cousteau/",
    "departments index": "/departements/",
    "department": "/departements/62-pas-de-calais/",
    "keywords index": "/mots-cles/",
    "keyword": "/mots-cles/logement/",
    "partners index": "/partenaires/",
    "partner": "/partenaires/caf/",
    "static page": "/a-propos/",
    "search": "/recherche/",
    "open data": "/donnees/",
    "observatoire": "/observatoire/",
    "404": "/cette-page-n-existe-pas/",
}

# Links and controls that are not part of a sentence: WCAG 2.5.8 wants them 24 px high.
TARGETS = (
    ".skip-link, .site-header a, .site-header input, .site-header button, .breadcrumbs a, .tags a, "
    ".pagination a, .card-title a, .neighbours a, .directory a, .term-index a, .term-links a, .more a, .site-footer a"
)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for this module."""
    out = tmp_path_factory.mktemp("browser-site") / "build"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(FIXTURE_SITE), "--out", str(out),
         "--theme", str(ROOT / "themes" / "default"), "--no-search", "--base-url", "https://example.org",
         "--cache", str(out.parent / ".cache")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built fixture site, served on 127.0.0.1 as ``build/`` through a local server."""
    with served_directory(built_site) as base_url:
        yield base_url


def heading(page: Any) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def test_reader_goes_from_home_to_an_action_its_keyword_and_its_centre(page, site_url):
    page.goto(site_url + "/")
    assert heading(page) == "Les initiatives des centres sociaux"

    page.locator(".cards").get_by_role("link", name="MOS'ART").click()
    page.wait_for_url("**/actions/mos-art/")
    assert heading(page) == "MOS'ART"

    page.locator(".fiche .detail", has=page.locator("dt", has_text="Mots-clés")).get_by_role(
        "link", name="Logement").click()
    page.wait_for_url("**/mots-cles/logement/")
    assert heading(page) == "Logement"
    assert page.locator(".cards .card-title").all_inner_texts() == ["MOS'ART"]

    page.locator(".cards").get_by_role("link", name="MOS'ART").click()
    page.wait_for_url("**/actions/mos-art/")
    page.locator(".byline").get_by_role("link", name="Centre social et culturel J.Y Cousteau").click()
    page.wait_for_url("**/centres/centre-social-et-culturel-j-y-cousteau/")
    assert heading(page) == "Centre social et culturel J.Y Cousteau"
    assert page.get_by_role("heading", name="Coordonnées").is_visible()
    assert "MOS'ART" in page.locator(".cards .card-title").all_inner_texts()
    assert_no_console_errors(page)


@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_fits_a_360px_phone_without_horizontal_scroll(phone_page, site_url, path):
    response = phone_page.goto(site_url + path)
    assert response.status == (404 if path == PAGE_KINDS["404"] else 200)
    width = phone_page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= 360, f"{path} is {width} px wide on a 360 px phone"
    small = phone_page.locator(TARGETS).evaluate_all(
        """targets => targets
            .filter(t => t.getClientRects().length && !t.classList.contains('skip-link'))
            .map(t => [t.textContent.trim() || t.outerHTML.slice(0, 60), t.getBoundingClientRect().height])
            .filter(([, height]) => height < 24)"""
    )
    assert small == [], f"targets under 24 px high on {path}: {small}"
    assert_no_console_errors(phone_page)


@pytest.mark.parametrize("path", [PAGE_KINDS[k] for k in ("home", "action", "keyword", "répertoire", "centre", "404")],
                         ids=["home", "action", "keyword", "répertoire", "centre", "404"])
def test_page_has_no_axe_violations(page, site_url, path):
    page.goto(site_url + path)
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site_url):
    page.goto(site_url + PAGE_KINDS["action"])
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            return {text: el.textContent.trim(), href: el.getAttribute('href'), top: box.top,
                    outline: getComputedStyle(el).outlineStyle};
        }"""
    )
    assert focused["text"] == "Aller au contenu" and focused["href"] == "#contenu"
    assert focused["top"] >= 0, "the skip link is visible once focused"
    assert focused["outline"] != "none", "the focused skip link shows a focus outline"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab stop is the first link inside the main content, not the header again.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('contenu').contains(document.activeElement)")
    assert_no_console_errors(page)


def test_header_menu_links_show_a_focus_ring_when_tabbed_to(page, site_url):
    """Every link of the header menu shows a visible focus ring when reached with Tab."""
    page.goto(site_url + "/")
    outlines = []
    for _ in range(12):
        page.keyboard.press("Tab")
        outlines.append(page.evaluate(
            "[document.activeElement.textContent.trim(), getComputedStyle(document.activeElement).outlineStyle]"))
    menu = [text for text, outline in outlines if text in ("Répertoire", "Départements", "Mots-clés")]
    assert menu == ["Répertoire", "Départements", "Mots-clés"], outlines
    assert all(outline != "none" for _, outline in outlines), outlines


def test_every_internal_link_leads_to_a_built_file(built_site):
    """Links are root-relative and every one of them has its page or asset in the output."""
    broken = []
    for html in sorted(built_site.rglob("*.html")):
        for href in re.findall(r'(?:href|src)="([^"]*)"', html.read_text(encoding="utf-8")):
            if href.startswith(("https://", "http://", "mailto:", "tel:", "#")):
                continue
            assert href.startswith("/"), f"{html.relative_to(built_site)}: relative link {href!r}"
            path = href.split("#")[0].split("?")[0]
            if not (built_site / urls.output_path(path)).is_file():
                broken.append(f"{html.relative_to(built_site)} -> {href}")
    assert broken == []


def test_every_page_has_a_description_and_link_preview_metadata(built_site):
    """Search engines and link previews (messaging apps, social networks) get a text for every page
    (but the web editor's, /admin/: for staff, never indexed)."""
    for page in sorted(p for p in built_site.rglob("*.html") if p.parts[len(built_site.parts)] != "admin"):
        html = page.read_text(encoding="utf-8")
        for tag in ('<meta name="description" content="', '<meta property="og:title" content="',
                    '<meta property="og:description" content="', '<meta name="twitter:card" content="summary">',
                    '<meta name="twitter:description" content="'):
            assert tag in html, f"{page.relative_to(built_site)}: no {tag}"
        description = html.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
        assert 20 <= len(description) <= 201, f"{page.relative_to(built_site)}: {description!r}"


def test_an_action_page_prints_without_navigation_and_with_its_links_written_out(page, site_url):
    page.goto(f"{site_url}/actions/mos-art/")
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".header-search", ".breadcrumbs", ".similar", ".neighbours", ".skip-link"):
        assert page.locator(hidden).evaluate_all("found => found.every(e => getComputedStyle(e).display === 'none')"), hidden
    link = page.locator('.prose a[href^="http"]').first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.centres-sociaux.fr/" in after
    assert page.locator("h1").inner_text() == "MOS'ART" and page.locator(".fiche").is_visible()


def test_the_observatoire_bars_are_links_reached_with_the_keyboard(page, site_url):
    page.goto(f"{site_url}/observatoire/")
    first_bar = page.locator(".chart a").first
    name = first_bar.get_attribute("aria-label")
    for _ in range(60):  # Tab from the top of the page until a bar of the first chart has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest && !!document.activeElement.closest('.chart')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name
    href = first_bar.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{href}")
    assert_no_console_errors(page)


def test_the_repertoire_filters_as_you_type_or_choose_and_keeps_it_in_the_url(page, site_url):
    page.goto(f"{site_url}/centres/")
    links = page.locator(".directory-group:visible .directory a:visible")
    everything = links.count()
    assert everything >= 4
    page.get_by_label("Nom ou commune").press_sequentially("empalot")  # accents and case aside
    assert links.all_inner_texts() == ["Centre social d'Empalot"]
    assert page.locator(".directory-count").inner_text() == f"1 structure sur {everything}"
    assert "q=empalot" in page.url
    page.get_by_label("Nom ou commune").fill("")
    page.get_by_label("Département", exact=True).select_option("62-pas-de-calais")
    assert links.all_inner_texts() == ["Centre social et culturel J.Y Cousteau"]
    page.reload()  # the filters survive a reload
    assert page.get_by_label("Département", exact=True).input_value() == "62-pas-de-calais"
    assert links.all_inner_texts() == ["Centre social et culturel J.Y Cousteau"]
    page.get_by_label("Nom ou commune").fill("xylophone")
    assert page.locator("[data-directory-empty]").is_visible() and links.count() == 0
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_without_javascript_the_repertoire_lists_every_centre(new_page, site_url):
    page = new_page(java_script_enabled=False)
    page.goto(f"{site_url}/centres/?q=empalot")
    assert not page.locator("[data-directory-filter]").is_visible()
    assert page.locator(".directory a").count() >= 4


@pytest.mark.parametrize("path", ["/observatoire/", "/departements/", "/centres/",
                                  "/centres/centre-social-et-culturel-j-y-cousteau/", "/donnees/"])
def test_the_figures_maps_and_repertoire_have_no_axe_violations_on_a_phone(phone_page, site_url, path):
    phone_page.goto(f"{site_url}{path}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(phone_page)
    assert_no_console_errors(phone_page)


def test_the_map_departments_are_links_reached_with_the_keyboard(page, site_url):
    page.goto(f"{site_url}/departements/")
    names = page.locator(".department-map a").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    assert "Haute-Garonne\u00a0: 2 initiatives" in names
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.department-map')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused in names
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{href}")
    assert_no_console_errors(page)
