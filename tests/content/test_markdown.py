"""Markdown bodies: safe HTML, tables, autolinks, stable heading ids, French text untouched."""

from __future__ import annotations

import pytest

from generator.content.markdown import render_markdown


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "Texte <script>alert(1)</script> dans un paragraphe",
    "<div>\n<script src=x></script>\n</div>",
    '<img src=x onerror="alert(1)">',
    "<b>gras</b>",
])
def test_raw_html_is_escaped(source):
    html = render_markdown(source)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<div>" not in html
    assert "&lt;" in html


def test_javascript_links_are_not_links():
    html = render_markdown("[clic](javascript:alert(1)) et <javascript:alert(1)>")
    assert "href" not in html


def test_tables():
    html = render_markdown("| Poste | Montant |\n|---|---:|\n| Matériaux | 4 300 € |\n")
    assert "<table>" in html
    assert "<th>Poste</th>" in html
    assert '<td style="text-align:right">4 300 €</td>' in html


def test_autolinks():
    html = render_markdown("Voir https://www.centres-sociaux.fr/ ou www.example.org ou contact@example.org.")
    assert '<a href="https://www.centres-sociaux.fr/">https://www.centres-sociaux.fr/</a>' in html
    assert '<a href="http://www.example.org">www.example.org</a>' in html
    assert '<a href="mailto:contact@example.org">contact@example.org</a>' in html


def test_heading_ids_are_slugs_and_unique():
    html = render_markdown("## Résultats\n\n### Sur le territoire\n\n## Résultats\n\n## Démocratie & citoyenneté\n\n## !!!\n")
    assert '<h2 id="resultats">Résultats</h2>' in html
    assert '<h3 id="sur-le-territoire">Sur le territoire</h3>' in html
    assert '<h2 id="resultats-1">Résultats</h2>' in html
    assert '<h2 id="democratie-citoyennete">Démocratie &amp; citoyenneté</h2>' in html
    assert '<h2 id="section">!!!</h2>' in html


def test_heading_ids_do_not_leak_between_documents():
    render_markdown("## Limites\n")
    assert render_markdown("## Limites\n") == '<h2 id="limites">Limites</h2>\n'


def test_french_typography_is_preserved():
    text = "« Café des parents » : l’école d'été -- oui... (c) \"ok\"\u00a0!\u202f?"
    html = render_markdown(text)
    assert "« Café des parents »" in html
    assert "l’école d'été" in html
    assert "-- oui..." in html and "(c)" in html
    assert "\u00a0!\u202f?" in html


def test_lists_and_links():
    html = render_markdown("- un ;\n- deux.\n\n[le site](https://example.org/a?b=1&c=2)")
    assert "<ul>\n<li>un ;</li>\n<li>deux.</li>\n</ul>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2">le site</a>' in html


def test_rendering_is_deterministic():
    text = "## Titre\n\nUn paragraphe.\n\n## Titre\n"
    assert render_markdown(text) == render_markdown(text)


def test_excerpt_keeps_whole_sentences_within_the_limit_and_leaves_headings_out():
    from generator.content.markdown import excerpt

    body = render_markdown("## Description de l'expérience\n\nUn jardin partagé au pied des immeubles. "
                           "Les habitants y cultivent des légumes. " + "Ensuite " * 40 + "fin.\n\n- une liste\n")
    assert excerpt(body, 80) == "Un jardin partagé au pied des immeubles. Les habitants y cultivent des légumes."
    assert "Description" not in excerpt(body)


def test_excerpt_of_one_long_sentence_is_cut_on_a_word():
    from generator.content.markdown import excerpt

    cut = excerpt(render_markdown("Des ateliers d'activité physique adaptée, de sophrologie et de zumba " * 5), 60)
    assert cut.endswith("…") and len(cut) <= 60 and not cut[:-1].endswith((" ", ","))
    assert "Des ateliers d'activité physique adaptée, de sophrologie".startswith(cut[:-1].rsplit(" ", 1)[0])
    assert excerpt("") == ""
