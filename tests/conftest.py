"""Shared fixtures: content sites (fixtures_content) and a real headless browser (fixtures_browser)."""

from fixtures_browser import *  # noqa: F401,F403
from fixtures_content import *  # noqa: F401,F403
