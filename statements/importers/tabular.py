"""Statements from other sources as JSON Lines or CSV (ministry web sites, spreadsheets).

Columns (CSV header, or keys of each JSON object); only `text` is required:

| column | meaning |
|---|---|
| external_id (or id) | the statement's id in the system it comes from; keys re-imports |
| source | the archive source's slug (created if new) |
| url | the statement's address |
| published_at | ISO 8601; without a zone it is read in the import's time zone |
| title | the headline; without it the first line of the text |
| text | the statement |
| language | en, ru, sr, …: a code the archive knows (else the row is reported and |
|          | skipped); detected when empty |
| kind | meeting, phone_call, remarks, press_conference, interview, comment, article, |
|      | message or other; detected when empty |
| participants | names, separated by ";" in CSV or a list in JSON |
| hashtags | tags, separated by ";" or spaces in CSV or a list in JSON |
"""

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from statements.importers.files import text_lines
from statements.importers.records import (
    BadRecord,
    Channel,
    Format,
    ParsedRecord,
    Record,
    UnreadableFile,
)
from statements.text.normalize import CONTROL_CHARACTERS, fold

COLUMNS = {
    "external_id",
    "id",
    "source",
    "url",
    "published_at",
    "title",
    "text",
    "language",
    "kind",
    "participants",
    "hashtags",
}
KINDS = {
    "meeting",
    "phone_call",
    "remarks",
    "press_conference",
    "interview",
    "comment",
    "article",
    "message",
    "other",
}


def looks_like(head: str) -> bool:
    """JSON Lines: the first line is an object with a text."""
    first = head.lstrip("\ufeff \r\n").split("\n", 1)[0]
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return isinstance(row, dict) and "text" in row


def looks_like_csv(head: str) -> bool:
    header = head.lstrip("\ufeff").split("\n", 1)[0].lower()
    names = {name.strip().strip('"') for name in header.split(",")}
    return "text" in names and len(names & COLUMNS) >= 2


# A statement's text may be long; csv's default limit (128 KB a field) is not enough.
csv.field_size_limit(16 * 1024 * 1024)


def parse(lines: Iterable[str], format_name: str, timezone: tzinfo = UTC) -> Iterator[Record]:
    """Records from the lines of a file (an open file: read as needed, memory stays flat)."""
    if isinstance(lines, str):
        lines = io.StringIO(lines)
    if format_name == "csv":
        yield from _parse_csv(lines, timezone)
    else:
        yield from _parse_jsonl(lines, timezone)


def _parse_jsonl(lines: Iterable[str], timezone: tzinfo):
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield BadRecord(position, f"is not JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield BadRecord(position, "is not a JSON object")
            continue
        yield _record(row, position, timezone)


def _parse_csv(lines: Iterable[str], timezone: tzinfo):
    reader = csv.DictReader(lines, strict=True)
    try:
        if not reader.fieldnames or "text" not in {n.strip().lower() for n in reader.fieldnames}:
            raise UnreadableFile("has no 'text' column in its header line")
        for row in reader:
            position = f"line {reader.line_num}"
            if None in row:
                yield BadRecord(position, "has more fields than the header")
                continue
            if None in row.values():
                yield BadRecord(position, "has fewer fields than the header")
                continue
            yield _record({k.strip().lower(): v for k, v in row.items()}, position, timezone)
    except csv.Error as exc:
        raise UnreadableFile(f"is not valid CSV at line {reader.line_num} ({exc})") from None


def _record(row: dict, position: str, timezone: tzinfo):
    external_id = CONTROL_CHARACTERS.sub(
        "", _string(row.get("external_id") or row.get("id"))
    ).strip()
    if external_id:
        position += f" (id {external_id})"
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return BadRecord(position, "has no text")
    kind = _string(row.get("kind")).strip().lower()
    if kind and kind not in KINDS:
        return BadRecord(position, f"has an unknown kind {kind!r}")
    try:
        published_at = _time(row.get("published_at"), timezone)
    except ValueError:
        return BadRecord(position, f"has a date that is not ISO 8601: {row.get('published_at')!r}")
    source = slug(fold(CONTROL_CHARACTERS.sub("", _string(row.get("source")))))[:100]
    return ParsedRecord(
        text=text,
        position=position,
        raw=row,
        channel=Channel(slug=source, title=source) if source else None,
        external_id=external_id[:200],
        published_at=published_at,
        source_url=_string(row.get("url")).strip()[:500],
        title=_string(row.get("title")).strip(),
        language=_string(row.get("language")).strip().lower()[:8],
        kind=kind,
        participants=_names(row.get("participants"), ";"),
        hashtags=[tag if tag.startswith("#") else f"#{tag}" for tag in _names(row.get("hashtags"))],
    )


def _string(value) -> str:
    return "" if value is None else str(value)


def _names(value, separator: str | None = None) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    text = _string(value)
    if separator and separator in text:
        return [part.strip() for part in text.split(separator) if part.strip()]
    if separator:
        return [text.strip()] if text.strip() else []
    return [part.strip(",;") for part in text.replace(";", " ").split() if part.strip(",;")]


def _time(value, timezone: tzinfo) -> datetime | None:
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone)
    return moment.astimezone(UTC)


def slug(value: str) -> str:
    """A source slug as Django's slugify(allow_unicode=True) makes it, without Django."""
    value = re.sub(r"[^\w\s-]", "", unicodedata.normalize("NFKC", value).lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def jsonl_records(path: Path, zone: tzinfo) -> Iterator[Record]:
    yield from parse(text_lines(path), "jsonl", zone)


def csv_records(path: Path, zone: tzinfo) -> Iterator[Record]:
    yield from parse(text_lines(path), "csv", zone)


JSONL = Format("jsonl", looks_like, jsonl_records, suffixes=(".jsonl", ".ndjson"))
CSV = Format("csv", looks_like_csv, csv_records, suffixes=(".csv",), certain=True)
