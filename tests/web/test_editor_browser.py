"""The editor's main path, walked in a real Chromium by the Editor-group persona (not a
superuser), who logs in through the admin's form: the review queue, correcting a
statement and its versions, a bulk correction of a whole search, merging two people, an
import previewed, imported and undone. Each step asserts on what the editor (or, for the
public pages, a researcher) sees, and leaves a screenshot in test-artifacts/ (editor-*)."""

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.models import Statement
from tests import factories as make
from tests.web.chromium import (
    blocked_context,
    page_and_window_widths,
    shot,
    sync_api,
    why_no_browser,
)

if reason := why_no_browser():
    pytest.skip(reason, allow_module_level=True)

expect = sync_api.expect

WALK_LOGIN = "pw-walk-12345"
EXPORT = Path(__file__).resolve().parents[1] / "data" / "mfa_channel_export.json"
BULLETIN_SIZE = 130  # more than a page of the statement list, so "Select all" asks
PHONE = {"width": 390, "height": 844}
# Two statements of a source the archive does not have yet, a row without text, and a
# corrected text of the bulletin's first statement.
UPLOAD = Path(__file__).resolve().parents[1] / "data" / "serbian_mfa_site.csv"


@dataclass
class Archive:
    """What the walk starts from, counted before the browser starts."""

    url: str
    waiting: int  # statements to review


@pytest.fixture
def archive(live_server, editor_user, settings, tmp_path) -> Archive:
    """The demo (published), a channel export imported into a source that needs review (its
    statements wait as New), an embassy's bulletin of many statements on Kosovo, a second
    spelling of Lavrov as a participant of its own, and the editor's password."""
    settings.MEDIA_ROOT = tmp_path / "media"
    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    call_command("load_demo", **quiet)
    make.source("MFA Russia - Serbia (sample)", slug="mfa-sample", needs_review=True)
    call_command("import_statements", str(EXPORT), source="mfa-sample", **quiet)
    bulletin = make.source("Embassy bulletin", slug="embassy-bulletin")
    for number in range(1, BULLETIN_SIZE + 1):
        make.statement(
            bulletin,
            f"Bulletin {number}: the embassy on Kosovo",
            text=f"The embassy's bulletin number {number} on Kosovo and Metohija.",
            kind="other",
            language="en",
            external_id=f"bulletin-{number}",
        )
    second_spelling = make.participant("Sergei V. Lavrov", slug="sergei-v-lavrov")
    make.statement(
        make.source("Embassy in Belgrade", slug="embassy-belgrade"),
        "Sergei V. Lavrov received the ambassador of Serbia",
        text="Sergei V. Lavrov received the ambassador of Serbia in Moscow.",
        kind="meeting",
        language="en",
        participants=[second_spelling],
    )
    editor_user.set_password(WALK_LOGIN)
    editor_user.save()
    waiting = Statement.objects.filter(status=Statement.Status.NEW).count()
    assert waiting > 2, "the walk needs a few statements waiting for review"
    return Archive(url=live_server.url, waiting=waiting)


@pytest.fixture
def site(archive) -> str:
    return archive.url


def log_in(page, url: str, next_path: str = "/admin/") -> None:
    """Through the admin's login form, as an editor does."""
    page.goto(f"{url}/admin/login/?next={next_path}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", WALK_LOGIN)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def messages_(page):
    return page.locator("ul.messagelist")


def assert_every_column_in_view(page) -> None:
    """The list's table fits beside the sidebars: no column (the status last) hidden
    off to the right."""
    scroll_width, width = page.locator("#changelist-form .results").evaluate(
        "table => [table.scrollWidth, table.clientWidth]"
    )
    assert scroll_width <= width + 1, f"{page.url}: the list is {scroll_width}px in {width}px"


def assert_below_the_report(page, section) -> None:
    """An import run's next step starts below the run's report and its Close button."""
    report = page.locator("#importrun_form").bounding_box()
    assert section.bounding_box()["y"] >= report["y"] + report["height"]


def search_admin(page, query: str) -> None:
    """Type a search in the statement list's search box, as an editor does."""
    page.fill("#searchbar", query)
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))


def pk_in(url: str) -> int:
    return int(re.search(r"/(\d+)/change/", url).group(1))


def test_an_editor_reviews_corrects_and_bulk_corrects(archive, browser, page):
    url = archive.url
    log_in(page, url)

    # The index says what waits, and links to it.
    waiting = page.locator("#waiting-module")
    expect(waiting).to_contain_text("Waiting for an editor")
    queue_row = waiting.locator("tr", has_text="Statements to review")
    expect(queue_row.locator(".waiting-count")).to_have_text(str(archive.waiting))
    shot(page, "editor-01-index")

    # The review queue: oldest first, each with the start of its text.
    queue_row.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/statements/statementtoreview/"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(archive.waiting)
    expect(page.locator("h1")).to_have_text("Statements to review")
    expect(rows.first.locator("td.field-excerpt")).not_to_be_empty()
    shot(page, "editor-02-review-queue")
    assert_every_column_in_view(page)

    # Open the first, correct its title, "Save and publish": on to the next one.
    rows.first.locator("th a").click()
    page.wait_for_url(re.compile(r"/statementtoreview/\d+/change/"))
    expect(page.locator("h1")).to_have_text("Review a statement")
    published_pk = pk_in(page.url)
    shot(page, "editor-03-review-statement")
    page.fill("#id_title", "Lavrov and Vučić in Belgrade (title corrected)")
    page.get_by_role("button", name="Save and publish").click()
    page.wait_for_url(lambda now: "/change/" in now and pk_in(now) != published_pk)
    expect(messages_(page)).to_contain_text(
        "“Lavrov and Vučić in Belgrade (title corrected)” published."
    )
    still_new_pk = pk_in(page.url)
    shot(page, "editor-04-review-next")

    # A researcher sees the published one with its new title; the New one is not public.
    public = blocked_context(browser, viewport={"width": 1280, "height": 900})
    try:
        reader = public.new_page()
        reader.goto(f"{url}/statements/{published_pk}/")
        expect(reader.locator("h1")).to_contain_text("(title corrected)")
        shot(reader, "editor-05-public-published")
        answer = reader.goto(f"{url}/statements/{still_new_pk}/")
        assert answer.status == 404
    finally:
        public.close()

    # A published statement found with the query syntax, corrected in two fields.
    page.goto(f"{url}/admin/statements/statement/")
    search_admin(page, "person:vulin kind:meeting")
    found = page.locator("#result_list tbody tr")
    expect(found.first).to_be_visible()
    shot(page, "editor-06-statements-searched")
    assert_every_column_in_view(page)
    found.first.locator("th a").click()
    page.wait_for_url(re.compile(r"/statement/\d+/change/"))
    corrected_pk = pk_in(page.url)
    old_location = page.locator("#id_location").input_value()
    page.fill("#id_location", "Belgrade, Palace of Serbia")
    page.fill("#id_title", page.locator("#id_title").input_value() + " (checked)")
    shot(page, "editor-07-statement-change")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/statements/statement/(\?.*)?$"))
    expect(messages_(page)).to_contain_text("was changed successfully")

    # Its versions show the change; the location alone is restored.
    page.goto(f"{url}/admin/statements/statement/{corrected_pk}/change/")
    page.get_by_role("link", name="Versions").click()
    page.wait_for_url(re.compile(r"/versions/$"))
    expect(page.locator("table.versions")).to_contain_text("edited location, title")
    diff = page.locator("table.diff")
    # The text is as it was (a browser's line breaks are not a change). The oldest version
    # also predates the import that made this scraped copy repeat the dated export.
    changed = diff.locator("tbody > tr > th").all_inner_texts()
    assert sorted(changed) == ["duplicate_of", "location", "title"], changed
    expect(diff.locator("tr", has_text="location")).to_contain_text("Palace of Serbia")
    expect(diff.locator("tr", has_text="title")).to_contain_text("(checked)")
    shot(page, "editor-08-versions")
    diff.get_by_role("button", name=re.compile(r"^Restore location")).click()
    page.wait_for_url(re.compile(r"/versions/$"))
    expect(messages_(page)).to_be_visible()
    shot(page, "editor-09-versions-restored")
    page.goto(f"{url}/admin/statements/statement/{corrected_pk}/change/")
    expect(page.locator("#id_location")).to_have_value(old_location)
    expect(page.locator("#id_title")).to_have_value(re.compile(r"\(checked\)$"))

    # A bulk correction of a whole search: "Select all", then the exact number.
    page.goto(f"{url}/admin/statements/statement/")
    search_admin(page, "kosovo source:embassy-bulletin")
    page.locator("#action-toggle").check()
    page.get_by_role("button", name=f"Select all {BULLETIN_SIZE} statements").click()
    page.select_option("select[name=action]", label="Set the kind of selected statements…")
    shot(page, "editor-10-bulk-select-all")
    page.get_by_role("button", name="Go").click()
    page.select_option("#id_kind", value="comment")
    shot(page, "editor-11-bulk-value")
    page.get_by_role("button", name="Continue").click()
    counts = page.locator(".correction-counts")
    expect(counts).to_contain_text(f"{BULLETIN_SIZE} statements selected")
    expect(counts).to_contain_text(f"{BULLETIN_SIZE} of them will change")
    shot(page, "editor-12-bulk-confirm")
    page.get_by_role("button", name=re.compile(rf": {BULLETIN_SIZE} statements$")).click()
    expect(messages_(page)).to_contain_text(
        f"{BULLETIN_SIZE} of {BULLETIN_SIZE} statements changed"
    )
    shot(page, "editor-13-bulk-done")


def test_an_editor_merges_two_people_and_imports_a_previewed_file(archive, browser, page):
    url = archive.url
    log_in(page, url, "/admin/statements/participant/")

    # Merge the second spelling into Sergey Lavrov.
    for name in ["Sergey Lavrov", "Sergei V. Lavrov"]:
        row = page.locator(
            "#result_list tbody tr", has=page.get_by_role("link", name=name, exact=True)
        )
        row.locator("input.action-select").check()
    page.select_option("select[name=action]", label="Merge selected participants…")
    shot(page, "editor-20-participants-selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("h1")).to_have_text("Merge participants")
    page.get_by_label(re.compile(r"Sergey Lavrov \(")).check()
    shot(page, "editor-21-merge-choose")
    page.get_by_role("button", name="Merge").click()
    expect(messages_(page)).to_contain_text("Merged 1 into Sergey Lavrov.")
    shot(page, "editor-22-merged")

    # The merged one's page leads to the one kept, which has its statement now.
    public = blocked_context(browser, viewport={"width": 1280, "height": 900})
    try:
        reader = public.new_page()
        reader.goto(f"{url}/participants/sergei-v-lavrov/")
        assert reader.url.endswith("/participants/sergey-lavrov/")
        expect(reader.locator("h1")).to_contain_text("Sergey Lavrov")
        received = reader.get_by_role("link", name="Sergei V. Lavrov received the ambassador")
        expect(received.first).to_be_visible()
        shot(reader, "editor-23-public-survivor")
    finally:
        public.close()

    # The merge is in that statement's versions.
    page.goto(f"{url}/admin/statements/statement/")
    search_admin(page, "source:embassy-belgrade")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_url(re.compile(r"/change/"))
    expect(page.locator("#statementparticipant_set-group")).to_contain_text("Sergey Lavrov")
    page.get_by_role("link", name="Versions").click()
    expect(page.locator("table.versions")).to_contain_text("Sergei V. Lavrov")
    shot(page, "editor-24-versions-merge")

    # Import a file: first its preview, which warns of the new source.
    page.goto(f"{url}/admin/statements/importrun/")
    page.get_by_role("link", name="Import a file").click()
    page.set_input_files("#id_file", str(UPLOAD))
    shot(page, "editor-25-upload")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url(re.compile(r"/importrun/\d+/change/$"))
    would_do = page.locator("section[aria-labelledby=would-do]")
    expect(would_do).to_contain_text("would create 2 statements")
    expect(would_do).to_contain_text("update 1,")
    expect(would_do).to_contain_text("(1 could not be read)")
    expect(would_do.locator("li", has_text="Bulletin 1: the embassy on Kosovo")).to_contain_text(
        "text"
    )
    expect(would_do).to_contain_text("the new source “serbian-mfa”")
    expect(would_do.locator("tbody tr")).to_have_count(2)
    shot(page, "editor-26-preview")
    assert_below_the_report(page, would_do)

    # Import it; the run links to its statements; undo it.
    page.get_by_role("button", name="Import this file").click()
    page.wait_for_url(re.compile(r"/importrun/\d+/change/$"))
    expect(messages_(page)).to_contain_text("Import of serbian_mfa_site.csv")
    shot(page, "editor-27-imported")
    assert_below_the_report(page, page.locator("section[aria-labelledby=undo]"))
    page.get_by_role("link", name="The 2 statements it created").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text("Đurić met the ambassador of Russia")
    expect(
        page.locator("#changelist-filter li.selected", has_text="serbian_mfa_site.csv")
    ).to_be_visible()
    shot(page, "editor-28-its-statements")
    page.go_back()
    page.get_by_role("button", name="Undo this import").click()
    expect(messages_(page)).to_contain_text("hid 2 statements it created, reverted 1 it updated")
    shot(page, "editor-29-undone")
    page.goto(f"{url}/admin/statements/statement/?q=source%3Aserbian-mfa")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator("#result_list td.field-status", has_text="Hidden")).to_have_count(2)
    page.goto(f"{url}/admin/statements/statement/?q=%22with+a+correction%22")
    expect(page.locator("#changelist .paginator")).to_contain_text("0 statements")


def test_an_editor_sees_the_review_queue_and_a_statement_on_a_phone(archive, browser):
    phone = blocked_context(browser, viewport=PHONE)
    page = phone.new_page()
    try:
        log_in(page, archive.url, "/admin/statements/statementtoreview/")

        def assert_fits(name):
            shot(page, name)
            width, inner = page_and_window_widths(page)
            assert width <= inner + 1, f"{page.url} is {width}px wide on a phone"

        expect(page.locator("#result_list tbody tr")).to_have_count(archive.waiting)
        assert_fits("editor-phone-review-queue")
        page.locator("#result_list tbody tr th a").first.click()
        page.wait_for_url(re.compile(r"/change/"))
        expect(page.get_by_role("button", name="Save and publish")).to_be_visible()
        assert_fits("editor-phone-review-statement")
    finally:
        phone.close()
