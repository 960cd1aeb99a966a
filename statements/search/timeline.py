"""A result's timeline: matches per month, quarter or year, and the chart of them (bars
drawn on the server as a list of links, with a value axis, labelled periods and a table)."""

import math
from collections import Counter
from datetime import date, timedelta

from django.db.models import F
from django.http import QueryDict
from django.urls import reverse

from statements.querysets import StatementQuerySet
from statements.search.querystring import edit_query
from statements.search.results import listed_per_month, scaled

CHART_HEIGHT = 100
MOST_PERIODS = 24  # months while they fit, then quarters, then years: bars stay ≥ 24 px wide
MOST_LABELS = 8  # period labels under the bars, so they never run into each other
# (months a period spans, its name)
GRANULARITIES = ((1, "month"), (3, "quarter"), (12, "year"))
NICE_MULTIPLES = (1, 2, 4, 6, 8, 10)  # the axis' top: half of each is a round number too


def first_and_last_dates(statements: StatementQuerySet) -> dict:
    """The first and last date, each read from an end of the date index."""
    dated = statements.filter(sort_date__isnull=False).values_list("sort_date", flat=True)
    return {
        "first": dated.order_by("sort_date", "pk").first(),
        "last": dated.order_by(F("sort_date").desc(nulls_last=True), "-pk").first(),
    }


def months_per_period(first: date, last: date) -> int:
    """The shortest period (a month, a quarter, a year) that draws the span in at most
    MOST_PERIODS bars."""
    spanned = (last.year - first.year) * 12 + last.month - first.month + 1
    for months, _ in GRANULARITIES[:-1]:
        if math.ceil(spanned / months) + 1 <= MOST_PERIODS:
            return months
    return 12


def period_start(month: date, months: int) -> date:
    """The first day of the period (of so many months) the month falls in."""
    return month.replace(month=(month.month - 1) // months * months + 1, day=1)


def following_start(start: date, months: int) -> date:
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, 1)


def period_name(start: date, months: int, short: bool = False) -> str:
    """ "March 2024" ("Mar 2024"), "Q1 2024", "2024"."""
    if months == 12:
        return str(start.year)
    if months == 3:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return start.strftime("%b %Y" if short else "%B %Y")


def timeline_periods(months: Counter, with_totals: bool = False, scale: float = 1.0) -> list[dict]:
    """Matches per month (per quarter or year when months would not fit MOST_PERIODS bars),
    from the result's counts per month (a sample's scaled, never above the period's total),
    and with_totals the number of all statements in each period, for shares. Empty periods
    included."""
    if not months:
        return []
    first, last = min(months), max(months)
    step = months_per_period(first, last)
    matches = Counter()
    for month, count in months.items():
        matches[period_start(month, step)] += count
    totals = all_statements_per_period(step) if with_totals else {}
    periods, current = [], period_start(first, step)
    while current <= last:
        following = following_start(current, step)
        count = scaled(matches.get(current, 0), scale)
        if scale != 1 and current in totals:
            count = min(count, totals[current])
        periods.append(
            {
                "start": current,
                "end": following - timedelta(days=1),
                "months": step,
                "count": count,
                "total": totals.get(current, 0),
            }
        )
        current = following
    return periods


def all_statements_per_period(months: int) -> Counter:
    """All listed statements per period of so many months (the same for every search: the
    months are counted once a few minutes, longer periods added up from them)."""
    periods = Counter()
    for month, number in listed_per_month().items():
        if month is not None:
            periods[period_start(month, months)] += number
    return periods


def nice_top(highest: float) -> float:
    """The smallest round number at or above the highest value, whose half is round too."""
    if highest <= 0:
        return 1
    power = 10 ** math.floor(math.log10(highest))
    return next(m * power for m in NICE_MULTIPLES if m * power >= highest - 1e-12)


def period_value(period: dict, share: bool) -> float:
    """A period's matches, or with share their share of all its statements in percent."""
    if share:
        return 100 * period["count"] / period["total"] if period["total"] else 0
    return period["count"]


def axis_label(value: float, share: bool) -> str:
    """A tick's label; a count's half-way tick that is no whole number is left blank."""
    if not share and value != int(value):
        return ""
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{number}%" if share else number


def labelled_every(periods: list[dict]) -> int:
    """Label one period in so many: the fewest round steps (a month, 3, 6 or 12 months; a
    quarter or a year; 1, 2, 5, 10… years) that keep the labels at most MOST_LABELS."""
    steps = {1: (1, 3, 6, 12), 3: (1, 2, 4), 12: (1, 2, 5, 10, 20, 50, 100)}[periods[0]["months"]]
    return next(
        (step for step in steps if math.ceil(len(periods) / step) <= MOST_LABELS), steps[-1]
    )


def is_labelled(period: dict, every: int) -> bool:
    """Labels fall on round periods (January, April…; Q1; 2020, 2025…)."""
    start, months = period["start"], period["months"]
    if months == 12:
        return start.year % every == 0
    return ((start.month - 1) // months) % every == 0


def timeline_chart(
    params: QueryDict, periods: list[dict], base: str = "", total: int = 0
) -> dict | None:
    """Bars for the timeline: height, a link narrowing the search to the period, its name;
    a value axis, labels under round periods, and the CSV of the series.

    `?timeline=share` shows each period's matches as a share of all statements in it.
    """
    if not periods:
        return None
    share = params.get("timeline") == "share"
    top = nice_top(max(period_value(period, share) for period in periods))
    every = labelled_every(periods)
    bars = [
        _bar(params, period, period_value(period, share) / top, base, is_labelled(period, every))
        for period in periods
    ]
    if share:
        toggle = edit_query(params, drop=("page", "timeline"))
    else:
        toggle = edit_query(params, timeline="share")
    months = periods[0]["months"]
    series = edit_query(params, drop=("page", "after", "before", "sort", "timeline"))
    return {
        "bars": bars,
        "undated": max(0, total - sum(period["count"] for period in periods)),
        "height": CHART_HEIGHT,
        "share": share,
        "toggle_url": f"{base}?{toggle}",
        "csv_url": f"{reverse('timeline-csv')}?{series}",
        "first": period_name(periods[0]["start"], months, short=True),
        "last": period_name(periods[-1]["start"], months, short=True),
        "per": dict(GRANULARITIES)[months],
        "has_totals": any(period["total"] for period in periods),
        "axis": [axis_label(top * part, share) for part in (1, 0.5, 0)],
    }


def _bar(params: QueryDict, period: dict, fraction: float, base: str, labelled: bool) -> dict:
    query = edit_query(
        params, date_from=period["start"].isoformat(), date_to=period["end"].isoformat()
    )
    name = period_name(period["start"], period["months"])
    percent = (
        f" ({period['count'] / period['total']:.0%} of all {period['total']})"
        if period["total"]
        else ""
    )
    count = period["count"]
    height = round(fraction * CHART_HEIGHT, 2)
    return {
        "y": round(CHART_HEIGHT - height, 2),
        "height": height,
        "url": f"{base}?{query}",
        "name": name,
        "count": count,
        "total": period["total"],
        "label": period_name(period["start"], period["months"], short=True) if labelled else "",
        "title": f"{name}: {count} statement{'' if count == 1 else 's'}{percent}",
    }
