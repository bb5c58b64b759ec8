"""The browser tests' live server and Debian's Chromium (tests/browser/conftest.py)."""

from __future__ import annotations

from tests.browser.conftest import browser, live_server  # noqa: F401  (fixtures)
