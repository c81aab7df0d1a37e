"""Loading content/: the model built from the files, and every problem found on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.load import Content, centre_key, load_content
from generator.errors import Problem

CENTRE = """\
    ---
    name: "Centre social d'Empalot"
    department: "Haute-Garonne"
    ---
    """


def action(**fields: str) -> str:
    """A valid action file; ``fields`` (YAML text) replace the defaults in place or are added after them."""
    values = {"title": '"Café des parents"', "centre": "\"Centre social d'Empalot\"", "department": '"Haute-Garonne"'}
    values.update(fields)
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in values.items()) + "---\nCorps.\n"


def messages(problems: list[Problem]) -> list[str]:
    return [p.format().splitlines()[0] for p in problems]


def load(content: Path, **kwargs) -> tuple[Content, list[str]]:
    loaded, problems = load_content(content, **kwargs)
    return loaded, messages(problems)


# --- the fixture site ----------------------------------------------------------------------


def test_fixture_site_loads_without_problems(fixture_site):
    content, problems = load(fixture_site)
    assert problems == []
    assert content.config.title == "Initiatives — site de test"
    assert len(content.actions) == 6  # the draft is left out
    assert [c.slug for c in content.centres] == [
        "centre-social-d-empalot", "centre-social-et-culturel-j-y-cousteau",
        "centre-social-marliot-maupassant", "la-maison-pop"]
    assert [p.slug for p in content.pages] == ["a-propos"]


def test_actions_are_newest_first(fixture_site):
    content, _ = load(fixture_site)
    dates = [a.date for a in content.actions]
    assert dates == sorted(dates, reverse=True)
    assert content.actions[0].slug == "pas-de-retraite-pour-ma-sante"


def test_drafts_are_kept_only_when_asked(fixture_site):
    content, problems = load(fixture_site, drafts=True)
    assert problems == []
    assert content.actions[0].slug == "massage-bebe-portage-en-echarpe"
    assert content.actions[0].draft is True


def test_action_fields_are_typed(fixture_site):
    content, _ = load(fixture_site)
    mos_art = next(a for a in content.actions if a.slug == "mos-art")
    assert mos_art.title == "MOS'ART"
    assert mos_art.status == "terminée"
    assert mos_art.status_reason.startswith("Action finalisée")
    assert mos_art.keywords == ("Logement", "Cadre de vie")
    assert mos_art.partners == ("Bailleur social", "Caf", "Commune", "Fondations")
    assert mos_art.budget == "9300" and mos_art.budget_eur == 9300
    assert mos_art.date == dt.date(2026, 9, 15)
    assert mos_art.draft is False
    assert mos_art.initiative_detail == ""


def test_location_has_path_key_lines_and_body_line(fixture_site):
    content, _ = load(fixture_site)
    mos_art = next(a for a in content.actions if a.slug == "mos-art")
    assert mos_art.location.path == str(fixture_site / "actions" / "mos-art.md")
    assert mos_art.location.line("title") == 2
    assert mos_art.location.line("department") == 4
    assert mos_art.location.line("date") == 21
    assert mos_art.location.body_line == 25
    lines = (fixture_site / "actions" / "mos-art.md").read_text(encoding="utf-8").splitlines()
    assert lines[mos_art.location.body_line - 1] == "## Description de l'expérience"


def test_location_path_stays_relative_when_given_relative(fixture_site, monkeypatch):
    monkeypatch.chdir(fixture_site.parent)
    content, _ = load(Path("content"))
    assert content.actions[0].location.path == "content/actions/pas-de-retraite-pour-ma-sante.md"


def test_body_is_rendered(fixture_site):
    content, _ = load(fixture_site)
    mos_art = next(a for a in content.actions if a.slug == "mos-art")
    assert mos_art.body_html.startswith('<h2 id="description-de-l-experience">Description de l\'expérience</h2>')
    assert "<table>" in mos_art.body_html
    assert content.pages[0].body_html.startswith('<h2 id="le-projet">')
    assert '<a href="mailto:contact@example.org">' in content.pages[0].body_html


def test_centre_fields(fixture_site):
    content, _ = load(fixture_site)
    empalot = content.centres[0]
    assert empalot.name == "Centre social d'Empalot"
    assert empalot.department == "Haute-Garonne"
    assert empalot.latitude == 43.583
    assert empalot.approved_since == 2005
    assert empalot.qpv is True and empalot.federation_member is False
    assert content.centres[3].kind == "espace de vie sociale"
    marliot = content.centres[2]
    assert marliot.latitude is None and marliot.approved_since is None and marliot.email == ""


def test_centre_of_matches_names_loosely(fixture_site):
    content, _ = load(fixture_site)
    centres = {centre_key(c.name) for c in content.centres}
    for item in content.actions:
        assert centre_key(item.centre) in centres, item.slug
    assert centre_key("Centre  social D’EMPALOT ") == centre_key("centre social d'Empalot")
    assert centre_key("Maison Pop") != centre_key("La Maison Pop'")


def test_loading_is_deterministic(fixture_site):
    first, _ = load(fixture_site)
    second, _ = load(fixture_site)
    assert [a.slug for a in first.actions] == [a.slug for a in second.actions]


# --- ordering ----------------------------------------------------------------------------------


def test_same_date_sorts_by_title_then_slug(make_site):
    site = make_site({
        "centres/empalot.md": CENTRE,
        "actions/b.md": action(title='"Zumba"', date="2026-01-01"),
        "actions/a.md": action(title='"Atelier"', date="2026-01-01"),
        "actions/c.md": action(title='"Écriture"', date="2026-01-01"),
        "actions/d.md": action(title='"Sans date"'),
        "actions/e.md": action(title='"Plus récent"', date="2026-02-01"),
    })
    content, problems = load(site)
    assert problems == []
    assert [a.slug for a in content.actions] == ["e", "a", "c", "b", "d"]


# --- values ----------------------------------------------------------------------------------


def test_department_names_are_normalised(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/a.md": action(department='"haute garonne"')})
    content, problems = load(site)
    assert problems == []
    assert content.actions[0].department == "Haute-Garonne"


def test_empty_optional_values_are_fine(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/a.md": action(status='""', keywords="[]", date="", budget_eur="null",
                                             summary="", draft="")})
    content, problems = load(site)
    assert problems == []
    assert content.actions[0].keywords == () and content.actions[0].date is None


@pytest.mark.parametrize("key, value, message", [
    ("keywords", '"Logement"', 'keywords must be a list, e.g. keywords: ["Logement"]'),
    ("partners", '"Caf"', 'partners must be a list, e.g. partners: ["Caf"]'),
    ("keywords", '["Logement", 12]', "keywords: item 2 must be a non-empty text, not the number 12"),
    ("keywords", '["Logement", ""]', "keywords: item 2 must be a non-empty text, not an empty text"),
    ("draft", "oui", 'draft must be true or false, not "oui"'),
    ("budget_eur", '"9 300"', 'budget_eur must be a number, not "9 300"'),
    ("date", '"21/11/2026"', 'date must be a date like 2026-11-21, not "21/11/2026"'),
    ("date", "2026-13-45", 'date must be a date like 2026-11-21, not "2026-13-45"'),
    ("summary", "[a, b]", "summary must be text, not a list (put it in quotes)"),
    ("budget", "9300", "budget must be text, not the number 9300 (put it in quotes)"),
    ("status", '"fini"', 'unknown status "fini" (expected « en cours » or « terminée »)'),
    ("status", '"Terminée"', 'unknown status "Terminée" (did you mean « terminée » ?)'),
])
def test_wrong_values_are_errors_at_their_line(make_site, key, value, message):
    site = make_site({"centres/empalot.md": CENTRE, "actions/a.md": action(**{key: value})})
    content, problems = load(site)
    assert problems == [f"{site}/actions/a.md:5: {message}"]
    assert len(content.actions) == 1  # still loaded: later checks run on it too


def test_date_time_is_a_date(make_site):
    site = make_site({"centres/empalot.md": CENTRE, "actions/a.md": action(date="2026-11-21 10:30:00")})
    content, problems = load(site)
    assert problems == [] and content.actions[0].date == dt.date(2026, 11, 21)


def test_missing_and_empty_required_fields(make_site):
    site = make_site({
        "actions/missing.md": "---\ncentre: \"Centre social d'Empalot\"\n---\n",
        "actions/empty.md": action(title="''"),
        "centres/c.md": "---\nname: \"Centre social d'Empalot\"\ndepartment:\n---\n",
    })
    _, problems = load(site)
    assert problems == [
        f"{site}/actions/empty.md:2: required field 'title' is empty",
        f"{site}/actions/missing.md:1: missing required field 'department'",
        f"{site}/actions/missing.md:1: missing required field 'title'",
        f"{site}/centres/c.md:3: required field 'department' is empty",
    ]


def test_unknown_department_suggests_the_closest(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/a.md": action(department='"Haute-Garone"'),
                      "actions/b.md": action(department='"Lune"')})
    _, problems = load(site)
    assert problems == [
        f'{site}/actions/a.md:4: unknown department "Haute-Garone" (did you mean « Haute-Garonne » ?)',
        f'{site}/actions/b.md:4: unknown department "Lune" '
        "(expected a French department name such as « Nord »)",
    ]


def test_unknown_field_is_a_warning(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/a.md": action(keyword='["Logement"]', couleur="bleu")})
    content, problems = load_content(site)
    assert [p.severity for p in problems] == ["warning", "warning"]
    assert messages(problems) == [
        f"{site}/actions/a.md:5: warning: unknown field 'keyword' (did you mean « keywords » ?)",
        f"{site}/actions/a.md:6: warning: unknown field 'couleur' (not a field of an action; it is ignored)",
    ]


# --- files ---------------------------------------------------------------------------------


def test_invalid_yaml_points_at_the_yaml_line(make_site):
    site = make_site({"actions/a.md": "---\ntitle: x\nsummary: Un café : lieu: ici\n---\n"})
    content, problems = load_content(site)
    assert content.actions == ()
    assert problems[0].format() == (
        f"{site}/actions/a.md:3: invalid YAML: mapping values are not allowed in this context\n"
        "    3 | summary: Un café : lieu: ici")


def test_unclosed_quote_points_at_its_opening_line(make_site):
    site = make_site({"actions/a.md": '---\ntitle: "MOS\'ART\ncentre: x\ndepartment: Nord\n---\n'})
    _, problems = load(site)
    assert problems == [f"{site}/actions/a.md:2: invalid YAML: found unexpected end of stream "
                        "while scanning a quoted scalar"]


def test_bad_files(make_site):
    site = make_site({
        "centres/empalot.md": CENTRE,
        "actions/no-front-matter.md": "# Titre\n",
        "actions/not-closed.md": "---\ntitle: x\n",
        "actions/a-list.md": "---\n- a\n- b\n---\n",
        "actions/duplicate-key.md": action(summary='"Un"'),
        "actions/latin1.md": "",
    })
    (site / "actions" / "latin1.md").write_bytes("---\ntitle: \"Caf\xe9\"\n---\n".encode("latin-1"))
    text = (site / "actions" / "duplicate-key.md").read_text().replace("---\nCorps", 'title: "Deux"\n---\nCorps')
    (site / "actions" / "duplicate-key.md").write_text(text)
    _, problems = load(site)
    assert problems == [
        f"{site}/actions/a-list.md:2: front matter must be 'key: value' lines",
        f"{site}/actions/duplicate-key.md:6: duplicate key 'title' (first set on line 2)",
        f"{site}/actions/latin1.md:2: the file is not UTF-8 text (save it as UTF-8)",
        f"{site}/actions/no-front-matter.md:1: missing front matter: the file must start with a line '---'",
        f"{site}/actions/not-closed.md:1: front matter is not closed (add a line '---' after the last key)",
    ]


def test_windows_line_endings_and_bom(make_site):
    site = make_site({"centres/empalot.md": CENTRE})
    (site / "actions" / "a.md").write_bytes(("\ufeff" + action(keywords="x")).replace("\n", "\r\n").encode())
    content, problems = load(site)
    assert problems == [f'{site}/actions/a.md:5: keywords must be a list, e.g. keywords: ["Logement"]']


def test_file_names_must_be_slugs(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/Café des Parents.md": action(),
                      "actions/cafe-des-parents.md": action()})
    content, problems = load(site)
    assert problems == [
        f"{site}/actions/Café des Parents.md:1: file name is not a valid slug (lower-case letters, digits and '-') "
        "(rename it to cafe-des-parents.md)",
        f"{site}/actions/cafe-des-parents.md:1: duplicate slug 'cafe-des-parents' "
        f"(also the slug of {site}/actions/Café des Parents.md)",
    ]


def test_action_without_centre_file_is_a_warning(make_site):
    site = make_site({"centres/empalot.md": CENTRE,
                      "actions/a.md": action(centre='"centre SOCIAL d’Empalot"'),
                      "actions/b.md": action(centre='"Maison de quartier du Soleil"', department="Loire")})
    _, problems = load_content(site)
    assert messages(problems) == [
        f'{site}/actions/b.md:3: warning: centre "Maison de quartier du Soleil" has no file in {site}/centres/ '
        f"(create {site}/centres/maison-de-quartier-du-soleil.md)"]


def test_two_centres_with_one_name(make_site):
    site = make_site({"centres/a.md": CENTRE, "centres/b.md": CENTRE.replace("Centre social", "CENTRE  SOCIAL")})
    _, problems = load(site)
    assert problems == [f"{site}/centres/b.md:2: centre \"CENTRE  SOCIAL d'Empalot\" is already defined in "
                        f"{site}/centres/a.md:2"]


@pytest.mark.parametrize("slug", ["actions", "centres", "departements", "mots-cles", "partenaires",
                                  "recherche", "page", "feed", "sitemap", "404"])
def test_reserved_page_slugs(make_site, slug):
    site = make_site({f"pages/{slug}.md": "---\ntitle: Page\n---\n"})
    _, problems = load(site)
    assert problems == [f"{site}/pages/{slug}.md:1: slug '{slug}' collides with the site's own /{slug}/ pages "
                        "(rename the file)"]


def test_draft_pages(make_site):
    site = make_site({"pages/a-propos.md": "---\ntitle: À propos\ndraft: true\nmenu: 2\n---\n"})
    assert load(site)[0].pages == ()
    assert load(site, drafts=True)[0].pages[0].menu == 2


def test_site_toml_problems_are_returned(make_site):
    site = make_site({"site.toml": 'title = "x"\npage_size = 0\n'})
    content, problems = load(site)
    assert problems == [f"{site}/site.toml:2: 'page_size' must be a whole number ≥ 1"]
    assert isinstance(content, Content)


def test_missing_content_folder(tmp_path):
    content, problems = load(tmp_path / "nowhere")
    assert problems == [f"{tmp_path}/nowhere: content folder not found"]
    assert content.actions == ()


def test_every_problem_of_every_file_in_one_run(make_site):
    site = make_site({"actions/a.md": action(keywords='"x"', draft="oui", department='"Nrod"')})
    _, problems = load(site)
    assert len(problems) == 4  # department, keywords, draft, and the missing centre file


def test_draft_without_centre_is_kept_with_a_warning(make_site):
    content_dir = make_site({"actions/sans-titre.md": """\
        ---
        title: "Sans titre"
        centre: ""
        department: ""
        draft: true
        ---
        Texte importé d'une fiche incomplète.
        """})
    content, problems = load_content(content_dir, drafts=True)
    assert [a.slug for a in content.actions] == ["sans-titre"]
    assert [(p.severity, p.line, p.message) for p in problems] == [
        ("warning", 3, "required field 'centre' is empty"),
        ("warning", 4, "required field 'department' is empty"),
    ]
    assert problems[0].hint == "allowed in a draft; fill it in before publishing"


def test_centre_values_of_the_wrong_shape_are_errors_at_their_line(make_site):
    """The shapes the web editor enforces (SIRET, postcode, e-mail, web address, coordinates) are check's too."""
    site = make_site({"centres/empalot.md": """\
        ---
        name: "Centre social d'Empalot"
        department: "Haute-Garonne"
        siret: "123 456"
        postcode: "3140"
        email: "accueil(at)empalot.fr"
        website: "www.empalot.fr"
        latitude: 4.1
        longitude: 43.6
        ---
        """})
    content, problems = load(site)
    path = site / "centres" / "empalot.md"
    assert problems == [
        f'{path}:4: siret must be 14 digits, no spaces, not "123 456"',
        f'{path}:5: postcode must be 5 digits, not "3140"',
        f'{path}:6: email must be an e-mail address such as accueil@centre.fr, not "accueil(at)empalot.fr"',
        f'{path}:7: website must be a web address starting with https://, not "www.empalot.fr"',
        f"{path}:8: coordinates 4.1, 43.6 are not in France (latitude first, about 43 to 51 in metropolitan "
        "France, then longitude)",
    ]
    assert content.centres[0].latitude is None and content.centres[0].siret == ""


def test_a_latitude_without_longitude_is_an_error(make_site):
    site = make_site({"centres/empalot.md": CENTRE.replace('    department: "Haute-Garonne"\n',
                                                           '    department: "Haute-Garonne"\n    latitude: 43.58\n')})
    _, problems = load(site)
    assert problems == [f"{site}/centres/empalot.md:4: latitude and longitude go together (give both, or neither)"]


def test_the_vocabulary_s_labels_come_with_the_settings(make_site):
    site = make_site({"vocabulary.yaml": 'keywords:\n  - label: "Logement"\n    aliases: ["logements"]\n'})
    content, problems = load(site)
    assert problems == [] and content.config.labels("keywords") == ("Logement",)
    assert content.config.labels("partners") == ()
    (site / "vocabulary.yaml").write_text("keywords: [\n", encoding="utf-8")
    _, problems = load(site)
    assert len(problems) == 1 and problems[0].startswith(f"{site}/vocabulary.yaml:") and "invalid YAML" in problems[0]
