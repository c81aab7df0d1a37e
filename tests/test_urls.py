"""Slugs, URLs and output paths."""

from __future__ import annotations

from generator import urls


def test_slugs_fold_accents_and_drop_punctuation():
    assert urls.slugify("Démocratie & citoyenneté") == "democratie-citoyennete"
    assert urls.slugify("MOS'ART") == "mos-art"
    assert urls.slugify("Éducation / scolarité") == "education-scolarite"
    assert urls.slugify("Relais Culture du Cœur") == "relais-culture-du-coeur"
    assert urls.slugify("La Maison Pop’") == "la-maison-pop"
    assert urls.slugify("  Café   des parents  ") == "cafe-des-parents"
    assert urls.slugify("!!!") == ""


def test_urls():
    assert urls.home_url() == "/"
    assert urls.action_url("mos-art") == "/actions/mos-art/"
    assert urls.centres_url() == "/centres/"
    assert urls.centre_url("la-maison-pop") == "/centres/la-maison-pop/"
    assert urls.department_slug("31", "Haute-Garonne") == "31-haute-garonne"
    assert urls.department_slug("2A", "Corse-du-Sud") == "2a-corse-du-sud"
    assert urls.term_url("mots-cles", "logement") == "/mots-cles/logement/"
    assert urls.taxonomy_url("partenaires") == "/partenaires/"
    assert urls.page_url("a-propos") == "/a-propos/"
    assert urls.search_url() == "/recherche/"


def test_pagination_and_output_paths():
    assert urls.paginated_url("/", 1) == "/"
    assert urls.paginated_url("/", 2) == "/page/2/"
    assert urls.paginated_url("/mots-cles/logement/", 3) == "/mots-cles/logement/page/3/"
    assert urls.output_path("/") == "index.html"
    assert urls.output_path("/actions/mos-art/") == "actions/mos-art/index.html"
    assert urls.output_path("/feed.xml") == "feed.xml"


def test_absolute_urls():
    assert urls.absolute_url("https://example.org", "/a/") == "https://example.org/a/"
    assert urls.absolute_url("https://example.org/sub/", "/a/") == "https://example.org/sub/a/"


def test_a_file_slug_is_cut_at_a_word_far_below_the_file_systems_limit():
    from generator.urls import FILE_SLUG_LENGTH, file_slug

    long = file_slug("Un très long paragraphe. " * 400)
    assert len(long) <= FILE_SLUG_LENGTH and long.startswith("un-tres-long-paragraphe-") and not long.endswith("-")
    assert file_slug("MOS'ART") == "mos-art"
