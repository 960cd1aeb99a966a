"""End-to-end browser tests: a real (headless) Chromium against the live test server.

They drive Debian's Chromium through Playwright's sync API and assert on what a
user sees. Full-page screenshots go to test-artifacts/ (git-ignored) for review.
"""

import csv
import re

import pytest
from django.core.management import call_command

from statements.models import Statement
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

REVIEWER_PASSWORD = "pw-review-12345"


@pytest.fixture
def demo_site(live_server):
    """The live server (transactional DB) with the demo archive loaded, before the browser
    starts (see tests/web/conftest.py)."""
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull, stderr=devnull)
    return live_server.url


@pytest.fixture
def site(demo_site):
    return demo_site


def test_home_search_for_djuric_highlights_results(page, demo_site):
    page.goto(demo_site + "/")
    counts = page.locator("p.counts")
    expect(counts).to_contain_text("7 statements")
    search = page.locator("form.big-search input[type=search]")
    expect(search).to_be_visible()
    shot(page, "home")

    search.fill("Djuric")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/statements/\?q=Djuric$"))
    expect(page.locator("p.result-count")).to_contain_text("2 statements")
    marks = page.locator(".main-column .statement-item mark")
    expect(marks.first).to_be_visible()
    assert re.search(r"(?i)djuri|đurić|djurić", " ".join(marks.all_inner_texts()))
    shot(page, "results-djuric")


def test_people_facet_narrows_and_chip_removes(page, demo_site):
    page.goto(demo_site + "/statements/?q=kosovo")
    count = page.locator("p.result-count strong")
    before = count.inner_text()
    shot(page, "results-kosovo")

    people = page.locator("section.facet", has=page.get_by_role("heading", name="People"))
    people.get_by_role("link", name="Aleksandar Vulin").click()
    page.wait_for_url(re.compile(r"participant=aleksandar-vulin"))
    expect(count).not_to_have_text(before)
    chip = page.locator("ul.active-filters li a", has_text="Aleksandar Vulin")
    expect(chip).to_have_count(1)
    expect(page.locator("ul.active-filters li a", has_text="kosovo")).to_have_count(1)
    expect(people.locator("li.selected")).to_contain_text("Aleksandar Vulin")
    shot(page, "results-kosovo-vulin")

    chip.click()
    page.wait_for_url(lambda url: "participant=" not in url)
    expect(page.locator("ul.active-filters li a", has_text="Aleksandar Vulin")).to_have_count(0)
    expect(count).to_have_text(before)
    assert "q=kosovo" in page.url


def test_statement_page_shows_highlighted_text_and_people(page, demo_site):
    page.goto(demo_site + "/statements/?q=kosovo")
    page.locator(".main-column .statement-item h3 a").first.click()
    page.wait_for_load_state()
    text = page.locator(".statement-text")
    expect(text).to_be_visible()
    expect(text.locator("mark").first).to_be_visible()
    assert len(text.inner_text()) > 200
    back = page.get_by_role("link", name=re.compile("Back to the search"))
    expect(back).to_be_visible()
    people = page.locator("section.links", has=page.get_by_role("heading", name="People"))
    expect(people.get_by_role("link").first).to_be_visible()
    assert people.get_by_role("link").count() >= 1
    shot(page, "statement")

    back.click()
    page.wait_for_url(re.compile(r"/statements/\?.*q=kosovo"))
    expect(page.locator("p.result-count")).to_be_visible()


def test_narrow_viewport_has_no_horizontal_scroll(browser, demo_site):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    try:
        for path, name in [
            ("/statements/?q=kosovo", "narrow-results"),
            ("/", "narrow-home"),
        ]:
            page.goto(demo_site + path)
            expect(page.locator("main")).to_be_visible()
            scroll_width, inner_width = page_and_window_widths(page)
            shot(page, name)
            assert scroll_width <= inner_width + 1, f"{path}: page is {scroll_width}px wide"
        # and one statement page, whose text and URLs are long
        page.goto(demo_site + "/statements/?q=kosovo")
        page.locator(".main-column .statement-item h3 a").first.click()
        page.wait_for_load_state()
        scroll_width, inner_width = page_and_window_widths(page)
        shot(page, "narrow-statement")
        assert scroll_width <= inner_width + 1, f"statement page is {scroll_width}px wide"
    finally:
        context.close()


def test_search_open_result_and_cite(browser, demo_site):
    context = blocked_context(
        browser,
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(demo_site + "/statements/?q=Dayton")
        first = page.locator(".main-column .statement-item h3 a").first
        expect(first).to_be_visible()
        first.click()
        page.wait_for_url(re.compile(r"/statements/\d+"))

        cite = page.locator("section.cite")
        expect(cite.get_by_role("heading", name="Cite")).to_be_visible()
        source = page.locator("dl.facts dt:text-is('Source') + dd a").inner_text().strip()
        permalink = cite.locator("p.permalink a").inner_text().strip()
        assert permalink.startswith(demo_site) and "/statements/" in permalink
        reference = cite.locator("#cite-chicago")
        expect(reference).to_be_visible()
        text = reference.input_value()
        # The publisher is the channel forwarded from, not the archive's label of the source.
        assert source and source not in text and "Russian MFA, Telegram post" in text
        assert permalink in text

        bibtex = cite.locator("#cite-bibtex")
        expect(bibtex).to_be_hidden()
        cite.locator("details summary", has_text="BibTeX").click()
        expect(bibtex).to_be_visible()
        assert bibtex.input_value().startswith("@misc{statement")

        button = cite.locator("button[data-copy=cite-chicago]")
        expect(button).to_have_text("Copy reference")
        button.click()
        expect(button).to_have_text("Copied")
        expect(cite.get_by_role("status")).to_have_text("Copied to the clipboard.")
        shot(page, "statement-cite")
    finally:
        context.close()


def test_timeline_bar_narrows_dates_and_share_toggle(page, demo_site):
    page.goto(demo_site + "/statements/?q=kosovo")
    count = page.locator("p.result-count strong")
    before = int(count.inner_text())
    chart = page.locator("figure.timeline ol.timeline-bars")
    expect(chart).to_be_visible()
    bars = chart.locator("a")  # only periods with statements are links
    assert bars.count() > 0
    index = 0
    title = bars.nth(index).get_attribute("title")
    assert title and bars.nth(index).locator(".visually-hidden").text_content() == title
    shot(page, "timeline-kosovo")

    bars.nth(index).click()
    page.wait_for_url(re.compile(r"date_from=.*date_to=|date_to=.*date_from="))
    after = int(count.inner_text())
    assert 0 < after <= before, f"bar {title!r}: {before} -> {after}"
    chip = page.locator("ul.active-filters li a", has_text=re.compile(r"^From: "))
    expect(chip).to_have_count(1)
    expect(page.locator("ul.active-filters li a", has_text=re.compile(r"^To: "))).to_have_count(1)
    shot(page, "timeline-bar-clicked")

    page.goto(demo_site + "/statements/?q=kosovo")
    page.locator("figure.timeline figcaption").get_by_role(
        "link", name="show share of all statements"
    ).click()
    page.wait_for_url(re.compile(r"timeline=share"))  # waits for "load": styles applied
    caption = page.locator("figure.timeline figcaption")
    expect(caption).to_contain_text("Share of all statements")
    expect(caption.get_by_role("link", name="show counts")).to_be_visible()
    shot(page, "timeline-share")


def test_export_csv_of_a_search(page, demo_site, tmp_path):
    page.goto(demo_site + "/statements/?q=kosovo")
    shown = int(page.locator("p.result-count strong").inner_text())
    assert shown == 4
    link = page.locator("p.downloads").get_by_role("link", name="CSV", exact=True)
    expect(link).to_be_visible()
    shot(page, "export-csv-search")
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    with open(target, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["id", "url", "source"], rows[0]
    assert len(rows) - 1 == shown


def test_query_language_person_chip(page, demo_site):
    page.goto(demo_site + "/statements/")
    box = page.locator("#q")
    box.fill("person:vulin kosovo")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=person"))
    chips = page.locator("ul.active-filters li a")
    person = chips.filter(has_text="Person: Aleksandar Vulin")
    expect(person).to_have_count(1)
    expect(chips.filter(has_text="kosovo")).to_have_count(1)
    shot(page, "query-person-chip")

    person.click()
    page.wait_for_url(lambda url: "person" not in url)
    expect(chips.filter(has_text="Person:")).to_have_count(0)
    expect(box).to_have_value(re.compile(r"^\s*kosovo\s*$"))
    expect(chips.filter(has_text="kosovo")).to_have_count(1)
    shot(page, "query-person-chip-removed")


def test_phone_statement_and_participant_pages(browser, demo_site):
    context = blocked_context(
        browser, viewport={"width": 375, "height": 812}, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    def assert_no_sideways_scroll(name):
        scroll_width, inner_width = page_and_window_widths(page)
        shot(page, name)
        assert scroll_width <= inner_width + 1, f"{page.url}: page is {scroll_width}px wide"

    try:
        page.goto(demo_site + "/statements/?q=Dayton")
        page.locator(".main-column .statement-item h3 a").first.click()
        page.wait_for_url(re.compile(r"/statements/\d+"))
        expect(page.locator(".statement-text")).to_be_visible()
        assert_no_sideways_scroll("phone-statement")

        page.goto(demo_site + "/participants/sergey-lavrov/")
        expect(page.locator("h1")).to_contain_text("Lavrov")
        timeline = page.locator("figure.timeline ol.timeline-bars")
        expect(timeline).to_be_visible()
        box = timeline.bounding_box()
        assert box["width"] > 200 and box["height"] > 20
        assert_no_sideways_scroll("phone-participant-lavrov")
    finally:
        context.close()


@pytest.fixture
def review_queue(demo_site, editor_user):
    """The demo's statements waiting for review, and the editor to review them, who logs in
    through the form with a password the test knows."""
    Statement.objects.update(status=Statement.Status.NEW)
    editor_user.set_password(REVIEWER_PASSWORD)
    editor_user.save()
    return demo_site


def test_an_editor_works_through_the_review_queue_by_keyboard(review_queue, page):
    page.goto(review_queue + "/admin/login/?next=/admin/statements/statementtoreview/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", REVIEWER_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/admin/statements/statementtoreview/$"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(7)
    expect(page.locator(".review-keys")).to_contain_text("publish")
    shot(page, "review-queue")

    page.wait_for_load_state("load")
    page.keyboard.press("j")  # the oldest statement
    expect(rows.nth(0)).to_have_class(re.compile("keyboard-current"))
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("input.action-select:checked")).to_have_count(2)
    page.keyboard.press("p")  # publish the two selected: first the confirmation
    expect(page.locator(".correction-counts")).to_contain_text("2 statements selected")
    shot(page, "review-queue-confirm-publish")
    page.keyboard.press("Enter")  # the confirmation's button has the focus
    expect(page.locator("ul.messagelist")).to_contain_text("2 of 2 statements changed")
    expect(rows).to_have_count(5)
    page.wait_for_load_state("load")  # the keys' script is deferred

    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile("keyboard-current"))
    page.keyboard.press("h")  # hide the current one, nothing selected: a reason first
    expect(page.locator("#id_reason")).to_be_focused()
    page.keyboard.type("a copy of another post")
    page.keyboard.press("Enter")
    expect(page.locator("ul.messagelist")).to_contain_text("1 of 1 statements changed")
    expect(rows).to_have_count(4)
    shot(page, "review-queue-after")

    page.goto(review_queue + "/statements/")
    expect(page.locator("p.result-count")).to_contain_text("2 statements")
