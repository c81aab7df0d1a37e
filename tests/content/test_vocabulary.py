"""The controlled vocabulary: canonical labels, aliases, and a file staff can get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.vocabulary import load_vocabulary
from generator.errors import ContentError

SHIPPED = Path(__file__).parents[2] / "content" / "vocabulary.yaml"


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(SHIPPED)


@pytest.mark.parametrize(("kind", "value", "label"), [
    ("keywords", "Viellissement", "Vieillissement"),
    ("keywords", "vacances / loisirs", "Vacances / loisirs"),
    ("keywords", "EDUCATION / SCOLARITE", "Éducation / scolarité"),
    ("keywords", "Démocratie & citoyenneté", "Démocratie & citoyenneté"),
    ("public", "familles", "Familles"),
    ("public", "Familles", "Familles"),
    ("partners", "Etat", "État"),
    ("partners", "Éducation Nationale", "Éducation nationale"),
    ("centres", "CENTRE SOCIAL ET CULTUREL J.Y COUSTEAU", "Centre social et culturel J.Y Cousteau"),
    ("centres", "CS MPT SAINT LOUIS", "Centre social MPT Saint-Louis"),
])
def test_canonical_label_of_a_label_an_alias_or_a_case_variant(vocabulary, kind, value, label):
    assert vocabulary.canonical(kind, value) == label


def test_unknown_values_are_none_and_get_a_suggestion(vocabulary):
    assert vocabulary.canonical("keywords", "Jardinage") is None
    assert vocabulary.canonical("public", "Logement") is None  # kinds do not mix
    assert vocabulary.suggest("keywords", "Logements") == "Logement"
    assert vocabulary.suggest("keywords", "Jardinage") is None


def test_an_unknown_kind_is_a_programming_error(vocabulary):
    with pytest.raises(ValueError):
        vocabulary.canonical("themes", "Culture")


def test_every_value_of_the_seeds_is_in_the_shipped_vocabulary(vocabulary):
    assert vocabulary.labels["keywords"][:3] == (
        "Alphabétisation & apprentissage du français", "Culture", "Démocratie & citoyenneté")
    assert len(vocabulary.labels["centres"]) == 21


def test_an_alias_under_two_labels_is_an_error(tmp_path: Path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text('keywords:\n  - label: "Santé"\n  - label: "Sante publique"\n    aliases: ["santé"]\n',
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_vocabulary(path)
    assert [p.format() for p in caught.value.problems] == [
        f"{path}:3: keywords: « santé » is listed under both « Santé » and « Sante publique »"]


@pytest.mark.parametrize(("text", "message"), [
    ("keywords: [\n", ":2: invalid YAML"),
    ("- Santé\n", ":1: the vocabulary must map each kind to a list of labels"),
    ("public: []\nthemes:\n  - label: Culture\n", ":2: unknown vocabulary kind « themes »"),
    ("keywords:\n  - label: Culture\n  - aliases: [a]\n", ":3: keywords: each entry needs a « label » text"),
])
def test_a_malformed_vocabulary_is_reported_with_its_path(tmp_path: Path, text, message):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_vocabulary(path)
    assert message in caught.value.problems[0].format()
    assert caught.value.problems[0].path == str(path)


def test_plain_strings_are_labels_without_aliases(tmp_path: Path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("public:\n  - Adultes\n", encoding="utf-8")
    assert load_vocabulary(path).canonical("public", "ADULTES") == "Adultes"
