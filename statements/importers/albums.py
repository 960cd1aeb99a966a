"""Albums: items of one post are separate messages a moment apart, the caption on one."""

from collections.abc import Iterable, Iterator
from dataclasses import asdict

from statements.importers.records import ParsedRecord, Record

ALBUM_SECONDS = 2


def group_albums(records: Iterable[Record]) -> Iterator[Record]:
    """Merge consecutive media items of one album into one record."""
    album: list[ParsedRecord] = []
    for record in records:
        if album and _same_album(album, record):
            album.append(record)
            continue
        if album:
            yield _merge_album(album)
        album = [record] if _may_be_album(record) else []
        if not album:
            yield record
    if album:
        yield _merge_album(album)


def _may_be_album(record: Record) -> bool:
    return (
        isinstance(record, ParsedRecord)
        and record.media in ("photo", "video")
        and bool(record.published_at)
    )


def _same_album(album: list[ParsedRecord], record: Record) -> bool:
    first = album[0]
    return (
        _may_be_album(record)
        and record.channel == first.channel
        and abs((record.published_at - album[-1].published_at).total_seconds()) <= ALBUM_SECONDS
        and not (record.text.strip() and any(item.text.strip() for item in album))
    )


def _merge_album(album: list[ParsedRecord]) -> ParsedRecord:
    if len(album) == 1:
        return album[0]
    captioned = next((item for item in album if item.text.strip()), album[0])
    first = album[0]
    return ParsedRecord(
        **{
            **asdict(captioned),
            "channel": first.channel,
            "position": f"{first.position} (album of {len(album)})",
            "source_message_id": first.source_message_id,
            "published_at": first.published_at,
            "media_count": len(album),
            "raw": {"album": [item.raw for item in album]},
            "hashtags": [tag for item in album for tag in item.hashtags],
        }
    )
