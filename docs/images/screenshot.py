"""Screenshot of a plan page at one step: ``python3 screenshot.py PAGE.html STEP OUT.png [SELECTOR]``.

SELECTOR (default ``#viewer``, the stepped picture) picks the part of the page to shoot.

Used by make.sh; opens the page from disk in Debian's Chromium through Playwright.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main(page_file: str, step: str, output: str, selector: str = "#viewer") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 980})
        page.goto(Path(page_file).resolve().as_uri() + f"#step={step}")
        page.locator(selector).screenshot(path=output)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
