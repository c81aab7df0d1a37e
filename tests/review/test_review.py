"""« Ce qui change » and the deploy contexts, on the shipped content in real git repositories.

A repository is made in each test: the shipped content on ``main``, a branch that edits it as a
pull request would; ``initiatives build`` runs as Netlify runs it (environment variables,
shallow clones of the branch).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content"
PRODUCTION = "https://initiatives-centres-sociaux.netlify.app"
PREVIEW = "https://deploy-preview-42--initiatives.netlify.app"
NETLIFY_PREVIEW = {"CONTEXT": "deploy-preview", "REVIEW_ID": "42", "DEPLOY_PRIME_URL": PREVIEW, "URL": PRODUCTION,
                   "HEAD": "edits", "BRANCH": "edits", "PULL_REQUEST": "true", "COMMIT_REF": "0" * 40,
                   "REPOSITORY_URL": "https://github.com/federation/initiatives"}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], check=True, capture_output=True, text=True).stdout.strip()


def build(content: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in NETLIFY_PREVIEW} | (env or {})
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
                             "--no-search", "--cache", str(out.parent / f"cache-{out.name}"), *extra],
                            capture_output=True, text=True, env=environment | {"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result


def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The shipped content on main; on the branch « edits », the edits of a pull request."""
    repo = tmp_path / "repo"
    shutil.copytree(SHIPPED, repo / "content")
    return two_branches(repo)


def two_branches(repo: Path) -> Path:
    """Commit ``repo`` on main, then on the branch « edits »: one action modified (keywords, a few words
    of its text), one renamed, one removed, one added, one centre's city completed."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Contenu publié")
    git(repo, "checkout", "-q", "-b", "edits")
    actions = repo / "content" / "actions"
    _replace(actions / "mos-art.md", r"^keywords:.*$", 'keywords: ["Logement", "Santé"]')
    _replace(actions / "mos-art.md", r"ne permettent pas la perennisation", "ne permet pas de pérenniser")
    git(repo, "mv", "content/actions/jardin-partage.md", "content/actions/jardin-partage-de-blere.md")
    git(repo, "rm", "-q", "content/actions/groupe-femmes.md")
    new = (actions / "cafe-des-habitants.md")
    new.write_text((actions / "mos-art.md").read_text(encoding="utf-8").replace("MOS'ART", "Café des habitants"),
                   encoding="utf-8")
    _replace(repo / "content" / "centres" / "centre-social-et-culturel-j-y-cousteau.md", r"^city:.*$",
             'city: "Calais"')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Modifications")
    return repo


def page(out: Path) -> str:
    return (out / "ce-qui-change" / "index.html").read_text(encoding="utf-8")


def test_the_comparison_lists_exactly_what_the_branch_changed(repository, tmp_path):
    out = tmp_path / "out"
    build(repository / "content", out, "--compare-with", "main")
    html = page(out)
    items = re.findall(r'<span class="change-state">([^<]+)</span> · (\w+)&nbsp;: <a href="([^"]+)">', html)
    assert items == [
        ("Ajout", "Initiative", "/actions/cafe-des-habitants/"),
        ("Modification", "Initiative", "/actions/mos-art/"),
        ("Modification", "Centre", "/centres/centre-social-et-culturel-j-y-cousteau/"),
        ("Nouvelle adresse", "Initiative", "/actions/jardin-partage-de-blere/"),
        ("Suppression", "Initiative", f"{PRODUCTION}/actions/groupe-femmes/"),
    ]
    mos_art = html.split('href="/actions/mos-art/"', 1)[1].split("</li>", 1)[0]
    assert "<th scope=\"row\">Mots-clés</th><td>Logement</td><td>Logement, Santé</td>" in mos_art
    deleted = re.findall(r"<del><span class=\"visually-hidden\">\[retiré&nbsp;: </span>(.*?)<", mos_art)
    inserted = re.findall(r"<ins><span class=\"visually-hidden\">\[ajouté&nbsp;: </span>(.*?)<", mos_art)
    assert deleted == ["permettent", "la perennisation"] and inserted == ["permet", "de pérenniser"]
    assert "/actions/jardin-partage/</code> → <code>/actions/jardin-partage-de-blere/" in html
    others = re.findall(r'<li><a href="([^"]+)">', html.split('id="autres-pages"', 1)[1])
    assert "/mots-cles/sante/" in others and "/" in others  # the new keyword's page, the blog's first page
    assert "/actions/mos-art/" not in others  # listed above, not twice
    assert "/a-propos/" not in others  # untouched
    assert (out / "ce-qui-change" / "index.html").is_file() and "/ce-qui-change/" not in (out / "sitemap.xml").read_text()


def test_a_deploy_preview_on_a_shallow_clone_finds_the_production_branch_by_itself(repository, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "edits", f"file://{repository}", str(clone)],
                   check=True)
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    out = tmp_path / "preview"
    result = build(clone / "content", out, env=NETLIFY_PREVIEW)
    assert "deploy-preview of 42" in result.stdout
    html = page(out)
    assert "Par rapport à «&nbsp;origin/main&nbsp;»" in html
    assert html.count('class="change change-') == 5
    assert f'<link rel="canonical" href="{PREVIEW}/ce-qui-change/">' in html


def test_without_git_the_page_says_why_and_the_build_succeeds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SHIPPED, content)
    out = tmp_path / "out"
    build(content, out, env=NETLIFY_PREVIEW)
    assert "La comparaison n’a pas pu être faite&nbsp;: le dossier du contenu n’est pas dans un dépôt git" in page(out)
    build(content, tmp_path / "out2", "--compare-with", "main")
    assert "n’est pas dans un dépôt git" in page(tmp_path / "out2")


def test_an_unknown_reference_is_said_in_french(repository, tmp_path):
    build(repository / "content", tmp_path / "out", "--compare-with", "nulle-part")
    assert "«&nbsp;nulle-part&nbsp;» est introuvable" in page(tmp_path / "out").replace("« nulle-part »",
                                                                                          "«&nbsp;nulle-part&nbsp;»")


def test_a_preview_differs_from_production_only_by_its_marks(repository, tmp_path):
    content = repository / "content"
    production = tmp_path / "production"
    build(content, production, "--base-url", PREVIEW,
          env={"CONTEXT": "production", "REPOSITORY_URL": NETLIFY_PREVIEW["REPOSITORY_URL"]})
    preview = tmp_path / "preview"
    build(content, preview, env=NETLIFY_PREVIEW)
    made = {p.relative_to(production).as_posix() for p in production.rglob("*") if p.is_file()}
    previewed = {p.relative_to(preview).as_posix() for p in preview.rglob("*") if p.is_file()}
    assert previewed - made == {"ce-qui-change/index.html"} and made <= previewed

    marks = re.compile(r'<meta name="robots" content="noindex">\n|<aside class="preview-banner".*?</aside>\n', re.S)
    for name in sorted(made):
        before, after = (production / name).read_bytes(), (preview / name).read_bytes()
        if name.endswith(".html") and not name.startswith("admin/"):  # the editor is never indexed, anywhere
            assert b'<meta name="robots" content="noindex">' in after and b'class="preview-banner"' in after, name
            assert b"noindex" not in before and b"preview-banner" not in before, name
            assert marks.sub("", after.decode()) == before.decode(), name
        elif name in ("robots.txt", "_headers"):
            continue
        else:
            assert after == before, name
    robots = (preview / "robots.txt").read_text()
    assert "Disallow: /\n" in robots and "Sitemap" not in robots
    assert "Sitemap: " in (production / "robots.txt").read_text()
    assert "X-Robots-Tag: noindex" in (preview / "_headers").read_text()
    assert "X-Robots-Tag" not in (production / "_headers").read_text()
    banner = re.search(r'<aside class="preview-banner" aria-label="Prévisualisation">(.*?)</aside>',
                       (preview / "index.html").read_text(), re.S).group(1)
    assert "Prévisualisation de la demande de modification n°\u00a042" in banner and 'href="/ce-qui-change/"' in banner


def test_switching_context_rebuilds_every_page_like_a_cold_build(repository, tmp_path):
    content, out = repository / "content", tmp_path / "out"
    build(content, out, env={"CONTEXT": "production"})
    build(content, out, env=NETLIFY_PREVIEW)
    cold = tmp_path / "cold"
    build(content, cold, env=NETLIFY_PREVIEW)
    tree = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}  # noqa: E731
    assert tree(out) == tree(cold)
    build(content, out, env={"CONTEXT": "production"})
    assert not (out / "ce-qui-change").exists() and b"preview-banner" not in (out / "index.html").read_bytes()


# --------------------------------------------------------------------------- in a browser

@pytest.fixture
def preview_url(repository, tmp_path):
    from fixtures_browser import served_directory

    out = tmp_path / "preview"
    build(repository / "content", out, env=NETLIFY_PREVIEW)
    with served_directory(out) as base_url:
        yield base_url


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_the_banner_is_an_accessible_landmark_that_shifts_nothing(new_page, preview_url, width):
    from fixtures_browser import PHONE_OPTIONS, assert_no_axe_violations, assert_no_console_errors

    page = new_page(**(PHONE_OPTIONS if width == 360 else {}))
    page.add_init_script("""window.shifts = 0; new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.shifts += entry.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(f"{preview_url}/actions/mos-art/")
    banner = page.get_by_role("complementary", name="Prévisualisation")
    assert banner.is_visible() and "Prévisualisation de la demande de modification n°\u00a042" in banner.inner_text()
    assert banner.bounding_box()["y"] == 0 and page.evaluate("document.documentElement.scrollWidth") <= width
    page.wait_for_timeout(300)
    assert page.evaluate("window.shifts") == 0
    assert_no_axe_violations(page)
    banner.get_by_role("link", name="Voir ce qui change").click()
    page.wait_for_url(f"{preview_url}/ce-qui-change/")
    assert page.locator("h1").inner_text() == "Ce qui change"
    page.get_by_role("link", name="MOS'ART").first.click()
    page.wait_for_url(f"{preview_url}/actions/mos-art/")
    page.go_back()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)
    assert_no_console_errors(page)
