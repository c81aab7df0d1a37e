"""The link stage: terms, centres, similar actions and neighbours of the fixture site."""

from __future__ import annotations

import pytest

from generator.content.load import load_content
from generator.site.link import link


@pytest.fixture
def site(fixture_site):
    content, problems = load_content(fixture_site)
    assert not [p for p in problems if p.is_error]
    return link(content)


def test_actions_newest_first_without_drafts(site):
    assert [a.slug for a in site.actions] == [
        "pas-de-retraite-pour-ma-sante", "mos-art", "un-temps-pour-soi-un-temps-avec-son-enfant",
        "cafe-des-parents", "la-caravelle-des-savoirs", "jardin-partage",
    ]


def test_keyword_terms_group_actions_and_sort_in_french_order(site):
    keywords = site.terms["keywords"]
    names = [t.name for t in keywords]
    assert names == sorted(names, key=lambda n: n.lower().replace("é", "e"))
    mixite = next(t for t in keywords if t.slug == "mixite-sociale")
    assert mixite.url == "/mots-cles/mixite-sociale/"
    assert [a.slug for a in mixite.actions] == [
        "pas-de-retraite-pour-ma-sante", "un-temps-pour-soi-un-temps-avec-son-enfant", "la-caravelle-des-savoirs",
    ]


def test_department_terms_carry_code_region_and_centres(site):
    nord = next(t for t in site.departments if t.name == "Nord")
    assert nord.slug == "59-nord"
    assert nord.url == "/departements/59-nord/"
    assert nord.department.region == "Hauts-de-France"
    assert [c.name for c in nord.centres] == ["Centre social Marliot Maupassant"]
    codes = [t.department.code for t in site.departments]
    assert codes == ["17", "31", "59", "62"]


def test_actions_are_attached_to_their_centre(site):
    assert site.centre_of["mos-art"].slug == "centre-social-et-culturel-j-y-cousteau"
    empalot = site.actions_of_centre["centre-social-d-empalot"]
    assert [a.slug for a in empalot] == ["un-temps-pour-soi-un-temps-avec-son-enfant", "la-caravelle-des-savoirs"]


def test_similar_actions_prefer_shared_keywords_then_partners(site):
    similar = [a.slug for a in site.similar["mos-art"]]
    # Jardin partagé shares « Cadre de vie » (2) and « Commune » (1); others share only partners.
    assert similar[0] == "jardin-partage"
    assert "mos-art" not in similar
    assert len(similar) <= site.config.similar_count


def test_neighbours_follow_blog_order(site):
    assert site.neighbours["pas-de-retraite-pour-ma-sante"][0] is None
    newer, older = site.neighbours["mos-art"]
    assert newer.slug == "pas-de-retraite-pour-ma-sante"
    assert older.slug == "un-temps-pour-soi-un-temps-avec-son-enfant"
    assert site.neighbours["jardin-partage"][1] is None


def test_case_variants_of_a_keyword_are_one_term(make_site):
    action = """\
        ---
        title: "{title}"
        centre: "Centre A"
        department: "Nord"
        keywords: ["{keyword}"]
        date: 2026-01-0{day}
        ---
        Texte.
        """
    content_dir = make_site({
        "centres/centre-a.md": '---\nname: "Centre A"\ndepartment: "Nord"\n---\n',
        "actions/a.md": action.format(title="A", keyword="familles", day=1),
        "actions/b.md": action.format(title="B", keyword="Familles", day=2),
        "actions/c.md": action.format(title="C", keyword="Familles", day=3),
    })
    content, _ = load_content(content_dir)
    terms = link(content).terms["keywords"]
    assert [(t.name, t.slug, len(t.actions)) for t in terms] == [("Familles", "familles", 3)]
