"""Telegram Desktop JSON exports (result.json), streamed.

Both layouts: one chat at the root ("Export chat history"), or a whole account
with chats under chats.list and left_chats.list (only channels are taken from
those; a single-chat export is taken whatever the chat is). Every version of the
exporter: text as a string or a list of runs, text_entities present or not,
integer or string from_id, date_unixtime present or not (without it `date` is
the exporting machine's local time: the caller gives that time zone).

The exporter writes control characters as \\xNN, which is not JSON; the stream
is mended on the fly. Memory stays flat: one message is held at a time (one
album while it lasts).
"""

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from statements.importers import service
from statements.importers.records import (
    NOT_A_CHANNEL,
    BadRecord,
    Channel,
    Format,
    ParsedRecord,
    Record,
    SkippedRecord,
    UnreadableFile,
    guarded,
    is_channel,
)

MESSAGE_PREFIXES = ("chats.list.item.messages.item", "left_chats.list.item.messages.item")
CHAT_PREFIXES = ("chats.list.item", "left_chats.list.item")
MEDIA_TYPES = {
    "video_file": "video",
    "video_message": "video",
    "animation": "animation",
    "voice_message": "audio",
    "audio_file": "audio",
    "sticker": "sticker",
}


EXPORT_KEYS = {"messages", "chats", "left_chats", "personal_information"}


def looks_like(head: str) -> bool:
    """An object whose own keys are an export's (a chat's messages, an account's chats),
    however it is laid out; a record's "text" (JSON Lines) or a key met only inside
    some value is not enough."""
    if not head.lstrip("\ufeff \t\r\n").startswith("{"):
        return False
    keys = _top_level_keys(head.lstrip("\ufeff").encode())
    return bool(keys & EXPORT_KEYS) and "text" not in keys


def _top_level_keys(head: bytes) -> set[str]:
    """The keys of the outermost object, as far as the head goes."""
    keys = set()
    try:
        for prefix, event, value in ijson.parse(MendedStream(io.BytesIO(head))):
            if prefix == "" and event == "map_key":
                keys.add(value)
            elif prefix == "" and event == "end_map":
                break
    except ijson.JSONError:
        pass  # the head ends inside the object (or the rest is not JSON): its keys so far
    return keys


class MendedStream:
    """A binary stream with the exporter's \\xNN escapes turned into JSON's \\u00NN,
    counting the bytes read so errors can say where."""

    ESCAPE = re.compile(rb"(\\+)x([0-9A-Fa-f]{2})")

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.held = b""
        self.offset = 0

    def read(self, size: int = 65536) -> bytes:
        data = self.raw.read(size)
        chunk, self.held = self.held + data, b""
        if data:
            # An escape may be cut at the chunk's end: keep its start for the next read.
            cut = chunk.rfind(b"\\", max(0, len(chunk) - 4))
            if cut != -1:
                while cut > 0 and chunk[cut - 1 : cut] == b"\\":
                    cut -= 1
                chunk, self.held = chunk[:cut], chunk[cut:]
                if not chunk:  # a run of backslashes longer than the read: read on
                    return self.read(size)
        self.offset += len(chunk)
        return self.ESCAPE.sub(_mend_escape, chunk)


def _mend_escape(match) -> bytes:
    slashes = match.group(1)
    if len(slashes) % 2 == 0:  # an escaped backslash followed by a literal "x"
        return match.group(0)
    return slashes[:-1] + b"\\u00" + match.group(2)


def parse(stream: BinaryIO, timezone: tzinfo = UTC) -> Iterator[Record]:
    """Records of every message, oldest first per chat. `stream` is a seekable binary file."""
    chat = _single_chat_header(stream)
    stream.seek(0)
    mended = MendedStream(stream)
    last_id = None
    try:
        if chat is not None:
            # One chat: its messages are built by ijson's C backend, the fast way.
            channel = Channel(title=chat.get("name") or "", telegram_id=bare_id(chat.get("id")))
            for message in ijson.items(mended, "messages.item", use_float=True):
                last_id = message.get("id", last_id) if isinstance(message, dict) else last_id
                yield checked_record(message, channel, timezone)
        else:
            for record in _parse_account(mended, timezone):
                last_id = record.position.rpartition(" ")[2]
                yield record
    except ijson.JSONError as exc:
        where = f"after message {last_id}" if last_id is not None else "before the first message"
        raise UnreadableFile(
            f"is not a complete Telegram JSON export: {exc} (near byte {mended.offset}, {where})"
        ) from None
    if last_id is None and chat is None:
        raise UnreadableFile("has no chats or messages: is it a Telegram export?")


def _single_chat_header(stream) -> dict | None:
    """name, type and id of a single-chat export (they come before its messages);
    None for a full-account export."""
    header = {}
    try:
        for prefix, event, value in ijson.parse(MendedStream(stream), use_float=True):
            if prefix in ("name", "type", "id"):
                header[prefix] = value
            elif prefix == "messages" and event == "start_array":
                return header
            elif prefix in ("chats", "left_chats"):
                return None
    except ijson.JSONError:
        return header  # a broken file: the main pass says where
    return None


def _parse_account(mended, timezone):
    """A full-account export: messages of every channel, each with its chat."""
    events = ijson.parse(mended, use_float=True)
    chats = ChatTracker()
    for prefix, event, value in events:
        if prefix in MESSAGE_PREFIXES and event == "start_map":
            message = _build(events, prefix, event, value)
            if chats.wanted(prefix):
                yield checked_record(message, chats.channel(prefix), timezone)
            else:
                yield SkippedRecord(f"message {message.get('id')}", NOT_A_CHANNEL)
        else:
            chats.see(prefix, event, value)


def _build(events, item_prefix, event, value) -> dict:
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    for prefix, event, value in events:
        builder.event(event, value)
        if prefix == item_prefix and event == "end_map":
            return builder.value
    raise UnreadableFile("ends in the middle of a message")


class ChatTracker:
    """The chat (name, type, id) of a full-account export that messages being read belong to."""

    def __init__(self):
        self.current: dict[str, dict] = {}

    def see(self, prefix: str, event: str, value: Any) -> None:
        if prefix in CHAT_PREFIXES and event == "start_map":
            self.current[prefix] = {}
        parent, _, key = prefix.rpartition(".")
        if parent in CHAT_PREFIXES and key in ("name", "type", "id") and event != "start_map":
            self.current.setdefault(parent, {})[key] = value

    def _chat(self, message_prefix: str) -> dict:
        return self.current.get(message_prefix.removesuffix("messages.item").rstrip("."), {})

    def wanted(self, message_prefix: str) -> bool:
        return is_channel(self._chat(message_prefix).get("type"))

    def channel(self, message_prefix: str) -> Channel:
        chat = self._chat(message_prefix)
        return Channel(title=chat.get("name") or "", telegram_id=bare_id(chat.get("id")))


def bare_id(value: int | str | None) -> int | None:
    """Old exports pack the peer type into high bits (2**32 + id, 2**33 + id)."""
    if value is None:
        return None
    if isinstance(value, str):
        digits = re.sub(r"\D", "", value)
        return int(digits) if digits else None
    return int(value) % 2**32 if value >= 2**32 else int(value)


def checked_record(message: Any, channel: Channel, timezone: tzinfo) -> Record:
    """message_record, or a BadRecord when this one message cannot be read."""
    if not isinstance(message, dict):
        return BadRecord(f"message after {type(message).__name__}", "is not a JSON object")
    return guarded(f"message {message.get('id')}", message_record, message, channel, timezone)


def message_record(message: dict, channel: Channel, timezone: tzinfo) -> Record:
    position = f"message {message.get('id')}"
    kind = message.get("type")
    if kind == "service":
        return SkippedRecord(position, service.REASON)
    if kind != "message":
        return SkippedRecord(position, f"{kind or 'unknown'} message")
    text, entities = message_text(message)
    media = media_kind(message)
    if not text.strip() and not media:
        return SkippedRecord(position, "no text and no media")
    return ParsedRecord(
        text=text,
        position=position,
        raw=message,
        format="telegram-json",
        channel=channel,
        source_message_id=int(message["id"]),
        published_at=message_time(message, "date", timezone),
        edited_at=message_time(message, "edited", timezone) if "edited" in message else None,
        forwarded_from=message.get("forwarded_from") or "",
        media=media,
        media_count=1 if media else 0,
        hashtags=[e["text"] for e in entities if e.get("type") == "hashtag"],
        links=[
            e.get("href") or e["text"] for e in entities if e.get("type") in ("link", "text_link")
        ],
        mentions=[e["text"] for e in entities if e.get("type") in ("mention", "mention_name")],
    )


def message_text(message: dict) -> tuple[str, list[dict]]:
    """The text and its entities, from whichever form this exporter version wrote."""
    text = message.get("text", "")
    if isinstance(text, str):
        runs = [{"type": "plain", "text": text}]
    else:
        runs = [{"type": "plain", "text": run} if isinstance(run, str) else run for run in text]
    entities = message.get("text_entities") or runs
    return "".join(str(run.get("text", "")) for run in runs), entities


def media_kind(message: dict) -> str:
    if "photo" in message:
        return "photo"
    if "file" in message or "media_type" in message:
        return MEDIA_TYPES.get(message.get("media_type"), "document")
    for key, kind in (
        ("poll", "poll"),
        ("location_information", "location"),
        ("contact_information", "contact"),
    ):
        if key in message:
            return kind
    return ""


def message_time(message: dict, key: str, timezone: tzinfo) -> datetime | None:
    unix = message.get(f"{key}_unixtime")
    if unix not in (None, ""):
        return datetime.fromtimestamp(int(unix), tz=UTC)
    local = message.get(key)
    if not local:
        return None
    # `fold=0` takes the first of a repeated hour at the end of summer time.
    naive = datetime.fromisoformat(local)
    return naive.replace(tzinfo=timezone).astimezone(UTC)


def records(path: Path, zone: tzinfo) -> Iterator[Record]:
    """The export's records, streamed from the file as the import reads them."""
    with path.open("rb") as file:
        yield from parse(file, zone)


FORMAT = Format("telegram-json", looks_like, records)
