"""`initiatives serve`: serve until Ctrl-C."""

from __future__ import annotations

import time
from pathlib import Path

from ..serve.server import DevServer


def serve_command(content_dir: Path, theme_dir: Path, *, port: int = 8000, cache_dir: Path | None = None) -> int:
    """`initiatives serve`: serve until Ctrl-C."""
    server = DevServer(content_dir, theme_dir, port=port, cache_dir=cache_dir)
    server.start()
    print(f"Serving {content_dir}/ on {server.url} — edits rebuild the site and reload the page; Ctrl-C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopping.")
    finally:
        server.stop()
    return 0
