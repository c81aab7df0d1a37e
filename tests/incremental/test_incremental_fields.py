"""Every field, every path: an edit of any field of the field table leaves no stale page.

For each field of the action, centre and page tables (enumerated from ``fields.py``, so that a
field added later is covered without touching this file) and for each body, the shipped content
is edited and the incremental build — from the command line with its cache on disk, and in
memory as under ``serve`` — must equal a cold build byte for byte. A test-only aggregate page
that sums a field no other page shows proves that aggregates are invalidated too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from generator import pages
from generator.build import build
from generator.content.fields import ACTION_FIELDS, CENTRE_FIELDS, CENTRE_FIELDS_BY_NAME, PAGE_FIELDS, Field
from generator.incremental import BuildCache, Memory
from generator.pages import Aggregate
from generator.pages.route import Route, given
from generator.site.listing import Projection

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content"
THEME = ROOT / "themes" / "default"

EDITED = {  # the shipped files whose fields are edited: an action with a centre file, its centre, a page
    "action": "actions/mos-art.md",
    "centre": "centres/centre-social-et-culturel-j-y-cousteau.md",
    "page": "pages/a-propos.md",
}
OTHER_CENTRE = "Centre social d'Empalot"  # an existing centre an action may move to
# Edits of these fields change no page of the shipped content; the comparison still runs for them.
CHANGES_NO_PAGE = {
    ("action", "source"): "where the sheet was imported from: for staff, shown nowhere",
    ("page", "menu"): "the only page in the menu stays the only one",
}


def _budgets_page(site) -> list[Route]:
    """A page that sums ``budget_eur``, a field shown nowhere but on each action's own page."""
    total = sum(budget for budget in site.records["test-budgets"] if budget is not None)
    return [Route("/test-budgets/", "test-budgets.html", given({"total": total}))]


BUDGETS = Aggregate(reads=Projection("test-budgets", lambda action: action.budget_eur), routes=_budgets_page)


CALAIS = {"latitude": 50.948, "longitude": 1.856}  # a place in France, for a centre without coordinates
VALID = {field.format.pattern: values for field, values in (  # two values of each shape check accepts
    (CENTRE_FIELDS_BY_NAME["siret"], ("73282932000074", "12345678900011")),
    (CENTRE_FIELDS_BY_NAME["postcode"], ("62100", "62200")),
    (CENTRE_FIELDS_BY_NAME["email"], ("accueil@exemple.fr", "contact@exemple.org")),
    (CENTRE_FIELDS_BY_NAME["website"], ("https://www.exemple.fr", "https://exemple.org/centre")),
)}
assert all(f.format.pattern in VALID for f in (*ACTION_FIELDS, *CENTRE_FIELDS, *PAGE_FIELDS) if f.format)


def _another_value(field: Field, current: object) -> object:
    """A valid value other than ``current`` for a field, as YAML would read it."""
    if field.choices:  # an empty value stands for the first choice
        return field.choices[-1] if current != field.choices[-1] else field.choices[0]
    if field.name == "department":
        return "Gironde" if current != "Gironde" else "Nord"
    if field.name == "centre":
        return OTHER_CENTRE
    if field.format is not None:  # a text of a given shape: another one of that shape
        return next(value for value in VALID[field.format.pattern] if value != current)
    if field.kind == "text":
        return f"{current or 'Valeur'} modifiée"
    if field.kind == "list":
        return [*(current or []), "Valeur ajoutée"]
    if field.kind == "bool":
        return not current
    if field.kind == "int":
        return (current or 2000) + 1
    if field.name in CALAIS:  # coordinates move a little, staying in France
        return round((current or CALAIS[field.name]) + 0.01, 6)
    if field.kind == "number":
        return (current or 40) + 1.5
    if field.kind == "date":
        return dt.date(2019, 5, 4)
    raise AssertionError(field.kind)


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _front_matter_value(text: str, name: str) -> object:
    import yaml

    return yaml.safe_load(text.split("---\n")[1]).get(name)


def _edit_field(path: Path, field: Field) -> None:
    text = _set(path.read_text(encoding="utf-8"), field.name, _another_value(field, _front_matter_value(
        path.read_text(encoding="utf-8"), field.name)))
    if field.name in CALAIS:  # coordinates go in pairs: a centre without any gets both
        partner = next(name for name in CALAIS if name != field.name)
        if _front_matter_value(text, partner) is None:
            text = _set(text, partner, CALAIS[partner])
    _save(path, text)


def _set(text: str, name: str, value: object) -> str:
    line = f"{name}: {_yaml(value)}"
    if re.search(rf"^{name}:.*$", text, flags=re.M):
        return re.sub(rf"^{name}:.*$", lambda _: line, text, count=1, flags=re.M)
    return text.replace("---\n", f"---\n{line}\n", 1)


_clock = [1_600_000_000]


def _save(path: Path, text: str) -> None:
    """Write as an editor would, with a distinct mtime old enough for the cache to trust its stat."""
    path.write_text(text, encoding="utf-8")
    _clock[0] += 10
    os.utime(path, (_clock[0], _clock[0]))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edits() -> list:
    cases = [pytest.param(kind, field, id=f"{kind}-{field.name}")
             for kind, fields in (("action", ACTION_FIELDS), ("centre", CENTRE_FIELDS), ("page", PAGE_FIELDS))
             for field in fields]
    return cases + [pytest.param(kind, None, id=f"{kind}-body") for kind in EDITED]


@pytest.fixture
def site(tmp_path: Path, monkeypatch):
    """The shipped content and theme, copied, with the test-only aggregate page among the page kinds."""
    monkeypatch.setattr(pages, "AGGREGATES", (*pages.AGGREGATES, BUDGETS))
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(SHIPPED, content)
    shutil.copytree(THEME, theme)
    (theme / "templates" / "test-budgets.html").write_text("Total : {{ total }}\n", encoding="utf-8")
    for path in sorted([*content.rglob("*"), *theme.rglob("*")]):
        _clock[0] += 1
        os.utime(path, (_clock[0], _clock[0]))
    return content, theme


@pytest.mark.parametrize("kind, field", _edits())
def test_an_edit_of_any_field_gives_the_cold_builds_site(site, tmp_path, kind, field):
    """Pages are built with search on (the search page lists every filter value with its count)."""
    path = site[0] / EDITED[kind]

    def edit() -> None:
        if field is None:
            _save(path, path.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n")
        else:
            _edit_field(path, field)

    _assert_incremental_is_cold(site, tmp_path, path, edit, f"{kind} {field}",
                                changes_pages=(kind, field and field.name) not in CHANGES_NO_PAGE)


def test_the_body_of_an_action_without_summary_is_its_cards_text(site, tmp_path):
    """Without a summary, cards and feeds show the first sentences of the text: a body edit reaches them."""
    path = site[0] / EDITED["action"]
    _save(path, re.sub(r"^summary:.*$", 'summary: ""', path.read_text(encoding="utf-8"), count=1, flags=re.M))
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.split("---\n", 2)[2].splitlines() if line and not line.startswith("#"))
    _assert_incremental_is_cold(site, tmp_path, path, lambda: _save(path, text.replace(first, "Un autre début.", 1)),
                                "action body without summary", changes_pages=True)


def _assert_incremental_is_cold(site, tmp_path: Path, path: Path, edit, what: str, *, changes_pages: bool) -> None:
    """Build, ``edit()`` the file ``path``, build again from the cache and in memory (told that ``path``
    changed, as serve's watcher tells it): both equal a cold build of the edit."""
    content, theme = site
    on_disk, cache = tmp_path / "out", tmp_path / "cache"
    build(content, on_disk, theme, cache=cache)
    in_memory = tmp_path / "serve"
    memory, kept = BuildCache.open(None, in_memory), Memory()
    build(content, in_memory, theme, cache=memory, memory=kept)  # as serve: the index is left to the caller
    before = _pages(on_disk)
    assert b"Total : " in before["test-budgets/index.html"]

    edit()
    build(content, on_disk, theme, cache=cache)
    build(content, in_memory, theme, cache=memory, memory=kept, changed=[path.absolute()])
    cold = tmp_path / "cold"
    build(content, cold, theme, memory=Memory())  # every page as a cold build renders it, without indexing
    expected = _pages(cold)
    if changes_pages:
        assert expected != before, "the edit changed no page: it tests nothing"
    for name, folder in (("command line", on_disk), ("serve", in_memory)):
        got = _pages(folder)
        stale = sorted(p for p in expected.keys() | got.keys() if expected.get(p) != got.get(p))
        assert not stale, f"{name}: {len(stale)} pages differ from a cold build after editing {what}: {stale}"


def _pages(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but its search index."""
    return {path: data for path, data in _tree(folder).items() if not path.startswith("pagefind/")}
