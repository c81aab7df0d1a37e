"""The fast Markdown path (markdown-it-pyrs) renders exactly like markdown-it-py, the reference."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from generator import markdown
from generator.document import read_document

ROOT = Path(__file__).resolve().parent.parent
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
