"""The content folder as it is at a git reference: found, fetched if need be, extracted.

Netlify builds a pull request from a shallow clone of its branch: the production branch is
fetched, and the history deepened until the branch's merge base appears, so that « Ce qui
change » shows what the pull request changes, not what was merged on the production branch
since. Anything that makes the comparison impossible is a reason in French, never an error:
the site builds anyway.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

# Where the production branch is looked for when no reference is given (Netlify does not say it).
DEFAULT_REFS = ("origin/main", "origin/master", "main", "master")
DEEPEN_STEPS = (50, 200, 1000)  # commits fetched at a time while the merge base is not found


@dataclass(frozen=True)
class Reference:
    """The commit the working tree is compared with, or why there is none."""

    commit: str = ""  # full hash of the merge base of the reference and HEAD
    name: str = ""  # the reference as asked or found (« origin/main »)
    reason: str = ""  # in French, for the page, when ``commit`` is empty


def _git(repository: Path, *args: str, check: bool = True) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip()


def locate(content_dir: Path, ref: str | None) -> Reference:
    """The merge base of ``ref`` (or the production branch) and HEAD, fetching what a shallow clone lacks."""
    top = _git(content_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return Reference(reason="le dossier du contenu n’est pas dans un dépôt git : rien à comparer.")
    repository = Path(top)
    names = [ref] if ref else list(DEFAULT_REFS)
    found = next((name for name in names if _commit(repository, name)), None)
    if found is None:
        found = _fetch(repository, names)
    if found is None:
        asked = f"« {ref} »" if ref else "la branche de production (main)"
        return Reference(name=ref or "", reason=f"{asked} est introuvable dans ce dépôt, même après l’avoir "
                                                "demandée au dépôt d’origine.")
    base = _merge_base(repository, found)
    if base is None:
        return Reference(name=found, reason=f"l’historique commun avec « {found} » est introuvable : la "
                                            "comparaison n’est pas possible.")
    return Reference(commit=base, name=found)


def _commit(repository: Path, name: str) -> str | None:
    return _git(repository, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")


def _fetch(repository: Path, names: list[str]) -> str | None:
    """Fetch the first of ``names`` the remote has (a shallow clone has only its own branch)."""
    for name in names:
        branch = name.removeprefix("origin/")
        if _git(repository, "fetch", "--quiet", "--depth", str(DEEPEN_STEPS[0]), "origin",
                f"+refs/heads/{branch}:refs/remotes/origin/{branch}") is not None:
            return f"origin/{branch}"
    return None


def _merge_base(repository: Path, name: str) -> str | None:
    """The merge base of ``name`` and HEAD, deepening a shallow history until it is found."""
    base = _git(repository, "merge-base", name, "HEAD")
    for depth in DEEPEN_STEPS:
        if base is not None or _git(repository, "rev-parse", "--is-shallow-repository") != "true":
            break
        _git(repository, "fetch", "--quiet", f"--deepen={depth}", "origin")
        remote = name.removeprefix("origin/")
        _git(repository, "fetch", "--quiet", f"--deepen={depth}", "origin",
             f"+refs/heads/{remote}:refs/remotes/origin/{remote}")
        base = _git(repository, "merge-base", name, "HEAD")
    return base


def extract(content_dir: Path, commit: str, into: Path) -> Path | None:
    """The content folder as it is at ``commit``, written under ``into``; None when it did not exist there."""
    top = Path(_git(content_dir, "rev-parse", "--show-toplevel") or ".")
    inside = content_dir.resolve().relative_to(top.resolve()).as_posix()
    try:
        archive = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", commit, "--", inside],
                                 capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if archive.returncode != 0:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    folder = into / inside
    return folder if folder.is_dir() else None
