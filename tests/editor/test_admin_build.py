"""/admin/ in the built site: Decap's own files from node_modules, its configuration kept current, and a
site built without them when they are not installed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import build as build_module
from generator.build import build
from generator.commands.cli import main
from generator.deploy import Deploy, github_repository
from generator.editor import bundle, find_bundle
from generator.incremental import BuildCache, Memory

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "default"
DIST = ROOT / "node_modules" / "decap-cms" / "dist"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("admin") / "build"
    build(ROOT / "content", out, THEME, search_index=False)
    return out


def test_the_editor_is_served_from_the_site_at_the_pinned_version(built):
    import json

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["decap-cms"]
    installed = find_bundle(ROOT / "content")
    assert installed is not None and installed.version == pinned  # npm ci installed what package.json pins
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["version"] == pinned
    assert (built / "admin" / "decap-cms.js").read_bytes() == (DIST / "decap-cms.js").read_bytes()
    chunks = sorted(p.name for p in DIST.glob("[0-9]*.decap-cms.js"))
    assert chunks and all((built / "admin" / name).read_bytes() == (DIST / name).read_bytes() for name in chunks)
    assert not list((built / "admin").glob("*.map")) and not list((built / "admin").glob("[0-9]*.cms.js"))


def test_the_admin_page_is_french_never_indexed_nor_listed(built):
    page = (built / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and '<meta name="robots" content="noindex, nofollow">' in page
    assert '<script src="/admin/decap-cms.js"></script>' in page and "/assets/editor." in page
    assert "data-pagefind-body" not in page  # not in the search index
    assert "/admin/" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "Disallow: /admin/" in (built / "robots.txt").read_text(encoding="utf-8")
    settings = yaml.safe_load((built / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert settings["locale"] == "fr" and settings["publish_mode"] == "editorial_workflow"
    assert set(settings["backend"]) == {"name", "repo", "branch", "commit_messages"}  # no secret of any kind


# GitHub tokens (classic and fine-grained) and an OAuth client secret written as a value.
SECRET = re.compile(r"ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,}|client_secret\s*[:=]\s*['\"][^'\"]+")


def test_no_credential_in_the_repository_nor_in_the_built_site(built):
    """Staff sign in through Netlify's OAuth provider: no token or secret is ever in git or the output."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    files = [ROOT / name for name in tracked.split("\0") if name] + [p for p in built.rglob("*") if p.is_file()]
    found = [str(path) for path in files if path.is_file() and SECRET.search(path.read_bytes().decode("utf-8", "ignore"))]
    assert found == []
    assert SECRET.search("token: ghp_" + "a" * 36) and SECRET.search("client_" + 'secret: "abc"')  # the pattern bites


def test_netlify_names_the_repository_the_editor_saves_to(tmp_path):
    assert github_repository("https://github.com/fcsf/initiatives") == "fcsf/initiatives"
    assert github_repository("git@github.com:fcsf/initiatives.git") == "fcsf/initiatives"
    assert github_repository("https://gitlab.com/fcsf/initiatives") == ""
    environment = {"CONTEXT": "production", "REPOSITORY_URL": "https://github.com/fcsf/initiatives"}
    out = tmp_path / "build"
    build(ROOT / "content", out, THEME, search_index=False, deploy=Deploy.from_environment(environment))
    settings = yaml.safe_load((out / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"]["repo"] == "fcsf/initiatives"


def test_without_node_the_site_is_built_without_admin_and_says_so(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(bundle, "PROJECT", tmp_path)  # no node_modules anywhere above the content or the project
    out = tmp_path / "build"
    assert main(["build", "--content", str(content), "--out", str(out), "--no-search", "--theme", str(THEME)]) == 0
    captured = capsys.readouterr()
    assert f"note: {build_module.EDITOR_LEFT_OUT}" in captured.err
    assert "run `npm ci`" in captured.err
    assert (out / "index.html").is_file() and not (out / "admin").exists()


def _save(path: Path, text: str, when: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


@pytest.mark.parametrize("serve", [False, True], ids=["command line", "serve"])
def test_a_vocabulary_edit_reaches_the_editor_as_a_cold_build_would(tmp_path, serve):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for number, path in enumerate(sorted(content.rglob("*"))):
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    out, cold = tmp_path / "out", tmp_path / "cold"
    cache: BuildCache | Path = BuildCache.open(None, out) if serve else tmp_path / "cache"
    memory = Memory() if serve else None
    build(content, out, THEME, search_index=False, cache=cache, memory=memory)
    vocabulary = content / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    _save(vocabulary, text.replace('  - label: "Culture"\n', '  - label: "Culture"\n  - label: "Cuisine"\n'),
          1_800_000_000)
    changed = [vocabulary] if serve else None
    build(content, out, THEME, search_index=False, cache=cache, memory=memory, changed=changed)
    settings = yaml.safe_load((out / "admin" / "config.yml").read_text(encoding="utf-8"))
    keywords = next(f for f in settings["collections"][0]["fields"] if f["name"] == "keywords")
    assert "Cuisine" in keywords["options"]
    build(content, cold, THEME, search_index=False)
    assert _tree(out) == _tree(cold)


def test_decap_s_files_are_an_input_a_change_there_reaches_the_output(tmp_path):
    """An `npm ci` that brings other files of Decap is seen by the next build, even with nothing else changed."""
    content = tmp_path / "site" / "content"
    shutil.copytree(ROOT / "content", content)
    package = tmp_path / "site" / "node_modules" / "decap-cms"  # found beside the content before the project's
    (package / "dist").mkdir(parents=True)
    shutil.copy(ROOT / "node_modules" / "decap-cms" / "package.json", package / "package.json")
    entry = package / "dist" / "decap-cms.js"
    entry.write_text("/* version one */", encoding="utf-8")
    os.utime(entry, (1_700_000_000, 1_700_000_000))
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, THEME, search_index=False, cache=cache)
    entry.write_text("/* version two */", encoding="utf-8")
    os.utime(entry, (1_700_000_100, 1_700_000_100))
    report = build(content, out, THEME, search_index=False, cache=cache)
    assert report.written == 1 and (out / "admin" / "decap-cms.js").read_text() == "/* version two */"
