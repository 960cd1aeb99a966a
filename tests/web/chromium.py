"""What the browser tests share besides their fixtures (tests/web/conftest.py): Debian's
Chromium driven through Playwright's sync API, pages that may contact the live server
only, full-page screenshots in test-artifacts/ (git-ignored) for a person to look at."""

import re
import shutil
from pathlib import Path

try:
    from playwright import sync_api
except ImportError:  # a checkout without the dev dependencies: the fixtures skip
    sync_api = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NOT_THE_LIVE_SERVER = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*")


def why_no_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if CHROMIUM is None:
        return "no chromium binary on PATH (install Debian's: apt-get install -y chromium)"
    if sync_api is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


def blocked_context(browser, **options):
    """A new context whose pages may only contact the live server."""
    context = browser.new_context(**options)
    context.route(NOT_THE_LIVE_SERVER, lambda route: route.abort())
    return context


def shot(page, name: str) -> None:
    """The whole page once it has loaded (its deferred scripts run: the admin's sidebar is
    laid out by one)."""
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def page_and_window_widths(page) -> tuple[int, int]:
    """How wide the page is and how wide the window: a page wider than its window scrolls
    sideways."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
