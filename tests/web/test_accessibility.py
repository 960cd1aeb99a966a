"""WCAG 2.2 AA in the browser: axe-core (vendored in tests/web/vendor/) finds no serious or
critical violation on each page type at a desktop's and a phone's size; each page has its
landmarks, one h1, a skip link to the main content and a visible focus; nothing scrolls
sideways on a phone. Screenshots of each page at both sizes go to test-artifacts/."""

from pathlib import Path

import pytest
from django.core.management import call_command

from statements.models import Hashtag, Statement, TranslationPair
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

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, rules: {"target-size": {enabled: true}},
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""
# The contrast of the focus ring against the page's background (WCAG 1.4.11: at least 3:1).
FOCUS_CONTRAST = """() => {
  const rgb = (color) => color.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const luminance = (color) => {
    const [r, g, b] = rgb(color).map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ring = luminance(getComputedStyle(document.activeElement).outlineColor);
  const page = luminance(getComputedStyle(document.documentElement).backgroundColor);
  return (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
}"""


@pytest.fixture
def pages(live_server) -> dict[str, str]:
    """The demo, and the address of each page type (rows made before the browser starts)."""
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull, stderr=devnull)
    statement = Statement.objects.published().order_by("pk").first()
    hashtag = Hashtag.objects.most_used().first()
    english, russian = side_by_side()
    return {
        "home": "/",
        "search": "/statements/?q=kosovo",
        "browse": "/statements/",
        "statement": statement.get_absolute_url(),
        "participant": "/participants/sergey-lavrov/",
        "hashtag": hashtag.get_absolute_url(),
        "people": "/participants/",
        "hashtags": "/hashtags/",
        "sources": "/sources/",
        "source": statement.source.get_absolute_url(),
        "network": "/network/",
        "help": "/search-help/",
        "api": "/api/",
        "not-found": "/statements/?q=kosovo&page=99",
        "concordance": "/concordance/?q=kosovo&sort=left",
        "trends": "/trends/?q=kosovo&q=serbia&q=person%3Asergey-lavrov",
        "side-by-side": f"/statements/{english.pk}/beside/{russian.pk}/",
    }


def side_by_side() -> tuple[Statement, Statement]:
    """A statement and its linked version in Russian, for the page showing them side by side."""
    source = make.source("Ministry", slug="ministry-versions")
    english = make.statement(
        source,
        "Lavrov met Đurić",
        text="Sergey Lavrov met Marko Đurić.\nThey discussed Resolution 1244.",
        language="en",
    )
    russian = make.statement(
        source,
        "Лавров встретился с Джуричем",
        text="Сергей Лавров встретился с Марко Джуричем.\nОбсудили резолюцию 1244.",
        language="ru",
    )
    TranslationPair.objects.create(
        first=english, second=russian, score=0.9, status=TranslationPair.Status.LINKED
    )
    return english, russian


@pytest.fixture
def site(pages, live_server):
    return live_server.url


@pytest.mark.parametrize("size", SIZES)
def test_each_page_type_passes_axe_with_landmarks_one_h1_and_no_sideways_scroll(
    browser, site, pages, size
):
    width, height = SIZES[size]
    context = blocked_context(browser, viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    try:
        for name, path in pages.items():
            page.goto(site + path)
            shot(page, f"a11y-{name}-{size}")
            page.add_script_tag(path=str(AXE))
            problems += [
                f"{name} {size}: {violation}" for violation in page.evaluate(RUN_AXE, AXE_TAGS)
            ]
            for landmark in ("banner", "navigation", "main", "contentinfo"):
                if page.get_by_role(landmark).count() < 1:
                    problems.append(f"{name} {size}: no {landmark} landmark")
            if (h1s := page.locator("h1").count()) != 1:
                problems.append(f"{name} {size}: {h1s} h1 elements")
            scroll_width, window_width = page_and_window_widths(page)
            if scroll_width > window_width + 1:
                problems.append(
                    f"{name} {size}: {scroll_width}px wide in a {window_width}px window"
                )
    finally:
        context.close()
    assert problems == []


def test_the_skip_link_comes_first_and_focus_shows_at_3_to_1(page, site, pages):
    page.goto(site + pages["search"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")  # the first stop in the main content: the search box
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate(FOCUS_CONTRAST) >= 3
    shot(page, "a11y-focus")


def test_the_timeline_s_links_are_tap_targets_and_empty_periods_no_tab_stops(browser, site, pages):
    context = blocked_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + pages["participant"])
        bars = page.locator("ol.timeline-bars li")
        links = page.locator("ol.timeline-bars a")
        assert 0 < links.count() < bars.count()
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24
        assert page.locator("ol.timeline-bars [tabindex]").count() == 0
        assert page.locator("figure.timeline [role=img]").count() == 0
        scroll = page.locator(".timeline-scroll").bounding_box()
        assert scroll["width"] > 250  # fills the box beside its axis
        shot(page, "a11y-timeline-phone")
    finally:
        context.close()


def test_copying_a_reference_is_announced(page, site, pages):
    page.goto(site + pages["statement"])
    page.get_by_role("button", name="Copy reference").first.click()
    status = page.locator("#cite-status")
    sync_api.expect(status).to_have_text("Copied to the clipboard.")
    assert (status.get_attribute("role"), status.get_attribute("aria-live")) == (
        "status",
        "polite",
    )


@pytest.fixture
def long_links(live_server) -> dict[str, str]:
    """Statement pages whose text holds long links, in Latin and in Arabic script (made
    before the browser starts)."""
    link = "https://www.mid.ru/ru/foreign_policy/news/" + "x" * 40 + "/?utm_source=" + "y" * 60
    latin = make.statement(
        make.source("Ministry"), title="Remarks " + link, text=f"Read more: {link} {link}"
    )
    arabic = make.statement(
        make.source("Embassy"),
        title="المؤتمر الصحفي لوزير الخارجية",
        text=f"قال الوزير إن المحادثات كانت بناءة. {link} المزيد: {link}",
        language="ar",
        source_url=link,
    )
    return {"long-link": latin.get_absolute_url(), "arabic": arabic.get_absolute_url()}


def test_long_links_and_arabic_text_wrap_on_a_phone(long_links, browser, live_server):
    """Nothing scrolls sideways on a phone, whatever the text holds."""
    context = blocked_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for name, path in long_links.items():
            page.goto(live_server.url + path)
            shot(page, f"a11y-{name}-phone")
            scroll_width, window_width = page_and_window_widths(page)
            assert scroll_width <= window_width + 1, f"{name}: {scroll_width}px wide"
    finally:
        context.close()


def test_the_trends_chart_fits_a_phone_and_its_table_links_each_number(browser, site, pages):
    context = blocked_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + pages["trends"])
        chart = page.locator("svg.trend-chart").bounding_box()
        assert 300 < chart["width"] <= 390
        assert page.locator(".trend-legend li").count() == 3
        assert page.locator(".trend-table td a").count() > 0
        assert page.locator("svg.trend-chart a[tabindex='-1']").count() > 0
        shot(page, "a11y-trends-table-phone")
    finally:
        context.close()
