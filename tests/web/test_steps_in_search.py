"""A statement page reached from a search offers the results before and after it in that
search's order (newest, oldest, relevance), across the search's pages, and leads back to
the page that lists it."""

import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from statements.search.paging import PAGE_SIZE
from tests import factories as make

RESULTS = 2 * PAGE_SIZE + 5  # three pages


@pytest.fixture
def talks(db):
    """RESULTS statements on talks, each a day apart, some of them saying "talks" more
    often (so relevance is not the date order), and a few that do not match."""
    mfa = make.source("MFA of Serbia")
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for number in range(RESULTS):
        words = " ".join(["talks"] * (1 + number % 4))
        make.statement(
            mfa,
            f"Statement {number}",
            text=f"{words} on the economy, item {number}",
            published_at=start + timedelta(days=number),
        )
    for number in range(3):
        make.statement(mfa, f"Unrelated {number}", text="A visit to Moscow")


def api_order(researcher, params: dict) -> list[int]:
    """The search's ids in its order, as the API pages them."""
    ids, url = [], "/api/statements/"
    query = dict(params)
    while url:
        body = json.loads(researcher.get(url, query).content)
        ids += [row["id"] for row in body["results"]]
        url, query = body["next"], None
    return ids


def first_result_link(researcher, params: dict) -> str:
    html = researcher.get("/statements/", params).content.decode()
    return unescape(re.search(r'<h3><a href="(/statements/\d+/\?[^"]*)"', html).group(1))


def walk(researcher, url: str, direction: str) -> list[int]:
    """The ids met following one link after another ("next" or "previous")."""
    ids = []
    while url:
        page = researcher.get(url)
        assert page.status_code == 200, url
        ids.append(page.context["statement"].pk)
        steps = page.context["in_search"]
        step = getattr(steps, direction)
        url = step.url if step else ""
        assert len(ids) <= RESULTS + 1, "a loop"
    return ids


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_next_and_previous_walk_the_whole_search_in_its_order(talks, researcher, sort):
    params = {"q": "talks", "sort": sort}
    expected = api_order(researcher, params)
    assert len(expected) == RESULTS
    forwards = walk(researcher, first_result_link(researcher, params), "next")
    assert forwards == expected
    last_page = {**params, "page": 3}
    html = researcher.get("/statements/", last_page).content.decode()
    links = re.findall(r'<h3><a href="(/statements/\d+/\?[^"]*)"', html)
    backwards = walk(researcher, unescape(links[-1]), "previous")
    assert backwards == expected[::-1]


def test_a_step_across_pages_leads_back_to_the_page_that_lists_it(talks, researcher):
    params = {"q": "talks", "sort": "oldest"}
    html = researcher.get("/statements/", params).content.decode()
    last_on_first_page = unescape(re.findall(r'<h3><a href="(/statements/\d+/\?[^"]*)"', html)[-1])
    detail = researcher.get(last_on_first_page)
    following = detail.context["in_search"].next
    assert parse_qs(urlsplit(following.url).query)["page"] == ["2"]
    on_page_two = researcher.get(following.url)
    back = on_page_two.context["search_url"]
    listed = researcher.get(back).context["page"]
    assert listed.number == 2
    assert on_page_two.context["statement"] in listed.object_list
    assert 'href="' + following.url.replace("&", "&amp;") + '"' in detail.content.decode()


def test_filters_and_the_search_box_narrow_the_steps(talks, researcher):
    params = {"q": "talks economy", "date_from": "2024-01-10", "date_to": "2024-01-20"}
    expected = api_order(researcher, {**params, "sort": "newest"})
    assert len(expected) == 11
    start = first_result_link(researcher, {**params, "sort": "newest"})
    assert walk(researcher, start, "next") == expected


def test_no_step_when_the_page_no_longer_lists_the_result(talks, researcher):
    params = {"q": "talks", "sort": "oldest"}
    link = first_result_link(researcher, params)
    moved = link.replace("sort=oldest", "sort=oldest&page=3")
    page = researcher.get(moved)
    assert page.status_code == 200
    assert page.context["in_search"] is None
    assert "Next result" not in page.content.decode()
    assert "Back to the search" in page.content.decode()


def test_no_step_without_a_search(talks, researcher):
    link = first_result_link(researcher, {"q": "talks"})
    page = researcher.get(urlsplit(link).path)
    assert page.context["in_search"] is None
    assert "Previous result" not in page.content.decode()


def test_the_first_result_has_no_previous_and_the_last_no_next(talks, researcher):
    params = {"q": "talks", "sort": "newest"}
    first = researcher.get(first_result_link(researcher, params)).context["in_search"]
    assert first.previous is None and first.next is not None
    html = researcher.get("/statements/", {**params, "page": 3}).content.decode()
    last = unescape(re.findall(r'<h3><a href="(/statements/\d+/\?[^"]*)"', html)[-1])
    steps = researcher.get(last).context["in_search"]
    assert steps.next is None and steps.previous is not None


def test_steps_cost_a_bounded_number_of_queries(talks, researcher, django_assert_max_num_queries):
    params = {"q": "talks", "sort": "relevance", "page": 2}
    html = researcher.get("/statements/", params).content.decode()
    first_on_page_two = unescape(
        re.search(r'<h3><a href="(/statements/\d+/\?[^"]*)"', html).group(1)
    )
    with django_assert_max_num_queries(40):
        page = researcher.get(first_on_page_two)
    steps = page.context["in_search"]
    assert steps.previous is not None and steps.next is not None
