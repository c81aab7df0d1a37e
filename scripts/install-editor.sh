#!/usr/bin/env bash
# Install the web editor (Decap CMS, served at /admin/) and its local backend (decap-server) from the
# npm registry, exactly as package-lock.json pins them. Nothing to do when node_modules already holds
# those versions (as after Netlify's own install). Without npm it says so and succeeds: `initiatives
# build` then builds the site without /admin/ and says that too.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: the site will be built without its web editor (/admin/)." >&2
    exit 0
fi

installed() {  # every package the lockfile names at the top level is installed at its locked version
    "${PYTHON:-python3}" - <<'PY'
import json, sys
from pathlib import Path
lock = json.loads(Path("package-lock.json").read_text(encoding="utf-8"))["packages"]
for name in lock[""].get("dependencies", {}):
    installed = Path("node_modules", name, "package.json")
    if not installed.is_file() or json.loads(installed.read_text(encoding="utf-8"))["version"] != lock[f"node_modules/{name}"]["version"]:
        sys.exit(1)
PY
}

if installed; then
    exit 0
fi
echo "Installing the web editor's packages (npm ci)…"
npm ci --no-audit --no-fund --loglevel=error
