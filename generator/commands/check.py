"""`initiatives check`: validate all content, list every problem, write nothing."""

from __future__ import annotations

from pathlib import Path

from ..content.load import VOCABULARY_FILE, load_content
from ..content.validate import vocabulary_problems
from ..errors import Problem


def check_command(content_dir: Path, output_format: str = "text") -> int:
    """Print every problem in ``content_dir`` and a summary; 1 if any error.

    ``text``: ``path:line: message`` with the source line; ``github``: GitHub Actions annotations
    (``::error file=…,line=…::message``), shown on the changed lines of a pull request.
    """
    content, problems = load_content(content_dir, drafts=True)
    problems = sorted(problems + vocabulary_problems(content, content_dir / VOCABULARY_FILE))
    for problem in problems:
        print(problem.format_github() if output_format == "github" else problem.format())
    print(summary(problems, _count_files(content_dir)))
    return 1 if any(p.is_error for p in problems) else 0


def summary(problems: list[Problem], files: int) -> str:
    """« 2 errors, 1 warning in 14 files » or « No problems in 14 files. »."""
    where = _count(files, "file")
    if not problems:
        return f"No problems in {where}."
    errors = sum(p.is_error for p in problems)
    return f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')} in {where}"


def _count_files(content_dir: Path) -> int:
    files = [content_dir / "site.toml", content_dir / VOCABULARY_FILE]
    files += [path for folder in ("actions", "centres", "pages") for path in (content_dir / folder).glob("*.md")]
    return sum(path.is_file() for path in files)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
