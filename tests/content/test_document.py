"""The front matter's shortcut for plain strings constructs what PyYAML's safe constructor does."""

from __future__ import annotations

from generator.content.document import _construct, _Loader

FRONT_MATTER = """\
title: L'atelier « Mosaïque »
quoted: "2026-01-05"
date: 2026-01-05
bad_date: 2026-13-45
number: 12
flag: oui
yes: yes
empty:
keywords: [jardin, "potager", 'compost']
mixed: [jardin, 3, 2026-01-05, ~]
nested: [[a, b], c]
mapping: {a: b}
block: |
  deux
  lignes
tagged: !!str 12
anchored: &liste [un, deux]
aliased: *liste
"""


def _values(construct) -> dict[str, object]:
    loader = _Loader(FRONT_MATTER)
    try:
        values = {}
        for key_node, value_node in loader.get_single_node().value:
            try:
                values[key_node.value] = construct(loader, value_node)
            except ValueError:
                values[key_node.value] = ValueError
        return values
    finally:
        loader.dispose()


def test_every_value_is_constructed_as_the_safe_loader_constructs_it():
    expected = _values(lambda loader, node: loader.construct_object(node, deep=True))
    got = _values(_construct)
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
    assert got["keywords"] == ["jardin", "potager", "compost"] and got["bad_date"] is ValueError
    assert got["aliased"] == ["un", "deux"] and got["tagged"] == "12"
