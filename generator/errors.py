"""Problems found in user input, reported as ``path:line: message``.

Every stage collects :class:`Problem` values instead of raising on the first
one, so a user sees all their mistakes in a single run. A stage that cannot go
on raises :class:`ContentError` with everything it collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of the user's input."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    hint: str = ""
    source_line: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """Render as ``path:line: [warning: ]message`` plus hint and source line."""
        prefix = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        label = "" if self.is_error else "warning: "
        text = f"{prefix}{label}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.source_line.strip():
            text += f"\n    {self.line} | {self.source_line.rstrip()}"
        return text


    def format_github(self) -> str:
        """As a GitHub Actions workflow command: an annotation on the file's line in the pull request."""
        place = f"file={_property(self.path)}" + (f",line={self.line}" if self.line else "")
        text = self.message + (f" ({self.hint})" if self.hint else "")
        return f"::{self.severity} {place},title={_property('initiatives check')}::{_data(text)}"


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def error(path: str | Path, line: int, message: str, hint: str = "", source_line: str = "") -> Problem:
    return Problem(str(path), line, message, "error", hint, source_line)


def warning(path: str | Path, line: int, message: str, hint: str = "", source_line: str = "") -> Problem:
    return Problem(str(path), line, message, "warning", hint, source_line)


class InitiativesError(Exception):
    """Base of every error meant for the user rather than for a traceback."""


class ContentError(InitiativesError):
    """The content has errors; nothing was written."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(f"{len(errors)} error(s) in content")


class BuildError(InitiativesError):
    """A build step outside the content failed (theme, output folder, search index)."""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)
