"""A result's timeline: matches per month or year, and the chart of them (SVG bars drawn
on the server)."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import F
from django.http import QueryDict

from statements.querysets import StatementQuerySet
from statements.search.querystring import edit_query
from statements.search.results import listed_per_month, scaled

CHART_HEIGHT = 100
MIN_BARS = 12  # a chart of one or two periods keeps narrow bars, not one wide block


def first_and_last_dates(statements: StatementQuerySet) -> dict:
    """The first and last date, each read from an end of the date index."""
    dated = statements.filter(sort_date__isnull=False).values_list("sort_date", flat=True)
    return {
        "first": dated.order_by("sort_date", "pk").first(),
        "last": dated.order_by(F("sort_date").desc(nulls_last=True), "-pk").first(),
    }


def timeline_periods(months: Counter, with_totals: bool = False, scale: float = 1.0) -> list[dict]:
    """Matches per month (per year when they span more than eight years), from the result's
    counts per month (a sample's scaled, never above the period's total), and with_totals
    the number of all statements in each period, for shares. Empty periods included."""
    if not months:
        return []
    first, last = min(months), max(months)
    by_year = (last.year - first.year) > 8
    matches = Counter()
    for month, count in months.items():
        matches[month.replace(month=1) if by_year else month] += count
    totals = all_statements_per_period(by_year) if with_totals else {}
    periods, current = [], first.replace(month=1) if by_year else first
    while current <= last:
        following = (
            date(current.year + 1, 1, 1)
            if by_year
            else date(current.year + current.month // 12, current.month % 12 + 1, 1)
        )
        count = scaled(matches.get(current, 0), scale)
        if scale != 1 and current in totals:
            count = min(count, totals[current])
        periods.append(
            {
                "start": current,
                "end": following - timedelta(days=1),
                "by_year": by_year,
                "count": count,
                "total": totals.get(current, 0),
            }
        )
        current = following
    return periods


def all_statements_per_period(by_year: bool) -> Counter:
    """All listed statements per month or year (the same for every search: the months are
    counted once a few minutes, the years added up from them)."""
    months = listed_per_month()
    periods = Counter()
    for month, number in months.items():
        if month is not None:
            periods[month.replace(month=1) if by_year else month] += number
    return periods


def timeline_chart(
    params: QueryDict, periods: list[dict], base: str = "", total: int = 0
) -> dict | None:
    """Bars for the timeline: height, a link narrowing the search to the period, a tooltip.

    `?timeline=share` shows each period's matches as a share of all statements in it.
    """
    if not periods:
        return None
    share = params.get("timeline") == "share"

    def value(period):
        if share:
            return period["count"] / period["total"] if period["total"] else 0
        return period["count"]

    top = max(value(period) for period in periods) or 1
    bars = [
        _bar(params, index, period, round(value(period) / top * (CHART_HEIGHT - 2), 2), base)
        for index, period in enumerate(periods)
    ]
    if share:
        toggle = edit_query(params, drop=("page", "timeline"))
    else:
        toggle = edit_query(params, timeline="share")
    first, last = periods[0]["start"], periods[-1]["start"]
    fmt = "%Y" if periods[0]["by_year"] else "%b %Y"
    return {
        "bars": bars,
        "undated": max(0, total - sum(period["count"] for period in periods)),
        "width": max(len(bars), MIN_BARS) * 10,
        "height": CHART_HEIGHT,
        "share": share,
        "toggle_url": f"{base}?{toggle}",
        "first": first.strftime(fmt),
        "last": last.strftime(fmt),
        "per": "year" if periods[0]["by_year"] else "month",
    }


def _bar(params: QueryDict, index: int, period: dict, height: float, base: str) -> dict:
    query = edit_query(
        params, date_from=period["start"].isoformat(), date_to=period["end"].isoformat()
    )
    label = period["start"].strftime("%Y" if period["by_year"] else "%B %Y")
    percent = (
        f" ({period['count'] / period['total']:.0%} of all {period['total']})"
        if period["total"]
        else ""
    )
    count = period["count"]
    return {
        "x": index * 10,
        "y": CHART_HEIGHT - height,
        "height": height,
        "url": f"{base}?{query}",
        "title": f"{label}: {count} statement{'' if count == 1 else 's'}{percent}",
    }
