"""The trends of several searches (/trends/?q=…&q=…): the page, its CSV and its JSON. Each
`q` is one series, read by the search page's own filter (StatementFilter over the listed
search rows), so a period's number is the count the search narrowed to it finds; the other
filters of the page apply to every series."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from statements.exports import inert_cell
from statements.filters import StatementFilter
from statements.models import SearchRow
from statements.search.querystring import edit_query
from statements.search.time_limit import search_time_limit
from statements.search.trends import (
    COLOURS,
    DASHES,
    MOST_SERIES,
    PERIODS,
    Series,
    clipped_to,
    matches_per_month,
    months_for,
    share_of,
    trend_chart,
    trend_periods,
)

# What a link to one series' search leaves out of the trend's parameters.
TREND_ONLY = ("q", "per", "show", "page", "after", "before", "sort")
CSV_COLUMNS = ("series", "query", "period_start", "period_end", "count", "all_statements", "share")


class TrendForm(forms.Form):
    per = forms.ChoiceField(
        choices=[("", "Automatic"), *((name, name.capitalize()) for name in PERIODS)],
        required=False,
        label="Per",
        error_messages={"invalid_choice": "Choose month, quarter or year."},
    )
    show = forms.ChoiceField(
        choices=[("", "Counts"), ("share", "Share of all statements")],
        required=False,
        label="Show",
        error_messages={"invalid_choice": "Choose counts (leave it out) or share."},
    )


@dataclass
class Trend:
    """The searches of a trend as read from the parameters, counted per period; or the
    errors that stopped it."""

    params: QueryDict
    queries: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    series: list[Series] = field(default_factory=list)
    periods: list[dict] = field(default_factory=list)
    per: str = ""
    share: bool = False


def series_params(params: QueryDict, query: str) -> QueryDict:
    """The parameters of one series' search: the trend's filters with its own words."""
    return QueryDict(edit_query(params, drop=TREND_ONLY, q=query))


def read_trend(params: QueryDict) -> Trend:
    """The trend the parameters ask for: up to MOST_SERIES searches (blank ones left out),
    each found as the search page finds it and counted per month."""
    queries = [query.strip() for query in params.getlist("q") if query.strip()]
    trend = Trend(params, queries)
    form = TrendForm(params)
    if not form.is_valid():
        trend.errors.update({name: list(messages) for name, messages in form.errors.items()})
    if len(queries) > MOST_SERIES:
        trend.errors["q"] = [
            f"At most {MOST_SERIES} searches can be compared at once; this asks for {len(queries)}."
        ]
    if trend.errors:
        return trend
    trend.share = form.cleaned_data["show"] == "share"
    for index, query in enumerate(queries):
        filterset = StatementFilter(
            series_params(params, query), queryset=SearchRow.objects.listed()
        )
        if not filterset.is_valid():
            for name, messages in filterset.errors.items():
                trend.errors.setdefault(name, []).extend(
                    m for m in messages if m not in trend.errors.get(name, [])
                )
            continue
        trend.series.append(
            Series(
                query,
                matches_per_month(filterset.qs),
                url=f"{reverse('statement-list')}?{filterset.params.urlencode()}",
                colour=COLOURS[index],
                dash=DASHES[index],
            )
        )
    if trend.errors:
        return trend
    months = months_for(trend.series, form.cleaned_data["per"])
    trend.per = next(name for name, number in PERIODS.items() if number == months)
    trend.periods = trend_periods(trend.series, months)
    return trend


def period_url(params: QueryDict, query: str, period: dict) -> str:
    """The series' search narrowed to the period (within the trend's own dates)."""
    search = series_params(params, query)
    first, last = clipped_to(
        period["start"], period["end"], _date(params.get("date_from")), _date(params.get("date_to"))
    )
    narrowed = edit_query(search, date_from=first.isoformat(), date_to=last.isoformat())
    return f"{reverse('statement-list')}?{narrowed}"


def _date(value: str | None) -> date | None:
    """A date the trend's filter has already validated (or none)."""
    return date.fromisoformat(value) if value else None


def trend_rows(trend: Trend) -> list[dict]:
    """The table: a row per period, a cell per series with its count, share and link."""
    return [
        {
            **period,
            "cells": [
                {
                    "count": one.counts[index],
                    "share": share_of(one.counts[index], period["total"]),
                    "url": period_url(trend.params, one.query, period),
                }
                for one in trend.series
            ],
        }
        for index, period in enumerate(trend.periods)
    ]


too_slow = search_time_limit(
    lambda request, message: render(
        request, "statements/too_slow.html", {"message": message}, status=503
    )
)


@too_slow
def trends(request: HttpRequest) -> HttpResponse:
    trend = read_trend(request.GET)
    boxes = trend.queries[:MOST_SERIES]
    # Three boxes to start with, then always one free while another series may be added.
    boxes += [""] * max(3 - len(boxes), int(len(boxes) < MOST_SERIES))
    context = {
        "trend": trend,
        "boxes": boxes,
        "filters": QueryDict(edit_query(request.GET, drop=TREND_ONLY)),
        "form": TrendForm(),
        "chosen_per": request.GET.get("per", ""),
    }
    if trend.errors:
        return render(request, "statements/trends.html", context, status=400)
    rows = trend_rows(trend)
    context |= {
        "chart": linked_chart(trend, rows),
        "rows": rows,
        "span": rows and " to ".join(dict.fromkeys((rows[0]["name"], rows[-1]["name"]))),
        "undated": [one for one in trend.series if one.undated],
        "share_url": "?" + edit_query(request.GET, show="share"),
        "counts_url": "?" + edit_query(request.GET, drop=("page", "show")),
        "per_links": [
            {
                "name": name,
                "url": "?" + edit_query(request.GET, per=name),
                "current": name == trend.per,
            }
            for name in PERIODS
        ],
        "csv_url": f"{reverse('trends-csv')}?{request.GET.urlencode()}",
        "json_url": f"{reverse('api-trends')}?{request.GET.urlencode()}",
    }
    return render(request, "statements/trends.html", context)


def linked_chart(trend: Trend, rows: list[dict]) -> dict | None:
    """The chart with each drawn point linking where its table cell links."""
    chart = trend_chart(trend.series, trend.periods, trend.share)
    for index, (one, line) in enumerate(
        zip(trend.series, chart["lines"] if chart else [], strict=False)
    ):
        for row, marker in zip(rows, line["markers"], strict=False):
            cell = row["cells"][index]
            marker["url"] = cell["url"]
            marker["title"] = f"{one.query} · {row['name']}: {cell['count']:,}"
    return chart


def trends_csv(request: HttpRequest) -> HttpResponse:
    """The series one row per series and period: its count, all statements in the period
    and the share."""
    trend = read_trend(request.GET)
    if trend.errors:
        return HttpResponse(
            _error_text(trend), status=400, content_type="text/plain; charset=utf-8"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for number, one in enumerate(trend.series, start=1):
        for period, count in zip(trend.periods, one.counts, strict=True):
            share = f"{count / period['total']:.6f}" if period["total"] else ""
            row = [number, inert_cell(one.query), period["start"], period["end"], count]
            writer.writerow([*row, period["total"], share])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="trends-{date.today().isoformat()}.csv"'
    )
    return response


def _error_text(trend: Trend) -> str:
    return "".join(
        f"{name}: {message}\n" for name, messages in trend.errors.items() for message in messages
    )


@search_time_limit(lambda request, message: JsonResponse({"errors": {"q": [message]}}, status=503))
def trends_api(request: HttpRequest) -> JsonResponse:
    """The trend as JSON: the periods with all their statements, and per series its total,
    undated matches, its search and its count (and share) in each period with its link."""
    trend = read_trend(request.GET)
    if trend.errors:
        return JsonResponse({"errors": trend.errors}, status=400)
    absolute = request.build_absolute_uri
    rows = trend_rows(trend)
    return JsonResponse(
        {
            "per": trend.per,
            "show": "share" if trend.share else "count",
            "periods": [
                {"start": p["start"], "end": p["end"], "all_statements": p["total"]} for p in rows
            ],
            "series": [
                {
                    "query": one.query,
                    "count": one.total,
                    "undated": one.undated,
                    "url": absolute(one.url),
                    "points": [
                        {
                            "start": row["start"],
                            "count": row["cells"][index]["count"],
                            "share": round(row["cells"][index]["share"] / 100, 6),
                            "url": absolute(row["cells"][index]["url"]),
                        }
                        for row in rows
                    ],
                }
                for index, one in enumerate(trend.series)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
