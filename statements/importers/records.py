"""What every format's parser yields, the errors it raises, and the Format contract.

A format module declares a `Format`: its `name`, `looks_like(head) -> bool` (given
the first kilobytes of a file, for detection) and `records(path, zone)`, which
yields ParsedRecord, SkippedRecord or BadRecord lazily, as the import reads them.
Parsers only parse: no database, no Django.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

# The rule for whole-account exports (JSON and HTML): only channels are taken; personal
# chats, bots and groups are private, each of their messages is skipped and counted.
# A kind is the JSON export's chat `type` or the HTML chats list's ("channel", "private",
# "group", "bot"); a chat exported alone is taken whatever it is.
CHANNEL_KINDS = frozenset({"public_channel", "private_channel", "channel"})
NOT_A_CHANNEL = "in a chat that is not a channel"


def is_channel(kind: str | None) -> bool:
    return kind in CHANNEL_KINDS


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
    format: str = ""  # the Format's name: whose rendering of the post this is
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


def guarded(position: str, build: Callable[..., Any], *args: Any) -> Any:
    """build(*args), or a BadRecord saying why one message could not be read: a bad
    message inside a good file is reported and skipped, never the end of the file."""
    try:
        return build(*args)
    except Exception as exc:  # any surprise in one message's markup or values
        return BadRecord(position, f"cannot be read ({type(exc).__name__}: {exc})")


Record = ParsedRecord | SkippedRecord | BadRecord


@dataclass(frozen=True)
class Format:
    """One format the archive imports; the registry checks it when registering."""

    name: str
    looks_like: Callable[[str], bool]
    records: Callable[[Path, tzinfo], Iterator[Record]]
    suffixes: tuple[str, ...] = ()  # file name endings that say the format outright
    certain: bool = False  # its looks_like outweighs another format's file name ending
    folders: bool = False  # it reads a folder (a whole HTML export) as one file
