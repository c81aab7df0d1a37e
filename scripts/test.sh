#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs Chromium (Debian package), the web editor's npm
# packages (package-lock.json), a virtual environment with the project and its test dependencies, then pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k importer`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Chromium (Debian package) for the browser tests…"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm (Debian packages) for the web editor's tests…"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
# The web editor (Decap CMS) and its local backend (decap-server), as package-lock.json pins them.
bash scripts/install-editor.sh

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench]'

exec .venv/bin/python -m pytest "$@"
