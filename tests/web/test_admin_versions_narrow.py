"""The Versions page of a statement on a phone (390 px): no sideways scrolling, even with
long words, links and labels. A real Chromium, as in test_browser."""

import re

import pytest

from statements.curation import revisions
from statements.models import Statement
from tests import factories as make
from tests.web.chromium import blocked_context, page_and_window_widths, shot, sync_api

EDITOR_LOGIN = "pw-versions-12345"
LONG_URL = "https://mid.ru/ru/foreign_policy/news/" + "1" * 40 + "/?" + "utm_source=x&" * 8


@pytest.fixture
def site(live_server, editor_user) -> str:
    """The Versions page of a statement an editor changed (a long text and link); the
    editor logs in with EDITOR_LOGIN."""
    editor_user.set_password(EDITOR_LOGIN)
    editor_user.save()
    statement = make.statement(
        title="Joint statement of the foreign ministers on the situation in the Balkans",
        text="Lavrov and Đurić discussed cooperation. " + LONG_URL,
    )
    before = revisions.snapshot(statement)
    Statement.objects.filter(pk=statement.pk).update(
        text=statement.text + " Both sides reaffirmed their positions.", location="Moscow"
    )
    statement.refresh_from_db()
    revisions.record_edit(statement, before, editor_user)
    return f"{live_server.url}/admin/statements/statement/{statement.pk}/versions/"


def test_versions_fit_a_phone_screen(site, browser):
    context = blocked_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site.replace("/admin/", "/admin/login/?next=/admin/", 1))
        page.fill("#id_username", "editor")
        page.fill("#id_password", EDITOR_LOGIN)
        page.press("#id_password", "Enter")
        page.wait_for_url(re.compile(r"/versions/$"))
        sync_api.expect(page.locator("table.diff")).to_be_visible()
        scroll_width, inner_width = page_and_window_widths(page)
        shot(page, "admin-versions-390")
        assert scroll_width <= inner_width + 1, f"Versions is {scroll_width}px wide"
    finally:
        context.close()
