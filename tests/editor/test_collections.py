"""The web editor's configuration follows the field table: every field, its widget, its checks."""

from __future__ import annotations

import json
import subprocess
import typing
from pathlib import Path

import pytest
import yaml

from generator.content import departments
from generator.content.config import SITE_FIELDS, TAXONOMY_FIELDS, load_config
from generator.content.fields import ACTION_FIELDS, CENTRE_FIELDS, PAGE_FIELDS, Field, Kind
from generator.content.load import load_content
from generator.content.scaffold import ACTION_SECTIONS
from generator.content.vocabulary import load_vocabulary
from generator.editor import collections, editor_config, editor_yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
# The widget each kind of field gets when nothing more specific applies.
KIND_WIDGETS = {"text": {"string", "text"}, "list": {"list"}, "bool": {"boolean"}, "int": {"number"},
                "number": {"number"}, "date": {"datetime"}}


@pytest.fixture(scope="module")
def settings():
    content, _ = load_content(CONTENT)
    return editor_config(content.config, content_path="content", repository="federation/initiatives")


def _collection(settings, name):
    return next(c for c in settings["collections"] if c["name"] == name)


@pytest.mark.parametrize("name, fields, folder", [("actions", ACTION_FIELDS, "content/actions"),
                                                  ("centres", CENTRE_FIELDS, "content/centres"),
                                                  ("pages", PAGE_FIELDS, "content/pages")])
def test_every_field_of_the_table_is_in_the_editor_in_order_with_its_label(settings, name, fields, folder):
    collection = _collection(settings, name)
    assert collection["folder"] == folder and collection["format"] == "yaml-frontmatter"
    assert [f["name"] for f in collection["fields"]] == [f.name for f in fields] + ["body"]
    for field, widget in zip(fields, collection["fields"]):
        assert widget["label"] == field.label and widget["required"] == (field.required and not field.generated)
        if field.generated:
            assert widget["widget"] == "hidden"  # kept in the file, out of sight
        elif field.values or field.choices:
            assert widget["widget"] in {"select", "relation", "vocabulary"}
        else:
            assert widget["widget"] in KIND_WIDGETS[field.kind], field.name


def test_every_kind_of_field_has_a_widget_and_a_new_kind_stops_the_build():
    """A field added to the table gets its widget from its kind; a kind without one is an error, not a gap."""
    config = load_config(CONTENT / "site.toml")
    for kind in typing.get_args(Kind):
        assert collections.widget(Field("new_field", kind, "Nouveau"), config)["widget"] in KIND_WIDGETS[kind]
    with pytest.raises(ValueError, match="no editor widget for the 'colour' field 'shade'"):
        collections.widget(Field("shade", "colour", "Teinte"), config)  # type: ignore[arg-type]


def test_a_field_added_to_the_table_appears_in_the_editor(monkeypatch):
    added = Field("website", "text", "Site de l’action")
    monkeypatch.setattr(collections, "ACTION_FIELDS", (*ACTION_FIELDS, added))
    settings = editor_config(load_config(CONTENT / "site.toml"), content_path="content")
    widget = _collection(settings, "actions")["fields"][-2]
    assert widget == {"name": "website", "label": "Site de l’action", "required": False, "widget": "string"}


def test_widgets_fit_the_data(settings):
    actions = {f["name"]: f for f in _collection(settings, "actions")["fields"]}
    centres = {f["name"]: f for f in _collection(settings, "centres")["fields"]}
    names = [d.name for d in departments.all_departments()]
    assert len(names) == 101
    assert actions["department"]["options"] == names and centres["department"]["options"] == names
    assert actions["status"] == {"name": "status", "label": "Statut de l'action", "required": False,
                                 "widget": "select", "options": ["en cours", "terminée"]}
    assert centres["kind"]["options"] == ["centre social", "espace de vie sociale"]
    assert actions["centre"]["widget"] == "relation" and actions["centre"]["collection"] == "centres"
    assert actions["centre"]["value_field"] == "name"
    vocabulary = load_vocabulary(CONTENT / "vocabulary.yaml")
    for name in ("keywords", "partners", "public"):
        assert actions[name]["widget"] == "vocabulary"
        assert actions[name]["options"] == list(vocabulary.labels[name]) and actions[name]["options"]
    assert actions["date"]["widget"] == "datetime" and actions["date"]["format"] == "YYYY-MM-DD"
    assert actions["draft"] == {"name": "draft", "label": "Brouillon", "required": False, "widget": "boolean",
                                "default": False}
    assert actions["budget_eur"]["value_type"] == "float" and centres["approved_since"]["value_type"] == "int"
    assert actions["summary"]["widget"] == "text" and actions["title"]["widget"] == "string"
    assert actions["source"]["widget"] == "hidden"
    body = _collection(settings, "actions")["fields"][-1]
    assert body["widget"] == "markdown" and body["default"] == "\n\n".join(ACTION_SECTIONS) + "\n"


def test_site_settings_are_a_file_collection_of_site_toml(settings):
    files = _collection(settings, "reglages")["files"]
    assert [f["file"] for f in files] == ["content/site.toml"] and files[0]["format"] == "toml"
    fields = files[0]["fields"]
    assert [f["name"] for f in fields] == [f.name for f in SITE_FIELDS] + ["taxonomies"]
    assert [f["name"] for f in fields[-1]["fields"]] == [f.name for f in TAXONOMY_FIELDS]


def test_every_edit_is_a_pull_request_in_french(settings):
    assert settings["backend"] == {"name": "github", "repo": "federation/initiatives", "branch": "main",
                                   "commit_messages": collections.COMMIT_MESSAGES}
    assert settings["publish_mode"] == "editorial_workflow" and settings["locale"] == "fr"
    assert settings["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def test_site_toml_names_the_repository_before_netlify_does(tmp_path):
    site = (CONTENT / "site.toml").read_text(encoding="utf-8") + '\n[editor]\nrepo = "fcsf/initiatives"\nbranch = "prod"\n'
    (tmp_path / "site.toml").write_text(site, encoding="utf-8")
    settings = editor_config(load_config(tmp_path / "site.toml"), content_path="site", repository="other/repo")
    assert settings["backend"]["repo"] == "fcsf/initiatives" and settings["backend"]["branch"] == "prod"
    assert _collection(settings, "actions")["folder"] == "site/actions"


def test_the_yaml_reads_back_as_the_settings(settings):
    text = editor_yaml(settings)
    assert text.startswith("# Web editor (Decap CMS) configuration")
    assert yaml.safe_load(text) == settings


# Values each format must accept and refuse, in Python (check) and in JavaScript (Decap's `pattern`).
SAMPLES = {
    "siret": (["12345678900011"], ["1234567890001", "123 456 789 00011", "1234567890001A"]),
    "postcode": (["62100", "01000"], ["6210", "621000", "62 100", "2A100"]),
    "email": (["accueil@cousteau.example.org", "a.b@c.fr"], ["accueil", "a@b", "a b@c.fr", "@c.fr"]),
    "website": (["https://www.exemple.fr", "http://a.b/c?d"], ["www.exemple.fr", "https://exemple", "ftp://a.b"]),
}


def test_the_editor_refuses_what_check_refuses_for_every_format():
    centres = {f.name: f for f in CENTRE_FIELDS}
    settings = editor_config(load_config(CONTENT / "site.toml"), content_path="content")
    widgets = {f["name"]: f for f in _collection(settings, "centres")["fields"]}
    cases = [(name, value) for name, (good, bad) in SAMPLES.items() for value in good + bad]
    script = ("const cases = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(cases.map(([pattern, value]) => new RegExp(pattern).test(value))));")
    found = json.loads(subprocess.run(
        ["node", "-e", script, json.dumps([[widgets[name]["pattern"][0], value] for name, value in cases])],
        capture_output=True, text=True, check=True).stdout)
    for (name, value), in_browser in zip(cases, found):
        in_check = centres[name].parse(value)[1] == ""
        assert in_browser == in_check == (value in SAMPLES[name][0]), (name, value)
    assert widgets["siret"]["pattern"][1] == "14 chiffres, sans espace"


def test_numbers_have_the_bounds_check_holds_them_to():
    settings = editor_config(load_config(CONTENT / "site.toml"), content_path="content")
    widgets = {f["name"]: f for f in _collection(settings, "centres")["fields"]}
    for name in ("latitude", "longitude", "approved_since"):
        field = next(f for f in CENTRE_FIELDS if f.name == name)
        assert (widgets[name]["min"], widgets[name]["max"]) == field.bounds
        assert field.parse(field.bounds[1] + 1)[1] and not field.parse(field.bounds[1])[1]
