"""What every format's parser yields, and the errors it raises.

A parser is a module with `parse(source) -> Iterable[ParsedRecord | SkippedRecord]`
where `source` is the file's text (small formats) or a binary file object
(streamed formats), and `looks_like(head: str) -> bool`, given the first
kilobytes of the file, for format detection. Parsers only parse: no database.
"""

from dataclasses import dataclass, field
from datetime import datetime


class UnreadableFile(Exception):
    """The file cannot be imported at all; the message names the file and the place."""


@dataclass(frozen=True)
class Channel:
    """Where a record was published, as the file says. The pipeline turns it into a Source:
    by Telegram id first, then by handle (t.me username) or slug, else a new one."""

    title: str = ""
    handle: str = ""  # t.me username, e.g. MFARussia
    telegram_id: int | None = None  # bare channel id (no -100 prefix)
    slug: str = ""  # an archive Source slug (JSON Lines / CSV "source" column)


@dataclass
class ParsedRecord:
    """One post or statement as a format gives it, before enrichment."""

    text: str
    position: str  # where in the file, for messages: "line 12", "message 345"
    raw: dict
    channel: Channel | None = None
    source_message_id: int | None = None
    external_id: str = ""  # an id from another system (JSON Lines / CSV)
    published_at: datetime | None = None  # aware, UTC
    edited_at: datetime | None = None
    source_url: str = ""
    forwarded_from: str = ""  # display name of the original author
    forwarded_from_id: str = ""  # e.g. "channel1111111111" or a t.me handle, when known
    forwarded_message_id: int | None = None  # the original post's id, when known
    media: str = ""  # "photo", "video", "document", "unknown"…; "" for none
    media_count: int = 0  # items of an album, or 1
    views: int | None = None
    title: str = ""
    language: str = ""
    kind: str = ""
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)  # names given by the file


@dataclass
class SkippedRecord:
    """Something in the file that is not a statement (service message, unsupported stub)."""

    position: str
    reason: str


@dataclass
class BadRecord:
    """A record the file gives but that cannot be read: reported and counted as failed."""

    position: str
    reason: str


def guarded(position: str, build, *args):
    """build(*args), or a BadRecord saying why one message could not be read: a bad
    message inside a good file is reported and skipped, never the end of the file."""
    try:
        return build(*args)
    except Exception as exc:  # any surprise in one message's markup or values
        return BadRecord(position, f"cannot be read ({type(exc).__name__}: {exc})")
