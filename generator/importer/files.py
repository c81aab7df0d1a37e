"""The two files the import writes: an action, and a stub for each new centre."""

from __future__ import annotations

import datetime as dt

from ..content.fields import ACTION_FIELDS, CENTRE_FIELDS
from ..content.frontmatter import front_matter
from .convert import ImportedAction


def render_action(action: ImportedAction, date: dt.date) -> str:
    """The whole action file."""
    values = {**action.fields, "date": date}
    return front_matter(ACTION_FIELDS, values, omit_empty=("budget_eur",)) + action.body


def render_centre_stub(name: str, department: str) -> str:
    """A centre file with every key, name and department filled, the others for staff to complete."""
    values = {field.name: field.empty() for field in CENTRE_FIELDS}
    values.update(name=name, department=department)
    return front_matter(CENTRE_FIELDS, values)
