"""What every format's parser yields, and the errors it raises."""

from dataclasses import dataclass, field
from datetime import datetime


class UnreadableFile(Exception):
    """The file cannot be imported at all; the message names the file and the place."""


@dataclass
class ParsedRecord:
    """One post or statement as a format gives it, before enrichment."""

    text: str
    position: str  # where in the file, for messages: "line 12", "message 345"
    raw: dict
    source_message_id: int | None = None
    published_at: datetime | None = None
    source_url: str = ""
    forwarded_from: str = ""
    media: str = ""
    title: str = ""
    language: str = ""
    kind: str = ""
    hashtags: list[str] = field(default_factory=list)
