"""The system's Chromium for the browser tests: found on PATH (`make browser` installs Debian's), never
downloaded. Where it is missing the tests skip with the reason, except on CI (CI=true), where a skipped
browser test would hide a broken install step: there they fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Headless, no sandbox (root in CI containers), and nothing that reaches out: no QUIC, no background
# networking, component updates or sync.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    message = "no Chromium found: install it with `make browser` (apt-get install chromium) to run this test"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run the browser tests, not skip them)")
    pytest.skip(message)


def launch(playwright, profile, offline: bool = False, **options):
    """A Playwright browser context on the system Chromium with a fresh profile folder (no download)."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium(), headless=True, args=CHROMIUM_ARGS[1:], offline=offline,
        viewport={"width": 1400, "height": 1000}, **options)


def screenshots_dir(tmp_path) -> Path:
    """Where screenshots go: $PRESSWORK_SCREENSHOTS, else the test's tmp folder."""
    out = Path(os.environ.get("PRESSWORK_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out
