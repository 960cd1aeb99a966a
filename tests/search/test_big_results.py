"""Results too big to read whole: sampled, estimated, paged by cursor; and query plans."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from statements.models import Statement
from statements.search import results
from statements.search.compile import matching_text
from statements.search.results import SEARCH_PLANNER, estimated_count, find, planner_settings
from tests import factories as make


@pytest.fixture
def archive(db):
    """3,000 statements over ten years; every third names Kosovo, one in 300 Belgrade."""
    source = make.source()
    start = datetime(2015, 1, 1, tzinfo=UTC)
    Statement.objects.bulk_create(
        Statement(
            source=source,
            source_message_id=number,
            title=f"Statement {number}",
            text=("Talks on Kosovo. " if number % 3 == 0 else "Talks on trade. ")
            + ("Visit to Belgrade." if number % 300 == 0 else ""),
            kind="meeting" if number % 2 else "remarks",
            content_hash=str(number),
            published_at=start + timedelta(days=number),
            sort_date=start + timedelta(days=number),
        )
        for number in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statements_statement")


@pytest.fixture
def small_caps(settings, monkeypatch):
    """Caps small enough for the test archive to have big results."""
    settings.SEARCH_EXACT_COUNT_CAP = 100
    monkeypatch.setattr(results, "SAMPLE_SIZE", 200)


def test_a_big_result_is_estimated_from_a_sample_and_marked(archive, small_caps, client):
    found = find(matching_text(Statement.objects.listed(), "kosovo"))
    assert not found.exact and not found.count_exact
    assert 700 <= found.count <= 1300  # 1,000 really
    assert 50 <= len(found.rows) <= 800
    page = client.get("/statements/", {"q": "kosovo"}).content.decode()
    assert re.search(r"about <strong>[\d,]+</strong> statements", page)
    assert "estimated from a sample" in page
    assert "≈" in page  # facet counts
    api = client.get("/api/statements/", {"q": "kosovo"}).json()
    assert api["count_is_exact"] is False and len(api["results"]) == 20


def test_a_small_result_stays_exact(archive, small_caps, client):
    found = find(matching_text(Statement.objects.listed(), "belgrade"))
    assert (found.exact, found.count) == (True, 10)
    page = client.get("/statements/", {"q": "belgrade"}).content.decode()
    assert "about" not in page.split('class="result-count"')[1][:200]
    assert client.get("/api/statements/", {"q": "belgrade"}).json()["count_is_exact"] is True


def test_cursor_pages_walk_a_big_result_without_gaps_or_repeats(archive, small_caps, client):
    seen, url, params = [], "/api/statements/", {"q": "kosovo", "sort": "newest"}
    for _ in range(4):
        body = client.get(url, params).json()
        seen += [row["id"] for row in body["results"]]
        url, params = body["next"], None
        assert "after=" in url
    expected = list(
        Statement.objects.filter(text__contains="Kosovo")
        .order_by("-sort_date", "-id")
        .values_list("pk", flat=True)[:80]
    )
    assert seen == expected
    back = client.get(body["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[40:60]


def test_the_page_links_to_the_next_page_by_cursor(archive, small_caps, client):
    page = client.get("/statements/", {"q": "kosovo", "sort": "oldest"}).content.decode()
    following = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "after=" in following
    second = client.get("/statements/" + following).content.decode()
    assert "Statement 60" in second and "Statement 57" not in second


@pytest.mark.parametrize("cursor", ["x", "2024-13-01~5", "~abc", "1" * 40])
def test_a_bad_cursor_is_a_400_in_the_api_and_ignored_on_the_page(archive, client, cursor):
    response = client.get("/api/statements/", {"after": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]["after"][0]
    assert client.get("/statements/", {"after": cursor}).status_code == 200


def test_relevance_of_a_big_result_ranks_the_sample(archive, small_caps, client):
    found = find(matching_text(Statement.objects.listed(), "kosovo"))
    sampled = {row[0] for row in found.rows}
    body = client.get("/api/statements/", {"q": "kosovo", "sort": "relevance"}).json()
    assert body["results"] and {row["id"] for row in body["results"]} <= sampled


def plan_of(queryset) -> str:
    with planner_settings(**SEARCH_PLANNER):
        return json.dumps(json.loads(queryset.explain(format="json")))


def test_a_selective_search_uses_the_full_text_index(archive):
    plan = plan_of(matching_text(Statement.objects.listed(), "belgrade").order_by().values("pk"))
    assert "statement_search_gin" in plan


def test_browsing_newest_first_reads_the_date_index(archive):
    plan = plan_of(Statement.objects.listed().sorted_by("newest").values("pk")[:20])
    assert "statement_sort_date_idx" in plan
    # Deep pages use it as an index-only scan on a big, vacuumed table: see bench/.


def test_browsing_oldest_first_reads_its_own_index(archive):
    plan = plan_of(Statement.objects.listed().sorted_by("oldest").values("pk")[:20])
    assert "statement_sort_date_asc_idx" in plan


def test_the_whole_archive_is_counted_once_and_paged_from_the_date_index(
    archive, settings, monkeypatch, client
):
    settings.SEARCH_EXACT_COUNT_CAP = 100
    monkeypatch.setattr(results, "SAMPLE_SIZE", 200)
    assert results.whole_archive().count == 3000
    api = client.get("/api/statements/").json()
    assert (api["count"], api["count_is_exact"]) == (3000, True)
    assert api["results"][0]["title"] == "Statement 2999"  # newest first, from the index
    page = client.get("/statements/").content.decode()
    count = page.split('class="result-count"')[1][:200]
    assert "<strong>3,000</strong>" in count and "about" not in count  # known, not sampled
    assert "estimated from a sample" in page  # its facets and timeline are


def test_a_small_archive_is_found_like_any_search(archive, settings):
    settings.SEARCH_EXACT_COUNT_CAP = 5000
    assert results.whole_archive() is None


def test_counts_are_exact_up_to_the_cap_then_estimated(demo):
    everything = Statement.objects.all()
    assert estimated_count(everything) == (everything.count(), True)
    count, exact = estimated_count(everything, cap=3)
    assert count >= 4 and not exact
