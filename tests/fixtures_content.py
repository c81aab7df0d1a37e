"""Fixtures that build content folders for tests (make_site and the shipped fixture site)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Callable

import pytest

__all__ = ["FIXTURES", "FIXTURE_SITE", "BROKEN_SITE", "DEFAULT_SITE_TOML", "SHIPPED", "build_with_cli", "fixture_site",
           "make_site"]

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = Path(__file__).parent.parent / "content"  # the content the project ships: the federation's real actions
FIXTURE_SITE = FIXTURES / "site"
BROKEN_SITE = FIXTURES / "broken_site"

# The real site.toml with a test title: tests see the taxonomies the site is built with.
DEFAULT_SITE_TOML = re.sub(r'(?m)^title = .*$', 'title = "Initiatives — test"',
                           (Path(__file__).parent.parent / "content" / "site.toml").read_text(encoding="utf-8"))


def build_with_cli(content: Path, out: Path, *extra: str) -> Path:
    """``initiatives build`` of ``content`` into ``out`` without search, as its own process; ``out``."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
                             "--no-search", "--cache", str(out.parent / f"cache-{out.name}"), *extra],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A fresh, writable copy of tests/fixtures/site (7 actions, one a draft; 4 centres; 1 page)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    return content


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Factory: ``make_site({"actions/a.md": "..."})`` writes a content folder and returns its path.

    The folder gets a valid default site.toml (unless ``files`` has its own) and empty
    actions/, centres/ and pages/ folders. File texts are dedented.
    """
    counter = 0

    def make(files: dict[str, str]) -> Path:
        nonlocal counter
        counter += 1
        content = tmp_path / f"site{counter}" / "content"
        for folder in ("actions", "centres", "pages"):
            (content / folder).mkdir(parents=True)
        (content / "site.toml").write_text(DEFAULT_SITE_TOML, encoding="utf-8")
        for relative, text in files.items():
            path = content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return content

    return make
