"""`initiatives build`: build the site, print its warnings and a one-line summary."""

from __future__ import annotations

import sys
from pathlib import Path

from ..build import build
from ..progress import Progress


def build_command(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None,
                  drafts: bool, search: bool, cache_dir: Path | None = None) -> int:
    """`initiatives build`: build, print warnings and a one-line summary."""
    report = build(content_dir, out_dir, theme_dir, base_url=base_url, drafts=drafts, search_index=search,
                   cache=cache_dir, progress=Progress())
    for warning in report.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"Built the site in {out_dir}/: {report.summary()}")
    return 0
