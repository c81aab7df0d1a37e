"""The published site's HTTP headers, applied as Netlify applies them (netlify.toml, then the _headers
file the build writes), tested in Chromium: every page kind loads and a search runs with no
Content-Security-Policy violation and no console error; caching and robots headers as intended."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from fixtures_browser import assert_no_console_errors, netlify_header_rules, served_directory

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/", "/page/2/", "/actions/mos-art/", "/centres/", "/centres/centre-social-et-culturel-j-y-cousteau/",
         "/departements/", "/departements/62-pas-de-calais/", "/mots-cles/logement/", "/partenaires/",
         "/a-propos/", "/recherche/?q=jardin", "/cette-page-n-existe-pas/")
RECORD_VIOLATIONS = """
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
        (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


def _build(out: Path, env: dict[str, str]) -> Path:
    environment = {k: v for k, v in os.environ.items() if k not in ("CONTEXT", "REVIEW_ID", "DEPLOY_PRIME_URL")}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(ROOT / "content"),
                             "--out", str(out), "--cache", str(out.parent / "cache")],
                            capture_output=True, text=True, env=environment | env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("headers") / "build", {"CONTEXT": "production"})


@pytest.fixture(scope="module")
def production(built) -> str:
    with served_directory(built, netlify_header_rules(ROOT / "netlify.toml", built / "_headers")) as base_url:
        yield base_url


def _headers(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urlopen(Request(url)) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except Exception as error:  # urllib raises for a 404, with the response
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_every_page_kind_and_a_search_run_under_the_content_security_policy(page, production):
    page.add_init_script(RECORD_VIOLATIONS)
    for path in PAGES:
        page.goto(f"{production}{path}")
        if path.startswith("/recherche/"):
            page.locator(".search-result-title a").first.wait_for()
            page.locator("#recherche-texte").fill("famille")
            page.locator(".search-result-title a").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.cspViolations") == [], path
    assert_no_console_errors(page, ignore=[r"404 \(Not Found\)"])


def test_security_and_caching_headers(production, built):
    status, html = _headers(f"{production}/actions/mos-art/")
    assert status == 200
    policy = html["content-security-policy"]
    assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert html["x-content-type-options"] == "nosniff" and html["x-frame-options"] == "DENY"
    assert html["referrer-policy"] == "strict-origin-when-cross-origin" and "camera=()" in html["permissions-policy"]
    assert html["cache-control"] == "public, max-age=0, must-revalidate"
    assert "x-robots-tag" not in html

    page_html = urlopen(f"{production}/recherche/").read().decode()
    asset = page_html.split('href="/assets/style.', 1)[1].split('"', 1)[0]
    assert _headers(f"{production}/assets/style.{asset}")[1]["cache-control"] == "public, max-age=31536000, immutable"
    [shard] = (built / "pagefind").iterdir()
    for name in ("pagefind-entry.json", "pagefind.js", "wasm.fr.pagefind"):  # same names from build to build
        assert _headers(f"{production}/pagefind/{shard.name}/{name}")[1]["cache-control"] == "public, max-age=300"
    for kind in ("fragment", "index", "filter"):  # Pagefind's content-hashed chunks
        chunk = next((shard / kind).iterdir())
        assert "immutable" in _headers(f"{production}/pagefind/{shard.name}/{kind}/{chunk.name}")[1]["cache-control"]
    status, missing = _headers(f"{production}/cette-page-n-existe-pas/")
    assert status == 404 and "content-security-policy" in missing


def test_a_deploy_preview_is_served_with_noindex_on_every_path(tmp_path):
    out = _build(tmp_path / "build", {"CONTEXT": "deploy-preview", "REVIEW_ID": "7",
                                      "DEPLOY_PRIME_URL": "https://deploy-preview-7--x.netlify.app"})
    with served_directory(out, netlify_header_rules(ROOT / "netlify.toml", out / "_headers")) as base_url:
        for path in ("/", "/actions/mos-art/", "/robots.txt", "/feed.xml", "/ce-qui-change/"):
            assert _headers(f"{base_url}{path}")[1].get("x-robots-tag") == "noindex", path


def test_the_web_editor_has_its_own_rules_and_loads_under_them(page, production):
    """/admin/ alone may run Decap CMS (eval for its schema compiler, inline styles, GitHub's API); never indexed."""
    status, admin = _headers(f"{production}/admin/")
    assert status == 200 and admin["x-robots-tag"] == "noindex, nofollow"
    policy = admin["content-security-policy"]
    assert "'unsafe-eval'" in policy and "style-src 'self' 'unsafe-inline'" in policy
    assert "connect-src 'self' https://api.github.com" in policy and "frame-ancestors 'none'" in policy
    assert _headers(f"{production}/admin/config.yml")[1]["content-security-policy"] == policy
    public = _headers(f"{production}/")[1]["content-security-policy"]
    assert "'unsafe-eval'" not in public and "'unsafe-inline'" not in public  # the rest of the site keeps its policy
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{production}/admin/")
    page.get_by_role("button", name="Se connecter avec GitHub").wait_for()  # French, GitHub backend
    assert page.evaluate("window.cspViolations") == []
