"""content/site.toml: settings, taxonomies, and errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.config import DEPARTMENTS, SiteConfig, load_config
from generator.errors import ContentError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_config(path)
    return [p.format() for p in caught.value.problems]


def test_the_real_site_toml():
    config = load_config(REPO / "content" / "site.toml")
    assert config.title == "Initiatives des centres sociaux"
    assert config.language == "fr"
    assert [t.name for t in config.taxonomies] == ["departments", "keywords", "partners"]
    by_field = {t.field: t for t in config.taxonomies}
    assert by_field["keywords"].prefix == "mots-cles"
    assert by_field["partners"].singular == "Partenaire"


def test_fixture_site_toml():
    config = load_config(REPO / "tests" / "fixtures" / "site" / "site.toml")
    assert config.title == "Initiatives — site de test"
    assert config.page_size == 4


def test_defaults(tmp_path):
    config = load_config(write(tmp_path, 'title = "T"\n'))
    assert config == SiteConfig(title="T")
    assert config.page_size == 12 and config.taxonomies == (DEPARTMENTS,)


_TAXONOMY = '\n[[taxonomies]]\nname = "{name}"\nfield = "{field}"\nprefix = "{prefix}"\ntitle = "T"\nsingular = "S"\n'
_KEYWORDS = _TAXONOMY.format(name="keywords", field="keywords", prefix="mots-cles")


def test_departments_are_built_in_when_site_toml_leaves_them_out(tmp_path):
    config = load_config(write(tmp_path, 'title = "T"\n' + _KEYWORDS))
    assert [t.field for t in config.taxonomies] == ["department", "keywords"]
    assert config.departments == DEPARTMENTS


def test_departments_are_found_by_field_whatever_their_name(tmp_path):
    renamed = _TAXONOMY.format(name="territoires", field="department", prefix="departements")
    config = load_config(write(tmp_path, 'title = "T"\n' + _KEYWORDS + renamed))
    assert config.departments.name == "territoires"
    assert [t.field for t in config.taxonomies] == ["keywords", "department"]


def test_a_second_department_taxonomy_is_an_error_at_its_line(tmp_path):
    first = _TAXONOMY.format(name="departments", field="department", prefix="departements")
    second = _TAXONOMY.format(name="territoires", field="department", prefix="territoires")
    path = write(tmp_path, 'title = "T"\n' + first + second)
    assert problems_of(path) == [
        f"{path}:10: taxonomy #2 has the same field 'department' as taxonomy #1 "
        '(departments are built in: keep one table with field = "department")']


def test_two_taxonomies_with_one_prefix_are_an_error(tmp_path):
    other = _TAXONOMY.format(name="partners", field="partners", prefix="mots-cles")
    path = write(tmp_path, 'title = "T"\n' + _KEYWORDS + other)
    assert problems_of(path) == [
        f"{path}:10: taxonomy #2 has the same prefix 'mots-cles' as taxonomy #1 (each taxonomy needs its own)"]


def test_missing_file(tmp_path):
    assert problems_of(tmp_path / "site.toml") == [
        f"{tmp_path}/site.toml: site configuration not found (expected content/site.toml)"]


def test_invalid_toml_has_its_line(tmp_path):
    (problem,) = problems_of(write(tmp_path, 'title = "T"\npage_size = = 3\n'))
    assert problem.startswith(f"{tmp_path}/site.toml:2: invalid TOML:")


def test_every_problem_at_once(tmp_path):
    path = write(tmp_path, 'colour = "red"\npage_size = 0\nfeed_size = "20"\n')
    assert problems_of(path) == [
        f"{path}:1: missing 'title' (the site's name, a string)",
        f"{path}:1: unknown setting 'colour' (expected one of base_url, description, editor, feed_size, language, "
        "licence, licence_url, page_size, similar_count, taxonomies, title)",
        f"{path}:2: 'page_size' must be a whole number ≥ 1",
        f"{path}:3: 'feed_size' must be a whole number ≥ 1",
    ]


def test_taxonomy_problems(tmp_path):
    path = write(tmp_path, 'title = "T"\n\n[[taxonomies]]\nname = "a"\n\n[[taxonomies]]\nname = "b"\n'
                           'field = "colour"\nprefix = "b"\ntitle = "B"\nsingular = "B"\n')
    assert problems_of(path) == [
        f"{path}:3: taxonomy #1: missing ['field', 'prefix', 'singular', 'title'] / unknown [] "
        "(each [[taxonomies]] needs field, name, prefix, singular, title)",
        f"{path}:6: taxonomy 'b': actions have no field 'colour'",
    ]


def test_wrong_types(tmp_path):
    path = write(tmp_path, 'title = "T"\npage_size = true\nbase_url = 3\n')
    assert problems_of(path) == [
        f"{path}:2: 'page_size' must be a whole number ≥ 1",
        f"{path}:3: 'base_url' must be a text in quotes",
    ]


def test_the_editor_table_names_a_repository_and_a_branch(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text('title = "Site"\n\n[editor]\nrepo = "federation/initiatives"\nbranch = "prod"\n', encoding="utf-8")
    editor = load_config(path).editor
    assert (editor.repo, editor.branch) == ("federation/initiatives", "prod")
    path.write_text('title = "Site"\n\n[editor]\nrepo = "initiatives"\nbranche = "main"\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_config(path)
    assert [p.format() for p in raised.value.problems] == [
        f'{path}:4: [editor] repo must be owner/name, not "initiatives"',
        f"{path}:5: unknown setting 'branche' in [editor] (expected repo or branch)",
    ]
    path.write_text('title = "Site"\n', encoding="utf-8")
    assert (load_config(path).editor.repo, load_config(path).editor.branch) == ("", "main")
