"""The trends of several searches: every number the page, the CSV and the API give is the
exact count the search narrowed to that period finds; bad input is a 400."""

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urlsplit

import pytest

from statements.models import Statement
from tests import factories as make


def at(year: int, month: int, day: int = 10) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def archive(db):
    """Kosovo and Dayton spoken of in several months; one statement naming both, one undated,
    one hidden, one at the very edge of a month."""
    mfa, embassy = make.source("MFA"), make.source("Embassy")
    lavrov = make.participant("Sergey Lavrov")
    for when, title in [
        (at(2023, 1), "Talks on Kosovo"),
        (at(2023, 1, 31).replace(hour=23, minute=59), "Kosovo at the month's end"),
        (at(2023, 3), "Kosovo and the Dayton agreement"),
        (at(2023, 3), "Remarks on Dayton"),
        (at(2023, 7), "Kosovo again"),
        (at(2024, 2), "Dayton anniversary"),
    ]:
        make.statement(mfa, title, published_at=when, participants=[lavrov])
    make.statement(embassy, "Kosovo by the embassy", published_at=at(2023, 3))
    make.statement(mfa, "Kosovo undated", published_at=None)
    make.statement(mfa, "Weather report", published_at=at(2023, 5))
    make.statement(mfa, "Kosovo hidden", published_at=at(2023, 3), status=Statement.Status.HIDDEN)


def search_count(client, url: str) -> int:
    """The exact count the search page shows for a link."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'class="result-count"[^>]*>\s*<strong>([\d,]+)</strong>', page.text)
    return int(found.group(1).replace(",", ""))


def test_it_counts_each_series_per_month_as_its_search_finds_them(archive, client):
    response = client.get("/trends/", {"q": ["kosovo", "dayton"], "per": "month"})
    assert response.status_code == 200
    links = re.findall(r'<td><a href="([^"]+)">([\d,]+)</a>', response.text)
    assert links, "the table links each count"
    for url, count in links:
        assert search_count(client, unescape(url)) == int(count.replace(",", ""))
    api = client.get("/api/trends/", {"q": ["kosovo", "dayton"], "per": "month"}).json()
    kosovo, dayton = api["series"]
    by_month = {point["start"]: point["count"] for point in kosovo["points"]}
    assert by_month["2023-01-01"] == 2  # the last minute of January is January's
    assert by_month["2023-03-01"] == 2 and by_month["2023-02-01"] == 0
    assert kosovo["undated"] == 1 and kosovo["count"] == 6
    assert sum(p["count"] for p in dayton["points"]) == 3
    for series in api["series"]:
        for point in series["points"]:
            path = urlsplit(point["url"])
            assert search_count(client, f"{path.path}?{path.query}") == point["count"]
    assert [p["start"] for p in api["periods"]][0] == "2023-01-01"
    assert api["periods"][-1]["start"] == "2024-02-01"


def test_the_csv_holds_the_same_numbers_and_the_share_of_all_statements(archive, client):
    params = {"q": ["kosovo", "dayton"], "per": "quarter", "show": "share"}
    response = client.get("/trends/series.csv", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    api = client.get("/api/trends/", params).json()
    from_api = {
        (str(number), point["start"]): point["count"]
        for number, series in enumerate(api["series"], start=1)
        for point in series["points"]
    }
    assert {(row["series"], row["period_start"]): int(row["count"]) for row in rows} == from_api
    first_quarter = next(
        r for r in rows if r["series"] == "1" and r["period_start"] == "2023-01-01"
    )
    # Q1 2023: Kosovo in 2 + 2 (one the embassy's) of its 5 listed statements (the hidden not).
    assert (first_quarter["count"], first_quarter["all_statements"]) == ("4", "5")
    assert float(first_quarter["share"]) == pytest.approx(4 / 5)
    page = client.get("/trends/", params)
    assert "(80.00%)" in page.text


def test_the_page_s_other_filters_apply_to_every_series(archive, client):
    api = client.get("/api/trends/", {"q": ["kosovo", "dayton"], "source": "embassy"}).json()
    assert [series["count"] for series in api["series"]] == [1, 0]
    point = next(p for p in api["series"][0]["points"] if p["count"])
    assert "source=embassy" in point["url"]


def test_an_inline_filter_is_a_series_and_links_narrow_within_the_trend_s_dates(archive, client):
    params = {"q": ["person:sergey-lavrov kosovo"], "per": "year", "date_from": "2023-03-05"}
    api = client.get("/api/trends/", params).json()
    (series,) = api["series"]
    year_2023 = series["points"][0]
    assert year_2023["count"] == 2  # March and July; January is before the trend's dates
    assert "date_from=2023-03-05" in year_2023["url"] and "date_to=2023-12-31" in year_2023["url"]
    path = urlsplit(year_2023["url"])
    assert search_count(client, f"{path.path}?{path.query}") == 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": [f"word{n}" for n in range(7)]},
        {"q": "kosovo", "per": "week"},
        {"q": "kosovo", "show": "percent"},
        {"q": "kosovo", "date_from": "soon"},
        {"q": "kosovo", "participant": "nobody-at-all"},
        {"q": "kosovo\x00"},
    ],
)
def test_bad_input_is_a_clear_400_on_every_surface(archive, client, params):
    page = client.get("/trends/", params)
    assert page.status_code == 400 and 'role="alert"' in page.text
    assert client.get("/trends/series.csv", params).status_code == 400
    api = client.get("/api/trends/", params)
    assert api.status_code == 400 and api.json()["errors"]


def test_seven_searches_are_refused_with_the_reason(archive, client):
    response = client.get("/api/trends/", {"q": [f"word{n}" for n in range(7)]})
    assert "At most 6 searches" in response.json()["errors"]["q"][0]


def test_the_chart_has_a_legend_an_axis_and_hides_its_drawing_not_links(archive, client):
    page = client.get("/trends/", {"q": ["kosovo", "dayton"]}).text
    assert page.count("<h1") == 1
    legend = re.search(r'<ul class="trend-legend".*?</ul>', page, re.S).group(0)
    assert "kosovo" in legend and "dayton" in legend
    chart = re.search(r'<svg class="trend-chart".*?</svg>', page, re.S).group(0)
    assert 'aria-hidden="true"' in chart and 'role="img"' not in chart
    assert all('tabindex="-1"' in a for a in re.findall(r"<a [^>]*>", chart))
    assert re.search(r'class="trend-tick"[^>]*>0</text>', chart)  # the value axis starts at 0


def test_without_searches_the_page_invites_some(db, client):
    response = client.get("/trends/")
    assert response.status_code == 200 and 'name="q"' in response.text


def test_search_participant_and_hashtag_pages_link_to_compare_over_time(archive, client):
    search = client.get("/statements/", {"q": "kosovo"}).text
    assert 'href="/trends/?q=kosovo"' in search
    person = client.get("/participants/sergey-lavrov/").text
    assert 'href="/trends/?q=person%3Asergey-lavrov"' in person
    make.hashtag("#Kosovo")
    tag = client.get("/hashtags/kosovo/").text
    assert 'href="/trends/?q=tag%3Akosovo"' in tag
