"""Regenerate the golden pages that tests/render/test_golden.py compares the fixture site with.

Usage, from the repository root::

    .venv/bin/python scripts/regen_golden.py

It builds tests/fixtures/site with the default theme, ``--no-search`` and the fixed
``--base-url https://example.org`` into a temporary folder, then copies the pages listed in
GOLDEN_PAGES into tests/golden/pages/ (same relative paths), verbatim.

Run it after an intended change to the templates, the routes or the fixture site, then read
``git diff tests/golden/pages/`` as a reviewer would before committing: the diff is the change
readers will see. Asset fingerprints (``/assets/style.3f2a9c1e07.css``) are normalised by the
test, so a change to style.css alone needs no regeneration.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
THEME = ROOT / "themes" / "default"
GOLDEN_DIR = ROOT / "tests" / "golden" / "pages"
BASE_URL = "https://example.org"

# Output files compared with their golden copy: one of each main page kind, the feed, the sitemap.
GOLDEN_PAGES = (
    "index.html",
    "actions/mos-art/index.html",
    "mots-cles/logement/index.html",
    "centres/index.html",
    "feed.xml",
    "departements/31-haute-garonne/feed.xml",
    "sitemap.xml",
)


def build_fixture_site(out: Path) -> None:
    """Build the fixture site into ``out`` as the golden pages expect it; raise on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(FIXTURE_SITE), "--out", str(out),
         "--theme", str(THEME), "--no-search", "--base-url", BASE_URL, "--cache", str(out.parent / ".cache-golden")],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"building the fixture site failed:\n{result.stdout}{result.stderr}")


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        build_fixture_site(out)
        for relative in GOLDEN_PAGES:
            target = GOLDEN_DIR / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / relative, target)
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
