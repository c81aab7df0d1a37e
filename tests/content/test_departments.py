"""French departments: the INSEE list, lookups by name or code, and suggestions."""

from __future__ import annotations

import pytest

from generator.content.departments import all_departments, find, suggest


def test_all_101_departments():
    departments = all_departments()
    assert len(departments) == 101
    assert len({d.code for d in departments}) == 101
    assert len({d.slug for d in departments}) == 101
    assert departments[0].code == "01" and departments[-1].code == "976"


def test_corsica_and_overseas():
    assert find("2A").name == "Corse-du-Sud" and find("2a").slug == "2a-corse-du-sud"
    assert find("Haute-Corse").code == "2B"
    assert find("La Réunion").code == "974"
    assert find("Mayotte").region == "Mayotte"
    assert find("Guadeloupe").slug == "971-guadeloupe"


@pytest.mark.parametrize("name", ["Haute-Garonne", "haute garonne", "HAUTE-GARONNE", " Haute-Garonne ", "31"])
def test_lookup_ignores_case_accents_and_hyphens(name):
    assert find(name).name == "Haute-Garonne"


def test_accents_and_apostrophes():
    assert find("Cote d'Or").name == "Côte-d'Or"
    assert find("cote-d’or").name == "Côte-d'Or"
    assert find("Ardeche").name == "Ardèche"
    assert find("Isère").region == "Auvergne-Rhône-Alpes"
    assert find("Pas-de-Calais").slug == "62-pas-de-calais"


def test_unknown():
    assert find("Atlantis") is None
    assert find("") is None
    assert find("99") is None


def test_suggestions():
    assert suggest("Haute-Garone") == "Haute-Garonne"
    assert suggest("Pas de Calai") == "Pas-de-Calais"
    assert suggest("Morbihn") == "Morbihan"
    assert suggest("Lune") is None  # no far-fetched « Landes »
