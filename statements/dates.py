"""Dates of a filter: what "2024-03" or "2024..2025-06" covers, and the moments that bound it.

Pure functions (no Django): the search box's date: filter, the search form's From and To,
and the admin's year filter all bound days the same way.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

DATE_RANGE = re.compile(
    r"^(?P<start>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)?(?:\.\.(?P<end>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)?)?$"
)


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """From the start of the first day (inclusive) to the start of the day after the last
    (exclusive), in UTC; None for an open side (a last day of date.max has no day after)."""
    start = datetime.combine(first, time.min, tzinfo=UTC) if first else None
    end = None
    if last and last < date.max:
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
    return start, end


def parse_date_range(value: str) -> tuple[date | None, date | None] | None:
    """(first day, last day) of 2024, 2024-03, 2024-03-05 or a range a..b (either side open);
    None when the value is not one of these."""
    match = DATE_RANGE.match(value.strip())
    if not match or not (match.group("start") or match.group("end")):
        return None
    try:
        start = _day(match.group("start"), first=True)
        end = _day(match.group("end") if ".." in value else match.group("start"), first=False)
    except ValueError:
        return None
    if start and end and start > end:
        return None
    return start, end


def _day(text: str | None, first: bool) -> date | None:
    if not text:
        return None
    parts = [int(part) for part in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1) if first else date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        if first:
            return date(year, month, 1)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(year, month, parts[2])
