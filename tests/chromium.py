"""Debian's Chromium for the browser tests: its path and flags. A module that needs it calls
:func:`need_chromium` before importing Playwright: skipped locally without the browser; under
CI=true a missing browser is a failure (scripts/test installs it through apt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def need_chromium() -> None:
    """Skip (or, under CI, fail) the calling test module when Chromium is missing."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (scripts/test installs it through apt)",
                        pytrace=False)
        pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
