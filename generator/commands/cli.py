"""The ``initiatives`` command line: parse arguments, call one stage, report."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from .. import __version__
from ..errors import ContentError, InitiativesError

DEFAULT_CONTENT = Path("content")
# The default theme ships beside the package (themes/default at the repository's top), so that it is
# found whatever folder the command runs from.
def _default_theme() -> Path:
    """themes/default of the source tree (a clone, an editable install), else the copy pip installed."""
    beside = Path(__file__).resolve().parents[2] / "themes" / "default"
    return beside if beside.is_dir() else Path(sys.prefix) / "share" / "initiatives" / "themes" / "default"


DEFAULT_THEME = _default_theme()
DEFAULT_OUT = Path("build")
DEFAULT_CACHE = Path(".cache")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="initiatives",
        description="Build the initiatives blog and directory of social centres from content/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help="create a new content folder: settings, vocabulary, an « À propos » page")
    init.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CONTENT, metavar="DIR",
                      help="the content folder to create (default: content)")

    centres = commands.add_parser("import-centres", help="create or complete the répertoire's centres from a "
                                                          "spreadsheet (.csv, .xlsx, .ods)")
    centres.add_argument("file", type=Path, metavar="FILE", help="spreadsheet: one row per centre under a header row")
    centres.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    centres.add_argument("--force", action="store_true", help="let the spreadsheet replace values staff filled in")
    centres.add_argument("--dry-run", action="store_true", help="show what would change without writing anything")

    imp = commands.add_parser("import", help="turn exported action sheets into Markdown files")
    imp.add_argument("sheets", nargs="+", type=Path, metavar="SHEET", help="exported .txt sheet file(s)")
    imp.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    imp.add_argument("--force", action="store_true", help="overwrite files that staff edited since the last import")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    build = commands.add_parser("build", help="build the whole site")
    build.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build)")
    build.add_argument("--theme", type=Path, default=DEFAULT_THEME, help="theme folder (default: the shipped themes/default)")
    build.add_argument("--base-url", help="absolute URL of the published site (default: base_url in site.toml)")
    build.add_argument("--compare-with", metavar="REF",
                       help="also write /ce-qui-change/: what the content changes since git ref REF "
                            "(a deploy preview compares with the production branch by itself)")
    build.add_argument("--drafts", action="store_true", help="also build actions marked draft: true")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                       help="build cache folder, reused by the next build (default: .cache)")

    check = commands.add_parser("check", help="validate all content without writing anything")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    check.add_argument("--format", choices=("text", "github"), default="text", dest="output_format",
                       help="text (default), or github: annotations for a GitHub Actions workflow")

    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on changes")
    serve.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    serve.add_argument("--theme", type=Path, default=DEFAULT_THEME, help="theme folder (default: the shipped themes/default)")
    serve.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000; 0: any free port)")
    serve.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                       help="build cache folder (default: .cache)")

    new = commands.add_parser("new", help="scaffold a new content file")
    new.add_argument("kind", choices=["action"], help="what to create")
    new.add_argument("title", help="title of the action")
    new.add_argument("--centre", required=True, help="name of the centre carrying the action")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    return parser


def _port(text: str) -> int:
    """A TCP port number, or an argparse error saying what is expected."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (expected 0 to 65535)")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `initiatives` alone: what it can do
        parser.print_help()
        return 0
    try:
        return _run(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        errors = sum(p.is_error for p in exc.problems)
        print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return 1
    except InitiativesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from .init import init_command

        return init_command(args.folder)
    if args.command == "import-centres":
        from .import_centres import import_centres_command

        return import_centres_command(args.file, args.content, force=args.force, dry_run=args.dry_run)
    if args.command == "import":
        from .import_sheets import import_command

        return import_command(args.sheets, args.content, force=args.force, dry_run=args.dry_run)
    if args.command == "build":
        from .build import build_command

        return build_command(args.content, args.out, args.theme, base_url=args.base_url, drafts=args.drafts,
                             search=not args.no_search, cache_dir=args.cache, compare_with=args.compare_with)
    if args.command == "check":
        from .check import check_command

        return check_command(args.content, args.output_format)
    if args.command == "serve":
        from .serve import serve_command

        return serve_command(args.content, args.theme, port=args.port, cache_dir=args.cache)
    if args.command == "new":
        from .new import new_action_command

        return new_action_command(args.title, args.centre, args.content)
    raise AssertionError(args.command)


# Commands that read the whole site once and end: see run().
_ONE_SHOT = frozenset({"build", "check"})


def run() -> NoReturn:
    """The ``initiatives`` program: main(), in a process of its own.

    ``build`` and ``check`` hold every item of the site until they end, millions of objects
    that are never garbage in a cycle: the cyclic collector would only walk them again and again
    (a quarter of reading the cache at 10,000 actions), and freeing them one by one at exit takes
    longer still (0.1 s). So they run without it and end without tearing the heap down, once
    everything is written and their output flushed. ``serve``, which runs for hours, keeps both.
    """
    argv = sys.argv[1:]
    one_shot = bool(argv) and argv[0] in _ONE_SHOT
    if one_shot:
        gc.disable()
    try:
        code = main(argv)
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`initiatives check | head`): stop without a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.dup2(devnull, sys.stderr.fileno())
        code = 1
    if not one_shot:
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    run()
