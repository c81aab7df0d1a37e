"""Where a build is published: Netlify's deploy contexts, read from the variables Netlify sets.

A deploy preview (a pull request) or a branch deploy is marked as such on every page — a banner
linking to « Ce qui change », ``noindex`` for search engines — and is linked on its own address
(``DEPLOY_PRIME_URL``); production has none of it. The same content gives the same pages but for
these marks, so that Netlify's list of changed files stays meaningful.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping

PREVIEW_CONTEXTS = ("deploy-preview", "branch-deploy")


@dataclass(frozen=True)
class Deploy:
    """The deploy context of a build."""

    context: str = "production"  # Netlify's CONTEXT: production, deploy-preview, branch-deploy, dev
    review: str = ""  # the pull request's number (REVIEW_ID), or the branch of a branch deploy
    url: str = ""  # the deploy's own address (DEPLOY_PRIME_URL)
    repository: str = ""  # « owner/name » of the GitHub repository built (REPOSITORY_URL): where /admin/ saves

    @property
    def preview(self) -> bool:
        return self.context in PREVIEW_CONTEXTS

    def banner(self) -> str:
        """What the banner of a preview says; empty in production."""
        if self.context == "deploy-preview":
            number = f" n°\u00a0{self.review}" if self.review else ""
            return f"Prévisualisation de la demande de modification{number}"
        if self.context == "branch-deploy":
            branch = f" «\u00a0{self.review}\u00a0»" if self.review else ""
            return f"Prévisualisation de la branche{branch}"
        return ""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "Deploy":
        context = environ.get("CONTEXT") or "production"
        if context == "deploy-preview":
            review = environ.get("REVIEW_ID", "")
        else:
            review = environ.get("BRANCH") or environ.get("HEAD", "")
        return cls(context, review if context in PREVIEW_CONTEXTS else "", environ.get("DEPLOY_PRIME_URL", "")
                   if context in PREVIEW_CONTEXTS else "", github_repository(environ.get("REPOSITORY_URL", "")))


def github_repository(url: str) -> str:
    """« owner/name » of a GitHub repository's address (https://github.com/owner/name, git@github.com:owner/name.git)."""
    match = re.match(r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$", url)
    return match.group(1) if match else ""


PRODUCTION = Deploy()
