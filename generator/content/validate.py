"""``initiatives check``: validate all content, list every problem, write nothing."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Problem, warning
from .load import Content, load_content, same_words

VOCABULARY_FILE = "vocabulary.yaml"

# Action fields whose values should come from content/vocabulary.yaml, with the word for one value.
_VOCABULARY_KINDS = {"keywords": "keyword", "partners": "partner", "public": "public"}


def check_command(content_dir: Path) -> int:
    """Print every problem in ``content_dir`` as ``path:line: message`` and a summary; 1 if any error."""
    content, problems = load_content(content_dir, drafts=True)
    problems = sorted(problems + vocabulary_problems(content, content_dir / VOCABULARY_FILE))
    for problem in problems:
        print(problem.format())
    print(summary(problems, _count_files(content_dir)))
    return 1 if any(p.is_error for p in problems) else 0


def summary(problems: list[Problem], files: int) -> str:
    """« 2 errors, 1 warning in 14 files » or « No problems in 14 files. »."""
    where = _count(files, "file")
    if not problems:
        return f"No problems in {where}."
    errors = sum(p.is_error for p in problems)
    return f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')} in {where}"


def vocabulary_problems(content: Content, vocabulary_path: Path) -> list[Problem]:
    """Warnings for keywords, partners and publics not in the vocabulary (none without a vocabulary file)."""
    if not vocabulary_path.is_file():
        return []
    from .vocabulary import load_vocabulary

    try:
        vocabulary = load_vocabulary(vocabulary_path)
    except ContentError as exc:
        return list(exc.problems)
    problems = []
    for action in content.actions:
        for field, word in _VOCABULARY_KINDS.items():
            line = action.location.line(field)
            for value in getattr(action, field):
                canonical = vocabulary.canonical(field, value)
                if canonical is None:
                    suggestion = vocabulary.suggest(field, value)
                    hint = f"did you mean « {suggestion} » ?" if suggestion else f"add it to {vocabulary_path}"
                    problems.append(warning(action.location.path, line,
                                            f'{word} "{value}" is not in the vocabulary', hint=hint))
                elif same_words(canonical) != same_words(value):  # an alias, not just another case
                    problems.append(warning(action.location.path, line,
                                            f'{word} "{value}" is written « {canonical} » in the vocabulary'))
    return problems


def _count_files(content_dir: Path) -> int:
    files = [content_dir / "site.toml", content_dir / VOCABULARY_FILE]
    files += [path for folder in ("actions", "centres", "pages") for path in (content_dir / folder).glob("*.md")]
    return sum(path.is_file() for path in files)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
