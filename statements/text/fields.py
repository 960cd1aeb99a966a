"""A parsed record's statement fields, read from its text with the rules of this package.

No Django here: the import pipeline runs enrich_records in a second process.
"""

from datetime import datetime
from typing import Protocol

from statements.text.classify import detect_kind, detect_language
from statements.text.events import extract_event
from statements.text.normalize import (
    CONTROL_CHARACTERS,
    clean_text,
    content_hash,
    fold,
    split_title,
    strip_emoji,
    text_fingerprint,
)
from statements.text.suggest import suggest_names


class Record(Protocol):
    """What enrich_record reads of a parsed record (importers.records.ParsedRecord)."""

    text: str
    title: str
    language: str
    kind: str
    source_message_id: int | None
    published_at: datetime | None
    edited_at: datetime | None
    source_url: str
    forwarded_from: str
    forwarded_from_id: str
    forwarded_message_id: int | None
    views: int | None
    media: str
    media_count: int
    links: list[str]
    mentions: list[str]


EnrichJob = tuple[Record, str, str]
EnrichResult = tuple[dict | None, str | None, list[tuple[str, str]] | None, str | None]


def enrich_record(
    record: Record, permalink_base: str = "", default_language: str = "en"
) -> tuple[dict, str]:
    """A parsed record's statement fields, and its folded title and text (for matching).

    permalink_base: "https://t.me/<handle>/" when the source has permalinks by message id.
    """
    text = clean_text(record.text)
    title, body = (record.title, text) if record.title else split_title(text)
    title = strip_emoji(clean_text(title))
    folded = fold(f"{title}\n{body}")
    event_date, event_date_text, location = extract_event(title, body, record.published_at)
    permalink = (
        f"{permalink_base}{record.source_message_id}"
        if (permalink_base and record.source_message_id)
        else ""
    )
    fields = {
        "source_url": record.source_url or permalink,
        "published_at": record.published_at,
        "edited_at": record.edited_at,
        "event_date": event_date,
        "event_date_text": event_date_text,
        "location": location,
        "kind": record.kind or detect_kind(title, body),
        "title": title,
        "text": body,
        "language": record.language or detect_language(text, default_language),
        "forwarded_from": strip_emoji(CONTROL_CHARACTERS.sub("", record.forwarded_from)),
        "forwarded_from_id": record.forwarded_from_id,
        "forwarded_message_id": record.forwarded_message_id,
        "views": record.views,
        "media": record.media,
        "media_count": record.media_count,
        "links": [CONTROL_CHARACTERS.sub("", str(link)) for link in record.links],
        "mentions": [CONTROL_CHARACTERS.sub("", str(name)) for name in record.mentions],
        "content_hash": content_hash(title, body),
        "text_fingerprint": text_fingerprint(title, body, folded=folded),
    }
    return fields, folded


def enrich_records(jobs: list[EnrichJob]) -> list[EnrichResult]:
    """enrich_record for each (record, permalink_base, default_language), and the names its
    text suggests: (fields, folded, suggested, None), or (None, None, None, the reason it
    could not be read)."""
    results = []
    for record, permalink_base, default_language in jobs:
        try:
            fields, folded = enrich_record(record, permalink_base, default_language)
            suggested = suggest_names(fields["title"], fields["text"])
            results.append((fields, folded, suggested, None))
        except Exception as exc:  # one unreadable record must not stop the others
            results.append((None, None, None, f"cannot be read ({exc})"))
    return results
