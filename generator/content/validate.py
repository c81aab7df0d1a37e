"""Checks across the whole content beyond each file's fields: the vocabulary."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Problem, warning
from .fields import ACTION_FIELDS
from .load import Content, same_words

# Action fields whose values should come from content/vocabulary.yaml, with the word for one value.
_WORDS = {"keywords": "keyword", "partners": "partner"}
_VOCABULARY_KINDS = {f.name: _WORDS.get(f.name, f.name) for f in ACTION_FIELDS if f.values == "vocabulary"}


def vocabulary_problems(content: Content, vocabulary_path: Path) -> list[Problem]:
    """Warnings for keywords, partners and publics not in the vocabulary (none without a vocabulary file)."""
    if not vocabulary_path.is_file():
        return []
    from .vocabulary import load_vocabulary

    try:
        vocabulary = load_vocabulary(vocabulary_path)
    except ContentError:
        return []  # load_content reported it
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


