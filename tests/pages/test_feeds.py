"""Atom feeds: the blog's and one per department, keyword and partner, read back with a feed parser."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from fixtures_content import SHIPPED as CONTENT
from fixtures_content import build_with_cli

from generator.content.load import load_content

BASE = "https://exemple.fr"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_with_cli(CONTENT, tmp_path_factory.mktemp("feeds") / "build", "--base-url", BASE)


def _published():
    content, _ = load_content(CONTENT)
    return [a for a in content.actions if not a.draft]


def _parse(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
    assert parsed.version == "atom10"
    return parsed


def test_every_term_page_links_a_valid_feed_of_its_own_actions(site):
    actions = _published()
    terms = [page.parent for page in sorted(site.glob("*/*/index.html"))
             if page.parts[-3] in ("departements", "mots-cles", "partenaires")]
    assert len(terms) > 30
    for folder in terms:
        html = (folder / "index.html").read_text(encoding="utf-8")
        url = f"/{folder.relative_to(site).as_posix()}/"
        assert '<link rel="alternate" type="application/atom+xml"' in html and f'href="{url}feed.xml"' in html
        assert "S’abonner" in html
        feed = _parse(folder / "feed.xml")
        assert feed.feed.link == f"{BASE}{url}"
        assert any(link.rel == "self" and link.href == f"{BASE}{url}feed.xml" for link in feed.feed.links)
        name = feed.feed.title.split(" — ")[0]
        field = {"departements": "department", "mots-cles": "keywords", "partenaires": "partners"}[folder.parts[-2]]
        expected = {f"{BASE}/actions/{a.slug}/" for a in actions
                    if name == getattr(a, field) or name in (getattr(a, field) if field != "department" else ())}
        assert {entry.link for entry in feed.entries} == expected, folder


def test_feed_entries_are_newest_first_with_absolute_links_and_summaries(site):
    feed = _parse(site / "departements" / "13-bouches-du-rhone" / "feed.xml")
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) > 1
    written = {f"{BASE}/actions/{a.slug}/": a for a in _published()}
    for entry in feed.entries:
        assert entry.link.startswith(f"{BASE}/actions/") and entry.id == entry.link and entry.author
        action = written[entry.link]
        if action.summary:
            assert entry.summary == action.summary
        elif action.body_html:  # no summary: the first sentences of its text
            assert entry.summary and entry.summary.split()[0] in action.body_html
        else:
            assert "summary" not in entry


def test_feeds_are_deterministic(site, tmp_path):
    again = build_with_cli(CONTENT, tmp_path / "again", "--base-url", BASE)
    for feed in sorted(site.rglob("feed.xml")):
        assert (again / feed.relative_to(site)).read_bytes() == feed.read_bytes()
