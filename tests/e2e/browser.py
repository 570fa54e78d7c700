"""Debian's chromium, headless, driven by Selenium: at a phone's size or a desktop's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

IPHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def chromium(
    folder: Path, width: int, height: int, *, mobile: bool, user_agent: str | None = None
) -> Any:
    """A new browser with its own profile in `folder` (downloads go to `folder`/downloads):
    emulating a phone of `width` x `height` CSS pixels, or a desktop window of that size."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail(
            "chromium and chromedriver are missing: scripts/install_test_packages.sh installs them"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        # Without these chromium calls out at every start, and this machine refuses it.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={folder / 'profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(folder / "downloads")}
    )
    if mobile:
        emulated: dict[str, Any] = {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True}
        }
        if user_agent:
            emulated["userAgent"] = user_agent
        options.add_experimental_option("mobileEmulation", emulated)
    else:
        options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(0)
    return driver
