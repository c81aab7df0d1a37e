"""Routes: every page of the site map, pagination, narrow contexts."""

from __future__ import annotations

import json

import pytest

from generator.content.load import load_content
from generator.pages import plan
from generator.pages.route import page_window, paginate
from generator.site.link import link


@pytest.fixture
def routes(fixture_site):
    content, _ = load_content(fixture_site)
    return {r.url: r for r in plan(link(content), content)}


def test_every_page_kind_of_the_site_map_has_a_route(routes):
    for url in ("/", "/page/2/", "/actions/mos-art/", "/centres/", "/centres/la-maison-pop/",
                "/departements/", "/departements/31-haute-garonne/", "/mots-cles/", "/mots-cles/logement/",
                "/partenaires/", "/partenaires/caf/", "/recherche/", "/a-propos/",
                "/feed.xml", "/sitemap.xml", "/robots.txt", "/404.html"):
        assert url in routes, url


def test_drafts_get_no_page(routes):
    assert "/actions/massage-bebe-portage-en-echarpe/" not in routes


@pytest.mark.parametrize("count, size, pages", [(0, 4, 1), (1, 4, 1), (4, 4, 1), (5, 4, 2), (9, 4, 3)])
def test_paginate_splits_listings_into_equal_pages(count, size, pages):
    result = list(paginate(list(range(count)), size, "/mots-cles/x/"))
    assert len(result) == pages
    assert sum(len(items) for _, items, _ in result) == count
    assert all(len(items) == size for _, items, _ in result[:-1])
    urls = [url for url, _, _ in result]
    assert urls[0] == "/mots-cles/x/"
    assert urls[1:] == [f"/mots-cles/x/page/{n}/" for n in range(2, pages + 1)]
    first, last = result[0][2], result[-1][2]
    assert first.previous_url is None and last.next_url is None


@pytest.mark.parametrize("number, count, shown", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 40, [1, 2, 3, None, 40]),
    (5, 40, [1, 2, 3, 4, 5, 6, 7, None, 40]),  # a gap never hides a single page
    (20, 40, [1, None, 18, 19, 20, 21, 22, None, 40]),
    (40, 40, [1, None, 38, 39, 40]),
    (400, 834, [1, None, 398, 399, 400, 401, 402, None, 834]),
])
def test_page_window_links_first_last_and_neighbours(number, count, shown):
    assert page_window(number, count) == shown


def test_no_listing_page_grows_with_the_listing():
    """However many actions, a page links to at most nine pages of its listing: its size does not grow."""
    pages = [pagination for _, _, pagination in paginate(list(range(10_000)), 12, "/")]
    assert len(pages) == 834
    assert max(len(p.pages) for p in pages) == 9
    middle = pages[399].pages
    assert [(p.label, p.url, p.current) for p in middle[:3]] == [("1", "/", False), ("…", "", False),
                                                                  ("398", "/page/398/", False)]
    assert [p.label for p in middle if p.current] == ["400"]


def test_home_is_paginated_by_page_size(routes):
    home, second = routes["/"], routes["/page/2/"]
    assert len(home.context["cards"]) == 4
    assert len(second.context["cards"]) == 2
    assert home.context["pagination"].next_url == "/page/2/"
    assert second.context["pagination"].previous_url == "/"


def test_action_details_link_to_term_pages(routes):
    details = {d.label: d for d in routes["/actions/mos-art/"].context["details"]}
    assert [link.url for link in details["Mots-clés"].links] == ["/mots-cles/logement/", "/mots-cles/cadre-de-vie/"]
    assert details["Département"].links[0].url == "/departements/62-pas-de-calais/"
    assert details["Structure organisatrice"].links[0].url == "/centres/centre-social-et-culturel-j-y-cousteau/"
    assert details["Ressources financières mobilisées"].text == "9\u202f300\u00a0€"


def test_json_ld_is_valid_json_of_the_right_type(routes):
    article = json.loads(routes["/actions/mos-art/"].context["jsonld"])
    assert article["@type"] == "Article"
    assert article["datePublished"] == "2026-09-15"
    assert article["url"].endswith("/actions/mos-art/")
    organization = json.loads(routes["/centres/la-maison-pop/"].context["jsonld"])
    assert organization["@type"] == "Organization"
    assert organization["address"]["addressCountry"] == "FR"


def test_sitemap_lists_pages_but_not_feeds_or_404(routes):
    listed = [url for url, _ in routes["/sitemap.xml"].context["entries"]]
    assert "/actions/mos-art/" in listed and "/" in listed
    assert "/404.html" not in listed and "/feed.xml" not in listed


def test_a_new_taxonomy_is_a_configuration_change(fixture_site):
    site_toml = fixture_site / "site.toml"
    site_toml.write_text(site_toml.read_text(encoding="utf-8") + '''
[[taxonomies]]
name = "public"
field = "public"
prefix = "publics"
title = "Publics"
singular = "Public"
''', encoding="utf-8")
    content, problems = load_content(fixture_site)
    assert not [p for p in problems if p.is_error]
    site = link(content)
    routes = {r.url: r for r in plan(site, content)}
    assert "/publics/" in routes and "/publics/adultes/" in routes
    details = {d.label: d for d in routes["/actions/mos-art/"].context["details"]}
    assert [link.url for link in details["Public"].links] == ["/publics/adultes/"]


def test_a_centre_stub_claims_nothing_staff_did_not_fill_in(make_site):
    content_dir = make_site({"centres/centre-a.md": """\
        ---
        name: "Centre A"
        department: "Nord"
        qpv:
        federation_member:
        ---
        """})
    content, _ = load_content(content_dir)
    routes = {r.url: r for r in plan(link(content), content)}
    labels = [d.label for d in routes["/centres/centre-a/"].context["details"]]
    assert "Adhérent à la fédération" not in labels
    assert "Quartier prioritaire (QPV)" not in labels


def test_an_items_own_page_is_found_by_its_path_without_planning_the_site(fixture_site):
    """What `serve` renders first for an open tab: the very route plan() makes, or None."""
    from generator.pages import own_route_at
    from generator.urls import output_path

    content, _ = load_content(fixture_site)
    site = link(content)
    found = 0
    for route in plan(site, content):
        path = output_path(route.url)
        own = own_route_at(site, content, path)
        if route.url.startswith(("/actions/", "/centres/")) and route.url.count("/") == 3 or route.url == "/a-propos/":
            assert own is not None and (own.url, own.template, own.context) == (route.url, route.template,
                                                                                route.context), path
            found += 1
        else:
            assert own is None, path
    assert found == 6 + 4 + 1
    assert own_route_at(site, content, "actions/massage-bebe-portage-en-echarpe/index.html") is None  # a draft
    assert own_route_at(site, content, "actions/nulle-part/index.html") is None
