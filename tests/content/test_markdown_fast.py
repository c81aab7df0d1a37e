"""The fast Markdown path (markdown-it-pyrs) renders exactly like markdown-it-py, the reference."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from generator.content import markdown
from generator.content.document import read_document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402

pytestmark = pytest.mark.skipif(importlib.util.find_spec("markdown_it_pyrs") is None,
                                reason="markdown-it-pyrs is not installed: only the reference renderer runs")


def _bodies(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(folder.rglob("*.md")):
        document, _ = read_document(path)
        if document is not None:
            found.append((path, document.body))
    return found


def _assert_identical(bodies: list[tuple[Path, str]]) -> None:
    different = [path for path, body in bodies
                 if markdown.render_markdown(body) != markdown.render_markdown_reference(body)]
    assert different == []


@pytest.mark.parametrize("folder", ["content", "tests/fixtures/site", "tests/fixtures/broken_site", "tests/golden"])
def test_shipped_content_renders_identically(folder):
    _assert_identical(_bodies(ROOT / folder))


def test_benchmark_corpus_renders_identically(tmp_path):
    corpus = bench.write_corpus(400, tmp_path / "content")
    _assert_identical(_bodies(corpus))


def test_every_seed_sentence_renders_identically():
    sentences = bench.seed_sentences()
    assert sentences
    _assert_identical([(Path(f"sentence {n}"), s) for n, s in enumerate(sentences)])


@pytest.mark.parametrize("text", [
    "# Titre *é* `code` & <b>gras</b>\n\nvoir www.example.org et https://a.fr/x?y=1",
    "## Résultats\n\n## Résultats\n\n### Résultats\n",
    "Titre sur\ndeux lignes\n===\n",
    "contact@centre.fr ou caf.fr ; M.Dupont ; J.Y Cousteau",
    "un lien échappé www&#46;example&#46;org et \\*pas\\* d'emphase",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n> citation\n\n1. un\n2. deux\n\n---\n",
    "# ![image](x.png) titre\n\n<div>brut</div>\n",
])
def test_edge_cases_render_identically(text):
    assert markdown.render_markdown(text) == markdown.render_markdown_reference(text)


HOST_NAMES = [
    "démarches administratives : caf.fr; pole emploi.fr, service public.gouv....",  # from a real sheet
    "# Titre caf.fr\n\n## caf.fr\n\ntexte",
    "| a | caf.fr |\n|---|---|\n| 1 | b.fr |\n",
    "```\ncaf.fr\n```\n\n    emploi.fr\n\net `caf.fr` puis caf.fr",
    "une ligne\ncaf.fr\nune autre, caf.fr. Fin",
    "\"caf.fr\" et l'emploi.fr ; « caf.fr »",
    "> caf.fr\n\n- caf.fr\n- [caf.fr](https://caf.fr)\n",
    "café.fr et ÉCOLE.FR et xn--caf-dma.fr",
    "*caf.fr* et **emploi.fr** et caf.fr&co et <caf.fr>",
    "[x]: caf.fr\n\nvoir [x] et caf.fr",
]


@pytest.mark.parametrize("text", HOST_NAMES)
def test_host_names_are_linked_like_the_reference_links_them(text):
    assert markdown.render_markdown(text) == markdown.render_markdown_reference(text)


def test_a_text_whose_links_are_bare_host_names_takes_the_fast_path():
    """The fast path links them itself: these texts are common in the sheets (« caf.fr »)."""
    assert markdown._links_to_find(HOST_NAMES[0]) == {"caf.fr;", "emploi.fr,"}
    assert markdown._links_to_find("écrire à contact@caf.fr") is None
    assert markdown._links_to_find("voir https://caf.fr") is None
    assert markdown._links_to_find("aucun lien ici. Vraiment") == set()
