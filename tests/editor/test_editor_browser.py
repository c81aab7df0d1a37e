"""The web editor for real: Decap CMS at /admin/ in Chromium, saving through its local backend.

``decap-server`` (from the project's package.json, installed by the test command) runs in git mode
on a temporary repository holding a copy of the shipped content: as on GitHub with the editorial
workflow, each save is a commit on a branch of its own (``cms/actions/<slug>``), the pull request to be.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
import yaml
from fixtures_browser import served_directory

from generator.content.fields import ACTION_FIELDS
from generator.content.load import load_file
from generator.urls import file_slug

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(admin URL, repository): the site built from a git copy of the content, decap-server on that copy."""
    assert DECAP_SERVER.is_file(), "decap-server is missing: run `npm ci` (scripts/test.sh does)"
    base = tmp_path_factory.mktemp("editor")
    repo = base / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    _run("git", "init", "-q", "-b", "main", cwd=repo)
    _run(*GIT, "add", "-A", cwd=repo)
    _run(*GIT, "commit", "-q", "-m", "Contenu de départ", cwd=repo)
    out = base / "build"
    _run(sys.executable, "-m", "generator", "build", "--content", str(repo / "content"), "--out", str(out),
         "--no-search", "--cache", str(base / "cache"), cwd=ROOT)
    port = _free_port()
    config_file = out / "admin" / "config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["local_backend"] is True and config["publish_mode"] == "editorial_workflow"
    config["local_backend"] = {"url": f"http://localhost:{port}/api/v1"}  # this test's own port, not 8081
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    environment = os.environ | {"MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port),
                                "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=environment, cwd=repo,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except URLError as error:
                if getattr(error, "code", None):  # answered (with an HTTP error): it is up
                    break
                assert time.monotonic() < deadline and server.poll() is None, "decap-server did not start"
                time.sleep(0.2)
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "decap-server did not start"
                time.sleep(0.2)
        with served_directory(out) as site:
            yield f"{site}/admin/", repo
    finally:
        server.terminate()
        server.wait(timeout=10)


def _open(page, url: str, hash_path: str) -> None:
    """Open the editor, sign in to the local backend (one click, no account), then go to ``hash_path``."""
    page.goto(url)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Initiatives").first.wait_for()
    page.goto(f"{url}#{hash_path}")


def _save(page) -> None:
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Entrée enregistrée").wait_for()


def _file_on_branch(repo: Path, branch: str, path: str) -> str:
    return _run("git", "show", f"{branch}:{path}", cwd=repo).stdout


def _pick_suggestion(input_locator, value: str) -> None:
    """Fill an input the way choosing an entry of its <datalist> does (Chromium's insertReplacementText),
    which Playwright cannot click in the browser's own pop-up."""
    input_locator.evaluate("""(input, value) => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
        input.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertReplacementText"}));
    }""", value)


def _choose(page, field_id: str, typed: str) -> None:
    """Pick the first suggestion of a select or relation widget (react-select) after typing ``typed``."""
    page.locator(f"#{field_id}").fill(typed)
    page.locator("[class*='option']").filter(has_text=typed).first.click()


def test_a_new_action_typed_in_the_form_is_saved_checked_and_built(editor, page, tmp_path):
    url, repo = editor
    title = "L'été des familles & du quartier"
    _open(page, url, "/collections/actions/new")
    page.get_by_label("Titre", exact=False).first.fill(title)
    ids = {name: page.locator(f"[id^='{name}-field-']").first.get_attribute("id")
           for name in ("centre", "department", "keywords", "summary")}
    _choose(page, ids["centre"], "Cousteau")
    _choose(page, ids["department"], "Pas-de-Calais")
    keywords = page.locator(f"#{ids['keywords']}")
    keywords.fill("Logement")
    keywords.press("Enter")
    keywords.fill("Jardins partagés")  # not in the vocabulary: taken, and `check` will report it
    page.get_by_role("button", name="Ajouter").first.click()
    page.locator(f"#{ids['summary']}").fill("Des sorties tout l’été pour les familles du quartier.")
    body = page.locator("[data-slate-editor='true']").first
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Chaque mercredi, une sortie au parc avec les parents.")
    # The preview pane uses the site's own stylesheet and shows what is typed.
    preview = page.frame_locator("iframe").first
    preview.locator("h1").filter(has_text="été des familles & du quartier").wait_for()
    assert preview.locator("link[href^='/assets/style.']").count() == 1
    _save(page)

    slug = file_slug("L’été des familles & du quartier")
    assert slug == "l-ete-des-familles-du-quartier"  # the site's slug rule, as `initiatives new` names files
    text = _file_on_branch(repo, f"cms/actions/{slug}", f"content/actions/{slug}.md")
    target = tmp_path / "content"
    # The content the repository started from (its working tree is decap-server's to change meanwhile).
    shutil.copytree(ROOT / "content", target)
    (target / "actions" / f"{slug}.md").write_text(text, encoding="utf-8")
    action, problems = load_file(target / "actions" / f"{slug}.md", "actions")
    assert not problems, problems
    assert action.title == "L’été des familles & du quartier"
    assert action.centre == "Centre social et culturel J.Y Cousteau" and action.department == "Pas-de-Calais"
    assert action.keywords == ("Logement", "Jardins partagés")
    assert action.date is not None and not action.draft

    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(target)],
                           capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stdout
    own = [line for line in check.stdout.splitlines() if f"{slug}.md:" in line]
    assert len(own) == 1 and ': warning: keyword "Jardins partagés" is not in the vocabulary' in own[0], check.stdout

    out = tmp_path / "build"
    _run(sys.executable, "-m", "generator", "build", "--content", str(target), "--out", str(out), "--no-search",
         "--cache", str(tmp_path / "cache"), cwd=ROOT)
    html = (out / "actions" / slug / "index.html").read_text(encoding="utf-8")
    for typed in ("L’été des familles &amp; du quartier", "Centre social et culturel J.Y Cousteau", "Pas-de-Calais",
                  "Logement", "Jardins partagés", "Des sorties tout l’été pour les familles du quartier.",
                  "Chaque mercredi, une sortie au parc avec les parents."):
        assert typed in html, typed


def test_editing_an_action_s_keywords_changes_that_field_alone(editor, page):
    url, repo = editor
    slug = "mos-art"
    before, problems = load_file(repo / "content" / "actions" / f"{slug}.md", "actions")
    assert not problems and "Culture" not in before.keywords
    _open(page, url, f"/collections/actions/entries/{slug}")
    page.locator("[id^='title-field-']").first.wait_for()
    page.wait_for_function("document.querySelector(\"[id^='title-field-']\").value !== ''")
    keywords = page.locator("[id^='keywords-field-']").first
    assert keywords.evaluate("input => Array.from(input.list.options).map(o => o.value)").count("Culture") == 1
    _pick_suggestion(keywords, "Culture")  # as choosing it in the browser's list does: added with no Enter
    page.get_by_role("button", name="Retirer « Culture »").wait_for()
    _save(page)

    text = _file_on_branch(repo, f"cms/actions/{slug}", f"content/actions/{slug}.md")
    edited_file = repo.parent / f"{slug}.md"
    edited_file.write_text(text, encoding="utf-8")
    after, problems = load_file(edited_file, "actions")
    assert not problems, problems
    changed = [f.name for f in ACTION_FIELDS if getattr(before, f.name) != getattr(after, f.name)]
    assert changed == ["keywords"]
    assert after.keywords == (*before.keywords, "Culture")
    assert after.body_html == before.body_html  # the text, untouched, is the same text
