"""Shared fixtures: content sites (fixtures_content) and a real headless browser (fixtures_browser)."""

import os

from fixtures_browser import *  # noqa: F401,F403
from fixtures_content import *  # noqa: F401,F403
from hypothesis import settings

# No per-example deadline: a loaded 2-core CI machine must not turn slowness into failures.
# In CI, examples are derived from the test itself so that a run can be repeated exactly.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")
