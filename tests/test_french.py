"""French formatting: dates, counts, amounts, order and typography, with no locale."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.french import format_date, format_euros, format_number, plural, sort_key, typeset


@pytest.mark.parametrize("date, text", [
    (dt.date(2026, 11, 21), "21 novembre 2026"),
    (dt.date(2026, 3, 1), "1er mars 2026"),
    (dt.date(2026, 8, 15), "15 août 2026"),
    (dt.date(2026, 2, 2), "2 février 2026"),
])
def test_dates_are_written_the_french_way(date, text):
    assert format_date(date) == text


def test_french_plural_uses_the_singular_below_two():
    assert plural(0, "action") == "0 action"
    assert plural(1, "action") == "1 action"
    assert plural(2, "action") == "2 actions"
    assert plural(12345, "centre") == "12\u202f345 centres"


def test_amounts_use_narrow_spaces_and_a_decimal_comma():
    assert format_number(9300) == "9\u202f300"
    assert format_euros(9300) == "9\u202f300\u00a0€"
    assert format_euros(8775.5) == "8\u202f775,50\u00a0€"


def test_sort_order_ignores_accents_and_case():
    words = ["Famille", "éducation / scolarité", "Culture", "Éducation Nationale", "alphabétisation"]
    assert sorted(words, key=sort_key) == [
        "alphabétisation", "Culture", "éducation / scolarité", "Éducation Nationale", "Famille"]


def test_typeset_adds_no_break_spaces_and_curly_apostrophes():
    assert typeset("Qui est à l'initiative ?") == "Qui est à l\u2019initiative\u00a0?"
    assert typeset("Statut : en cours") == "Statut\u00a0: en cours"
