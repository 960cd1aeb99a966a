"""Trends: several searches counted over time, exactly, and the chart of them (lines drawn
on the server as SVG, a legend, a value axis and labelled periods; the table beneath it is
what a keyboard and a screen reader use, so the drawing is hidden from them)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from statements.querysets import StatementQuerySet
from statements.search.results import SEARCH_PLANNER, planner_settings
from statements.search.timeline import (
    all_statements_per_period,
    axis_label,
    following_start,
    is_labelled,
    labelled_every,
    nice_top,
    period_name,
    period_start,
)
from statements.search.totals import kept_for

MOST_SERIES = 6
# The months a period spans, by the name `per=` gives it.
PERIODS = {"month": 1, "quarter": 3, "year": 12}
# Without a chosen period: months while the span has at most this many, then quarters, then years.
MOST_AUTOMATIC_PERIODS = 60
# Okabe and Ito's colours, told apart with colour blindness too; each line has its own dash.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28


def matches_per_month(statements: StatementQuerySet) -> Counter:
    """A search's exact number of matches per month (None for the undated): one grouped
    count over its matches, read through the full-text index; kept like its result."""

    def count() -> Counter:
        month = TruncMonth("sort_date", tzinfo=UTC)
        rows = (
            statements.order_by()
            .annotate(period=month)
            .values_list("period")
            .annotate(count=Count("*"))
            .values_list("period", "count")
        )
        with planner_settings(**SEARCH_PLANNER):
            return Counter({period and period.date(): number for period, number in rows})

    return kept_for("trend-months", statements, count)


@dataclass
class Series:
    """One search of a trend: its words as written, its months, and the link to it."""

    query: str
    months: Counter
    url: str = ""
    colour: str = ""
    dash: str = ""
    counts: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.months.values())

    @property
    def undated(self) -> int:
        return self.months.get(None, 0)


def months_for(series: list[Series], per: str) -> int:
    """The months of a period: as chosen, or the shortest that keeps the span's periods
    at most MOST_AUTOMATIC_PERIODS."""
    if per in PERIODS:
        return PERIODS[per]
    dated = [month for one in series for month in one.months if month is not None]
    if not dated:
        return 1
    first, last = min(dated), max(dated)
    spanned = (last.year - first.year) * 12 + last.month - first.month + 1
    return next(m for m in (1, 3, 12) if spanned / m <= MOST_AUTOMATIC_PERIODS or m == 12)


def trend_periods(series: list[Series], months: int) -> list[dict]:
    """The periods from the first dated match of any series to the last (empty ones too),
    each with its start, end and number of all listed statements; each series' `counts`
    set to its matches in each period."""
    dated = [month for one in series for month in one.months if month is not None]
    if not dated:
        for one in series:
            one.counts = []
        return []
    totals = all_statements_per_period(months)
    starts, current = [], period_start(min(dated), months)
    while current <= max(dated):
        starts.append(current)
        current = following_start(current, months)
    for one in series:
        per_period = Counter()
        for month, number in one.months.items():
            if month is not None:
                per_period[period_start(month, months)] += number
        one.counts = [per_period.get(start, 0) for start in starts]
    return [
        {
            "start": start,
            "end": following_start(start, months) - timedelta(days=1),
            "months": months,
            "total": totals.get(start, 0),
            "name": period_name(start, months),
        }
        for start in starts
    ]


def share_of(count: int, total: int) -> float:
    """Matches as a percentage of all statements in the period (0 for an empty period)."""
    return 100 * count / total if total else 0.0


def trend_chart(series: list[Series], periods: list[dict], share: bool) -> dict | None:
    """The lines of the series in SVG coordinates, the value axis' ticks and the labels
    under round periods (MOST_LABELS at most)."""
    if not periods:
        return None
    values = [
        [share_of(n, p["total"]) if share else n for n, p in zip(one.counts, periods, strict=True)]
        for one in series
    ]
    top = nice_top(max((max(line) for line in values if line), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + (index * step if len(periods) > 1 else plot_width / 2), 1)

    def y(value: float) -> float:
        return round(TOP + plot_height * (1 - value / top), 1)

    lines = []
    for one, line in zip(series, values, strict=True):
        points = [{"x": x(i), "y": y(value)} for i, value in enumerate(line)]
        lines.append(
            {
                "colour": one.colour,
                "dash": one.dash,
                "points": " ".join(f"{p['x']},{p['y']}" for p in points),
                "markers": points if len(points) <= 60 else [],
            }
        )
    every = labelled_every(periods)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "lines": lines,
        "ticks": [
            {"y": y(top * part), "label": axis_label(top * part, share)} for part in (1, 0.5, 0)
        ],
        "labels": [
            {"x": x(i), "text": period_name(p["start"], p["months"], short=True)}
            for i, p in enumerate(periods)
            if is_labelled(p, every)
        ],
    }


def clipped_to(start: date, end: date, first: date | None, last: date | None) -> tuple[date, date]:
    """A period cut to the days a search's own date range leaves of it, so the link to the
    period finds what was counted in it."""
    return max(start, first) if first else start, min(end, last) if last else end
