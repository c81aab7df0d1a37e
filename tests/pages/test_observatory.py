"""The observatoire: figures counted again here from the content files, charts that parse and say what they show."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest
from fixtures_content import SHIPPED as CONTENT
from fixtures_content import build_with_cli

from generator.content.load import load_content

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_with_cli(CONTENT, tmp_path_factory.mktemp("observatoire") / "build")


@pytest.fixture(scope="module")
def page(built) -> str:
    return (built / "observatoire" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published():
    content, _ = load_content(CONTENT)
    return [a for a in content.actions if not a.draft]


def _charts(page: str) -> dict[str, dict[str, tuple[int, str]]]:
    """Each chart's bars, read from its SVG: label -> (count, link)."""
    charts = {}
    for section in page.split('<section aria-labelledby="')[1:]:
        slug, found = section.split('"', 1)[0], re.search(r"<svg .*?</svg>", section, re.S)
        if found is None or 'class="department-map"' in section:
            continue  # the budgets (figures, no chart) and the map (its own test)
        svg = found.group(0)
        root = ElementTree.fromstring(svg)  # well-formed XML
        bars = {}
        for mark in root:
            name = mark.get("aria-label")
            assert name, f"{slug}: a mark without an accessible name"
            label, count = name.rsplit("\u00a0: ", 1)
            bars[label] = (int(count.split()[0]), mark.get("href", ""))
        charts[slug] = bars
    return charts


def test_every_figure_is_the_count_of_the_content(page, published):
    charts = _charts(page)
    keywords = Counter(k for a in published for k in a.keywords)
    assert {k: v[0] for k, v in charts["mots-cles"].items()} == dict(keywords)
    assert {k: v[0] for k, v in charts["departements"].items()} == dict(Counter(a.department for a in published))
    assert {k: v[0] for k, v in charts["partenaires"].items()} == dict(Counter(p for a in published for p in a.partners))
    assert {k: v[0] for k, v in charts["statut"].items()} == dict(Counter(a.status for a in published if a.status))
    assert {k: v[0] for k, v in charts["territoires"].items()} == dict(Counter(a.territory for a in published
                                                                              if a.territory))
    top, count = keywords.most_common(1)[0]
    assert f"Le mot-clé le plus fréquent est «\u00a0{top}\u00a0»\u00a0: {count} initiatives sur {len(published)}." \
           in page.replace("&#39;", "'")


def test_every_bar_leads_to_what_it_counts(page):
    charts = _charts(page)
    assert charts["mots-cles"]["Logement"][1] == "/mots-cles/logement/"
    assert charts["departements"]["Haute-Garonne"][1] == "/departements/31-haute-garonne/"
    assert all(link.startswith("/recherche/?statut=") for _, link in charts["statut"].values())
    assert all(link for slug in ("mots-cles", "departements", "partenaires", "publics", "statut", "dimensions",
                                 "territoires", "initiative") for _, link in charts[slug].values())
    assert charts["territoires"]["Un quartier"][1] == "/recherche/?territoire=Un%20quartier"


def test_the_budget_median_and_quartiles_are_those_of_the_known_budgets(page, published):
    import statistics

    from generator.french import format_euros

    budgets = sorted(a.budget_eur for a in published if a.budget_eur is not None)
    low, _, high = statistics.quantiles(budgets, n=4, method="inclusive")
    assert (f"Budget médian&nbsp;: <strong>{format_euros(statistics.median(budgets))}</strong> (la moitié des "
            f"initiatives entre {format_euros(low)} et {format_euros(high)}), connu pour {len(budgets)} initiatives "
            f"sur {len(published)}.") in page




def test_the_map_names_each_department_by_its_count_and_links_its_page(built, published):
    out = built
    counts = Counter(a.department for a in published)
    for page in (out / "departements" / "index.html", out / "observatoire" / "index.html"):
        html = page.read_text(encoding="utf-8")
        svg = re.search(r'<figure class="department-map">\s*(<svg .*?</svg>)', html, re.S).group(1)
        root = ElementTree.fromstring(svg)
        links = {a.get("aria-label"): a.get("href") for a in root.iter(f"{SVG}a")}
        for name, count in counts.items():
            said = f"{name}\u00a0: {count} initiative{'s' if count > 1 else ''}"
            assert said in links, said
            assert links[said].startswith("/departements/")
        shapes = list(root.iter(f"{SVG}path")) + list(root.iter(f"{SVG}rect"))
        assert len(shapes) == 101  # 96 metropolitan departments, 5 overseas insets
        assert "CC BY 4.0" in html and "aucune initiative" in html
