"""The timeline of a search, drawn on the server as SVG bars."""

from django.http import QueryDict

CHART_HEIGHT = 100
MIN_BARS = 12  # a chart of one or two periods keeps narrow bars, not one wide block


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
    bars = []
    for index, period in enumerate(periods):
        query = params.copy()
        query.pop("page", None)
        query["date_from"], query["date_to"] = (
            period["start"].isoformat(),
            period["end"].isoformat(),
        )
        label = period["start"].strftime("%Y" if period["by_year"] else "%B %Y")
        percent = (
            f" ({period['count'] / period['total']:.0%} of all {period['total']})"
            if period["total"]
            else ""
        )
        height = round(value(period) / top * (CHART_HEIGHT - 2), 2)
        bars.append(
            {
                "x": index * 10,
                "y": CHART_HEIGHT - height,
                "height": height,
                "url": f"{base}?{query.urlencode()}",
                "title": f"{label}: {period['count']} statement{plural(period['count'])}{percent}",
            }
        )
    toggle = params.copy()
    toggle.pop("page", None)
    if share:
        toggle.pop("timeline")
    else:
        toggle["timeline"] = "share"
    first, last = periods[0]["start"], periods[-1]["start"]
    fmt = "%Y" if periods[0]["by_year"] else "%b %Y"
    return {
        "bars": bars,
        "undated": max(0, total - sum(period["count"] for period in periods)),
        "width": max(len(bars), MIN_BARS) * 10,
        "height": CHART_HEIGHT,
        "share": share,
        "toggle_url": f"{base}?{toggle.urlencode()}",
        "first": first.strftime(fmt),
        "last": last.strftime(fmt),
        "per": "year" if periods[0]["by_year"] else "month",
    }


def plural(count: int) -> str:
    return "" if count == 1 else "s"
