"""Fixtures for browser tests: headless Chromium via Playwright, a local HTTP server, axe-core."""
