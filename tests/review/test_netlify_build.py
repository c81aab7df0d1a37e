"""Netlify's build itself: netlify.toml's command, in a fresh virtual environment, on a shallow clone
of a two-branch repository of the project, with the variables Netlify sets for a deploy preview —
then the same build as production. Slow (a pip install); one test for both contexts."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

from test_review import NETLIFY_PREVIEW, PREVIEW, PRODUCTION, two_branches

ROOT = Path(__file__).resolve().parents[2]


def _project_copy(into: Path) -> Path:
    """The project's tracked files (a clone has nothing else), without the build output or caches."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    return into


def test_netlify_builds_a_deploy_preview_and_production_from_a_shallow_clone(tmp_path):
    repo = two_branches(_project_copy(tmp_path / "repo"))
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "edits", f"file://{repo}", str(clone)], check=True)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    command = tomllib.loads((clone / "netlify.toml").read_text(encoding="utf-8"))["build"]["command"]
    publish = clone / tomllib.loads((clone / "netlify.toml").read_text(encoding="utf-8"))["build"]["publish"]
    base = {k: v for k, v in os.environ.items() if k not in NETLIFY_PREVIEW and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    base["PATH"] = f"{environment / 'bin'}{os.pathsep}{base['PATH']}"

    preview = subprocess.run(["bash", "-c", command], cwd=clone, env=base | NETLIFY_PREVIEW | {"URL": PRODUCTION},
                             capture_output=True, text=True)
    assert preview.returncode == 0, preview.stdout[-3000:] + preview.stderr[-3000:]
    home = (publish / "index.html").read_text(encoding="utf-8")
    assert "Prévisualisation de la demande de modification n°\u00a042" in home
    assert '<meta name="robots" content="noindex">' in home
    assert f'<link rel="canonical" href="{PREVIEW}/">' in home
    assert "X-Robots-Tag: noindex" in (publish / "_headers").read_text(encoding="utf-8")
    assert "Disallow: /\n" in (publish / "robots.txt").read_text(encoding="utf-8")
    changes = (publish / "ce-qui-change" / "index.html").read_text(encoding="utf-8")
    assert "Par rapport à «&nbsp;origin/main&nbsp;»" in changes
    assert changes.count('class="change change-') == 5  # exactly what the branch changed
    assert [entry.parent.parent for entry in (publish / "pagefind").glob("*/pagefind-entry.json")] == [
        publish / "pagefind"]
    # The web editor: Decap's files installed by the command itself (npm ci), saving to the repository built.
    assert (publish / "admin" / "decap-cms.js").is_file() and "left out" not in preview.stderr
    assert "repo: federation/initiatives" in (publish / "admin" / "config.yml").read_text(encoding="utf-8")

    production = subprocess.run(["bash", "-c", command], cwd=clone,
                                env=base | {"CONTEXT": "production", "URL": PRODUCTION}, capture_output=True, text=True)
    assert production.returncode == 0, production.stderr[-3000:]
    home = (publish / "index.html").read_text(encoding="utf-8")
    assert "preview-banner" not in home and "noindex" not in home
    assert f'<link rel="canonical" href="{PRODUCTION}/">' in home
    assert not (publish / "ce-qui-change").exists()
    assert "X-Robots-Tag" not in (publish / "_headers").read_text(encoding="utf-8")
    assert "Sitemap: " in (publish / "robots.txt").read_text(encoding="utf-8")
