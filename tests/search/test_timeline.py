"""The timeline's periods and chart: a value axis, labels at a readable density, bars as
links only where there is something to find, the series as a table and a CSV."""

import csv
import io
from collections import Counter
from datetime import date

from django.http import QueryDict

from statements.search.timeline import nice_top, timeline_chart, timeline_periods


def months(first: date, count: int, every: int = 1) -> Counter:
    """One statement a month for so many months, from the first."""
    found = Counter()
    for index in range(0, count, every):
        year, month = divmod(first.month - 1 + index, 12)
        found[date(first.year + year, month + 1, 1)] += 1
    return found


def test_it_counts_per_month_quarter_or_year_so_the_bars_fit():
    assert {p["months"] for p in timeline_periods(months(date(2024, 3, 1), 20))} == {1}
    quarters = timeline_periods(months(date(2020, 2, 1), 48))
    assert {p["months"] for p in quarters} == {3} and len(quarters) == 17
    assert quarters[0]["start"] == date(2020, 1, 1) and quarters[0]["count"] == 2
    assert quarters[0]["end"] == date(2020, 3, 31)
    years = timeline_periods(months(date(2010, 1, 1), 120))
    assert [p["start"].year for p in years] == list(range(2010, 2020))
    assert all(p["count"] == 12 for p in years)


def test_the_value_axis_reads_round_numbers_from_zero_to_above_the_highest_bar():
    assert [nice_top(v) for v in (1, 3, 7, 9, 11, 45, 0.3)] == [1, 4, 8, 10, 20, 60, 0.4]
    periods = timeline_periods(Counter({date(2024, 1, 1): 3, date(2024, 2, 1): 7}))
    chart = timeline_chart(QueryDict(""), periods)
    assert chart["axis"] == ["8", "4", "0"]
    assert [bar["height"] for bar in chart["bars"]] == [37.5, 87.5]


def test_periods_are_labelled_at_round_steps_and_named_in_full():
    periods = timeline_periods(months(date(2023, 11, 1), 20))
    chart = timeline_chart(QueryDict("q=talks"), periods)
    labels = [bar["label"] for bar in chart["bars"] if bar["label"]]
    assert labels == ["Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025", "Apr 2025"]
    assert chart["bars"][0]["title"] == "November 2023: 1 statement"
    yearly = timeline_chart(QueryDict(""), timeline_periods(months(date(2010, 1, 1), 120)))
    labels = [bar["label"] for bar in yearly["bars"]]
    assert labels == ["2010", "", "2012", "", "2014", "", "2016", "", "2018", ""]
    assert yearly["per"] == "year" and yearly["first"] == "2010" and yearly["last"] == "2019"


def test_the_page_draws_links_outside_any_img_role_and_empty_periods_are_not_links(demo, client):
    page = client.get("/statements/", {"q": "kosovo"}).content.decode()
    chart = page[page.index('<figure class="timeline"') : page.index("</figure>")]
    assert 'role="img"' not in chart
    bars = chart[chart.index('<ol class="timeline-bars"') : chart.index("</ol>")]
    assert bars.count("<a ") == 1  # one month with a match, the empty ones no tab stop
    assert '<span class="visually-hidden">February 2025: 1 statement' in bars
    assert "<details" in chart and '<th scope="row"><a href=' in chart
    assert "CSV of the series" in chart


def test_the_series_downloads_as_csv(demo, client):
    page = client.get("/statements/", {"q": "kosovo"})
    url = page.context["timeline"]["csv_url"]
    assert url.startswith("/statements/timeline.csv?") and "q=kosovo" in url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    counted = [row for row in rows if row["statements"] != "0"]
    assert counted == [
        {
            "period_start": "2025-02-01",
            "period_end": "2025-02-28",
            "statements": "1",
            "all_statements": "1",
            "share": "1.0000",
        }
    ]
    assert client.get("/statements/timeline.csv", {"date_from": "nonsense"}).status_code == 400
