"""The browser tests' fixtures: a headless Chromium against the live test server, and a
page of it at a desktop's width.

`site` is the live server's address. A module whose walk needs rows overrides it to make
them first: Playwright's sync API runs an event loop in the test's thread, and Django
refuses ORM calls while one runs, so every row is made before the browser starts."""

import pytest

from tests.web.chromium import CHROMIUM, CHROMIUM_ARGS, blocked_context, sync_api, why_no_browser


@pytest.fixture
def site(live_server) -> str:
    return live_server.url


@pytest.fixture
def browser(site):
    if reason := why_no_browser():
        pytest.skip(reason)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = blocked_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
