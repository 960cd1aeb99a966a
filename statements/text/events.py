"""The event a text reports: its date (as a date and as written) and its place."""

import re
from datetime import date, datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "января", "январь"),
            ("february", "feb", "февраля", "февраль"),
            ("march", "mar", "марта", "март"),
            ("april", "apr", "апреля", "апрель"),
            ("may", "мая", "май"),
            ("june", "jun", "июня", "июнь"),
            ("july", "jul", "июля", "июль"),
            ("august", "aug", "августа", "август"),
            ("september", "sep", "sept", "сентября", "сентябрь"),
            ("october", "oct", "октября", "октябрь"),
            ("november", "nov", "ноября", "ноябрь"),
            ("december", "dec", "декабря", "декабрь"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>\d{1,2})"
YEAR = r"(?P<year>\d{4})"
PLACE = r"(?P<place>[^\W\d][^(),\n]{1,60}?)"
EVENT_PATTERNS = [
    # (Moscow, March 21, 2024) / (Москва, 21 марта 2024 года)
    re.compile(rf"\({PLACE},\s*{MONTH}\s+{DAY},?\s+{YEAR}\)", re.IGNORECASE),
    re.compile(rf"\({PLACE},\s*{DAY}\s+{MONTH},?\s+{YEAR}(?:\s*(?:года|г\.?))?\)", re.IGNORECASE),
    # On August 14, … / On 14 August 2024 … / 14 августа …
    re.compile(rf"\bOn\s+{MONTH}\s+{DAY}(?:st|nd|rd|th)?(?:,\s*{YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\bOn\s+{DAY}\s+{MONTH}(?:\s+{YEAR})?\b", re.IGNORECASE),
    re.compile(rf"(?:^|[\s(])(?P<ru>){DAY}\s+{MONTH}(?:\s+{YEAR}\s*(?:года|г\.)?)?(?=[\s,.])"),
]
MET_IN_PLACE = re.compile(
    r"\b(?:met|held talks|talks|meeting|visit)\s+in\s+"
    r"(?P<place>(?:St\.\s*|Saint\s+|New\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
    r"|(?:встретились|переговоры|встреча)\s+в\s+(?P<ru_place>[А-Я][а-я]+(?:[ -][А-Я][а-я]+)?)"
)


def extract_event(
    title: str, text: str, published_at: datetime | None
) -> tuple[date | None, str, str]:
    """Event date, the date as written, and place, from the headline or the first paragraph.

    A date without a year takes the year of publication (the year before, when the
    day would fall after publication); with no publication date it stays unset.
    """
    first_paragraph = text.split("\n", 1)[0]
    event_date, date_text, place = None, "", ""
    for haystack in (title, first_paragraph):
        for pattern in EVENT_PATTERNS:
            match = pattern.search(haystack)
            if not match:
                continue
            groups = match.groupdict()
            place = place or (groups.get("place") or "").strip()
            date_text = match.group(0).strip(" ()")
            if date_text.lower().startswith("on "):
                date_text = date_text[3:]
            event_date = _make_date(groups, published_at)
            break
        if date_text:
            break
    if not place:
        for haystack in (title, first_paragraph):
            for match in MET_IN_PLACE.finditer(haystack):
                candidate = match.group("place") or match.group("ru_place")
                if candidate.split()[0].lower().rstrip(".") not in MONTHS:  # "met in October"
                    place = candidate
                    break
            if place:
                break
    return event_date, date_text, place


def _make_date(groups: dict, published_at: datetime | None) -> date | None:
    month = MONTHS[groups["month"].lower().rstrip(".")]
    day = int(groups["day"])
    if groups.get("year"):
        year = int(groups["year"])
    elif published_at:
        year = published_at.year
        try:
            if date(year, month, day) > published_at.date():
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
