"""`initiatives build`: build the site, print its warnings and a one-line summary."""

from __future__ import annotations

import sys
from pathlib import Path

from ..build import build
from ..deploy import Deploy
from ..progress import Progress


def build_command(content_dir: Path, out_dir: Path, theme_dir: Path, *, base_url: str | None,
                  drafts: bool, search: bool, cache_dir: Path | None = None, compare_with: str | None = None) -> int:
    """`initiatives build`: build, print warnings and a one-line summary.

    On Netlify, the deploy context comes from its environment: a deploy preview is marked as such
    and, unless ``--base-url`` says otherwise, linked on its own address.
    """
    deploy = Deploy.from_environment()
    report = build(content_dir, out_dir, theme_dir, base_url=base_url or deploy.url or None, drafts=drafts,
                   search_index=search, cache=cache_dir, progress=Progress(), deploy=deploy,
                   compare_with=compare_with)
    for warning in report.warnings:
        print(warning.format(), file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    marked = f" (a {deploy.context}{' of ' + deploy.review if deploy.review else ''})" if deploy.preview else ""
    print(f"Built the site in {out_dir}/{marked}: {report.summary()}")
    return 0
