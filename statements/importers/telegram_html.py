"""Telegram Desktop HTML exports: messages.html, messages2.html, … (1000 messages each).

    div.page_header div.text.bold                      the chat's name
    div.history
      div.message.service#message-1                   a day separator (negative id)
      div.message.service#message7                    a service message ("pinned …")
      div.message.default.clearfix#message8           a message
        div.body
          div.pull_right.date.details[title]          "13.01.2023 15:37:21 UTC+03:00"
          div.from_name                               absent on `joined` messages
          div.forwarded.body                          (forwards wrap the content)
            div.from_name  Name <span.date.details[title]>   the original's date
          div.reply_to.details                        "In reply to this message"
          div.media_wrap                              photo, video, file, voice, poll…
          div.text                                    <br> for newlines

Dates are in the exporting machine's local time; since 2022 the title says its
offset, older exports need the caller's `timezone`. Albums come one message per
item, as the file has them: the pipeline groups them.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from statements.importers import service
from statements.importers.files import read_text_file
from statements.importers.records import (
    NOT_A_CHANNEL,
    Channel,
    Format,
    ParsedRecord,
    Record,
    SkippedRecord,
    UnreadableFile,
    guarded,
    is_channel,
)
from statements.importers.tme_html import text_of

DATE_TITLE = re.compile(
    r"(?P<moment>\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2})"
    r"(?:\s*UTC(?P<sign>[+-])(?P<hours>\d{1,2}):(?P<minutes>\d{2}))?"
)
MESSAGE_FILE = re.compile(r"messages(\d*)\.html")


def looks_like(head: str) -> bool:
    return (
        "page_header" in head
        and "history" in head
        and ("message default" in head or "message service" in head)
    )


def parse(text: str, timezone: tzinfo) -> list[ParsedRecord | SkippedRecord]:
    records, _ = _parse_file(text, timezone, sender="")
    return records


def parse_folder(folder: Path, timezone: tzinfo) -> list[ParsedRecord | SkippedRecord]:
    """Every messagesN.html of an export folder, in order. A sender's run of
    `joined` messages can go on into the next file, so the sender is carried over."""
    files = message_files(folder)
    if not files:
        raise UnreadableFile(f"{folder}: no messages.html in this folder")
    records, sender = [], ""
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{path.name} is not UTF-8 text (offset {exc.start})") from None
        file_records, sender = _parse_file(text, timezone, sender)
        records.extend(file_records)
    return records


def message_files(folder: Path) -> list[Path]:
    """messages.html, messages2.html, … messages10.html, in numeric order."""
    numbered = []
    for path in folder.iterdir():
        match = MESSAGE_FILE.fullmatch(path.name)
        if match:
            numbered.append((int(match.group(1) or 1), path))
    return [path for _, path in sorted(numbered)]


def _parse_file(text: str, timezone: tzinfo, sender: str):
    """(records, the last sender seen) for one file."""
    soup = BeautifulSoup(text, "html.parser")
    channel = Channel(title=_chat_title(soup))
    records = []
    for message in soup.select("div.message[id]"):
        message_id = _message_id(message)
        if message_id is None:
            continue
        position = f"message {message_id}"
        if "service" in message.get("class", []):
            if message_id > 0:  # negative ids are day separators, not worth reporting
                records.append(SkippedRecord(position, service.REASON))
            continue
        if "default" not in message.get("class", []):
            continue
        # `joined` messages continue the previous sender's run and name no sender.
        sender = _own_from_name(message) or (sender if _is_joined(message) else "")
        records.append(
            guarded(position, _record, message, message_id, position, sender, channel, timezone)
        )
    return records, sender


def _chat_title(soup) -> str:
    title = soup.select_one("div.page_header div.text.bold")
    return text_of(title) if title else ""


def _message_id(message: Tag) -> int | None:
    match = re.fullmatch(r"message(-?\d+)", message["id"])
    return int(match.group(1)) if match else None


def _is_joined(message: Tag) -> bool:
    return "joined" in message.get("class", [])


def _own_from_name(message: Tag) -> str:
    """The sender's name; a forward's inner from_name is the original author, not this."""
    for from_name in message.select("div.from_name"):
        if not from_name.find_parent("div", class_="forwarded"):
            return _name_text(from_name)
    return ""


def _name_text(from_name: Tag) -> str:
    """A from_name without its date or "via @bot" span."""
    kept = [
        str(string)
        for string in from_name.find_all(string=True)
        if not string.find_parent("span", class_="details")
    ]
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def _record(message, message_id, position, sender, channel, timezone):
    text_element = _text_element(message)
    text = text_of(text_element) if text_element else ""
    media = _media(message)
    if not text and not media:
        return SkippedRecord(position, "no text or media")

    forwarded = message.select_one("div.forwarded.body")
    forwarded_from, forwarded_date = _forward(forwarded, timezone) if forwarded else ("", None)
    date = message.select_one("div.pull_right.date.details[title]")
    raw = {
        "format": "telegram-html",
        "id": message_id,
        "from": sender,
        "date": date["title"] if date else "",
        "text_html": text_element.decode_contents().strip() if text_element else "",
    }
    if forwarded:
        raw["forwarded_date"] = forwarded_date.isoformat() if forwarded_date else ""
    raw.update(_extras(message))
    return ParsedRecord(
        text=text,
        position=position,
        raw=raw,
        format="telegram-html",
        channel=channel,
        source_message_id=message_id,
        published_at=parse_date_title(date["title"], timezone) if date else None,
        forwarded_from=forwarded_from,
        media=media,
        media_count=1 if media else 0,
    )


def _text_element(message: Tag) -> Tag | None:
    """The message's div.text: not the reply_to link, nor anything inside media."""
    for element in message.select("div.text"):
        if not element.find_parent("div", class_=["reply_to", "media_wrap"]):
            return element
    return None


def _forward(forwarded: Tag, timezone: tzinfo) -> tuple[str, datetime | None]:
    """(original author, original date) of a forward."""
    from_name = forwarded.select_one("div.from_name")
    if not from_name:
        return "", None
    date = from_name.select_one("span.date.details[title]")
    return _name_text(from_name), parse_date_title(date["title"], timezone) if date else None


def parse_date_title(title: str, timezone: tzinfo) -> datetime | None:
    """ "13.01.2023 15:37:21 UTC+03:00" in UTC; without the UTC suffix (exports
    before 2022) the time is local to `timezone`."""
    match = DATE_TITLE.search(title)
    if not match:
        return None
    moment = datetime.strptime(match["moment"], "%d.%m.%Y %H:%M:%S")
    if match["sign"]:
        offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
        zone = fixed_offset(offset if match["sign"] == "+" else -offset)
    else:
        zone = timezone
    return moment.replace(tzinfo=zone).astimezone(UTC)


# Classes inside div.media_wrap, and the media kind each means.
MEDIA_CLASSES = [
    ("photo_wrap", "photo"),
    ("media_photo", "photo"),
    ("video_file_wrap", "video"),
    ("animated_wrap", "animation"),
    ("media_video", "video"),
    ("media_round_video", "video"),
    ("media_voice_message", "audio"),
    ("media_audio_file", "audio"),
    ("media_file", "document"),
    ("media_poll", "poll"),
    ("sticker_wrap", "sticker"),
    ("media_sticker", "sticker"),
]


# A file not downloaded is drawn as a generic block whose class is a near kind (a sticker
# is a media_photo, an animation a media_video): its title says what it is.
GENERIC_MEDIA_TITLES = {"Sticker": "sticker", "Animation": "animation"}


def _media(message: Tag) -> str:
    media_wrap = message.select_one("div.media_wrap")
    if not media_wrap:
        return ""
    title = media_wrap.select_one("div.media div.title")
    if title and text_of(title) in GENERIC_MEDIA_TITLES:
        return GENERIC_MEDIA_TITLES[text_of(title)]
    for class_name, kind in MEDIA_CLASSES:
        if media_wrap.select_one(f".{class_name}"):
            return kind
    return "unknown"


def _extras(message: Tag) -> dict:
    """What the record has no field for: the replied-to id, the poster's signature,
    the media file's path."""
    extras = {}
    reply = message.select_one("div.reply_to a[href]")
    if reply:
        replied = re.search(r"go_to_message(\d+)", reply["href"])
        extras["reply_to"] = int(replied.group(1)) if replied else reply["href"]
    signature = message.select_one("div.signature.details")
    if signature:
        extras["signature"] = text_of(signature)
    media_link = message.select_one("div.media_wrap a[href]")
    if media_link:
        extras["media_file"] = media_link["href"]
    return extras


def records(path: Path, zone: tzinfo) -> Iterator[Record]:
    """A messages.html file, or every messagesN.html of an export folder; a chat folder
    of a whole-account export that is not a channel gives its messages skipped."""
    if path.is_dir() and not is_channel(account_chat_kind(path) or "channel"):
        yield from (SkippedRecord(r.position, NOT_A_CHANNEL) for r in parse_folder(path, zone))
    elif path.is_dir():
        yield from parse_folder(path, zone)
    else:
        yield from parse(read_text_file(path), zone)


def account_chat_kind(folder: Path) -> str | None:
    """What the account export's chats list says a chat folder is ("channel", "private",
    "group", "bot"); None when there is no list or it does not say (then the archive
    cannot tell, and the chat is taken, as a chat exported alone is)."""
    export = folder.parent.parent
    for name in ("chats.html", "left_chats.html"):
        listing = export / "lists" / name
        if not listing.is_file():
            continue
        soup = BeautifulSoup(listing.read_text(encoding="utf-8-sig"), "html.parser")
        for entry in soup.select("a.entry[href]"):
            chat = entry["href"].split("#")[0].rsplit("/", 2)
            kind = entry.select_one("div.info")
            if len(chat) == 3 and chat[1] == folder.name and kind:
                return text_of(kind)
    return None


FORMAT = Format("telegram-html", looks_like, records, folders=True)
