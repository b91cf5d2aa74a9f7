"""The front page in a real headless Chromium (Debian's chromium + chromedriver, selenium).

Loads the home page from a test database, checks the latest figure and the record text,
follows a month to its provenance, switches to Urdu, fetches the feed, and saves a
screenshot (TRACKER_SCREENSHOT=path keeps it, e.g. for docs/).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datasette", reason="tracker[web] (Datasette) is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip(
        "Chromium is absent: apt-get install chromium chromium-driver (.ci/run does)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tracker-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1100,1900",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_home_page_in_a_browser(browser: Any, served: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served + "/")
    assert browser.find_element(By.ID, "latest-value").text == "$460M"
    assert browser.find_element(By.ID, "latest-state").text.startswith("provisional")
    assert browser.find_element(By.ID, "record-text").text.startswith("All-time monthly record")
    chart = browser.find_element(By.CSS_SELECTOR, "#chart svg")
    assert chart.size["width"] > 600 and chart.size["height"] > 200  # laid out, not empty
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart circle.record")) >= 3
    feed = browser.find_element(By.CSS_SELECTOR, 'link[rel="alternate"]')
    assert feed.get_attribute("type") == "application/atom+xml"
    shot = Path(os.environ.get("TRACKER_SCREENSHOT") or tmp_path / "home.png")
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000

    browser.find_element(By.ID, "latest-month").click()
    assert browser.current_url.endswith("/month/2026-10")
    vintages = browser.find_element(By.ID, "vintages").text
    assert "460" in vintages and "release.csv" in vintages

    browser.get(served + "/?lang=ur")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    assert browser.find_element(By.ID, "latest-value").text == "$460M"

    browser.get(feed.get_attribute("href") if False else served + "/feed.atom")
    assert "all-time high, October 2026: $460M" in browser.page_source
