"""The field table and the model's dataclasses describe the same fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from generator.content import model
from generator.content.fields import (
    ACTION_FIELDS,
    ACTION_FIELDS_BY_NAME,
    ACTION_STATUSES,
    CENTRE_FIELDS,
    CENTRE_KINDS,
    PAGE_FIELDS,
)

# Dataclass fields that are not front-matter keys.
NOT_FRONT_MATTER = {"slug", "location", "body", "body_html"}

PYTHON_TYPES = {"text": {str}, "list": {tuple[str, ...]}, "bool": {bool, bool | None}, "int": {int | None},
                "number": {float | None}, "date": {dt.date | None}}


@pytest.mark.parametrize("cls, table", [(model.Action, ACTION_FIELDS), (model.Centre, CENTRE_FIELDS),
                                        (model.Page, PAGE_FIELDS)])
def test_table_and_dataclass_have_the_same_fields_in_order(cls, table):
    names = [f.name for f in dataclasses.fields(cls) if f.name not in NOT_FRONT_MATTER]
    assert names == [f.name for f in table]


@pytest.mark.parametrize("cls, table", [(model.Action, ACTION_FIELDS), (model.Centre, CENTRE_FIELDS),
                                        (model.Page, PAGE_FIELDS)])
def test_dataclass_types_match_the_field_kinds(cls, table):
    hints = typing.get_type_hints(cls)
    for field in table:
        assert hints[field.name] in PYTHON_TYPES[field.kind], field.name


@pytest.mark.parametrize("cls, table", [(model.Action, ACTION_FIELDS), (model.Centre, CENTRE_FIELDS),
                                        (model.Page, PAGE_FIELDS)])
def test_required_fields_have_no_default_and_optional_ones_do(cls, table):
    defaults = {f.name: f.default is not dataclasses.MISSING for f in dataclasses.fields(cls)}
    for field in table:
        assert defaults[field.name] is not field.required, field.name


def test_labels_are_french_and_unique():
    for table in (ACTION_FIELDS, CENTRE_FIELDS, PAGE_FIELDS):
        labels = [f.label for f in table]
        assert len(set(labels)) == len(labels)
        assert all(label and label[0].isupper() for label in labels)


def test_every_action_field_has_a_comment_for_the_scaffold():
    assert all(f.comment for f in ACTION_FIELDS)


def test_choices():
    assert ACTION_FIELDS_BY_NAME["status"].choices == ACTION_STATUSES == ("en cours", "terminée")
    assert CENTRE_KINDS == ("centre social", "espace de vie sociale")
    assert model.Centre.__dataclass_fields__["kind"].default in CENTRE_KINDS
