"""Saved pages of a channel's public web preview (t.me/s/<channel>).

A page is `section.tgme_channel_history` holding ~20 posts, oldest first:

    div.tgme_widget_message[data-post="channel/123"][data-view=base64 JSON]
      div.tgme_widget_message_forwarded_from   (optional) "Forwarded from <a>Name</a>"
      a.tgme_widget_message_reply              (optional) quote of the replied-to post
      media: photo / video / document / poll / sticker, an album's grouped_wrap,
             or a "not supported in your browser" stub
      div.tgme_widget_message_text.js-message_text   the post's own text
      a.tgme_widget_message_link_preview       (optional) the linked page's summary
      footer: views, "edited", time[datetime] (UTC)

The text is what plain-text scrapes get wrong (they repeat it): an album nests
its caption in two js-message_text divs, and the reply quote and link preview
often repeat the post's lead. So only the innermost js-message_text outside the
quote and preview is the text; quote and preview go to `raw`.
"""

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from statements.importers import service
from statements.importers.files import read_text_file
from statements.importers.records import (
    Channel,
    Format,
    ParsedRecord,
    Record,
    SkippedRecord,
    guarded,
)

MARKERS = ("tgme_widget_message", "tgme_channel_history")


@dataclass
class TmePage:
    channel: Channel
    records: list[ParsedRecord | SkippedRecord] = field(default_factory=list)
    before: int | None = None  # the id to ask for next (`?before=`) when paging back


def looks_like(head: str) -> bool:
    return any(marker in head for marker in MARKERS)


def parse(text: str) -> list[ParsedRecord | SkippedRecord]:
    return parse_page(text).records


def parse_page(text: str) -> TmePage:
    soup = BeautifulSoup(text, "html.parser")
    posts = _unique_posts(soup)
    channel = _channel(soup, posts)
    records = [
        guarded(f"post {post.get('data-post')}", _record, post, channel)
        for _, post in sorted(posts, key=lambda item: item[0])
    ]
    return TmePage(channel=channel, records=records, before=_before(soup))


def _unique_posts(soup) -> list[tuple[int, Tag]]:
    """(message id, post) for each post, the first copy of each data-post only:
    pages saved with overlapping `?before=` ranges repeat posts."""
    seen, posts = set(), []
    for post in soup.select("div.tgme_widget_message[data-post]"):
        data_post = post["data-post"]
        if data_post in seen:
            continue
        seen.add(data_post)
        posts.append((_message_id(data_post), post))
    return posts


def _message_id(data_post: str) -> int:
    _, _, number = data_post.rpartition("/")
    return int(number) if number.isdigit() else 0


def _channel(soup, posts) -> Channel:
    handle = posts[0][1]["data-post"].rpartition("/")[0] if posts else ""
    telegram_id = next(
        (found for _, post in posts if (found := _telegram_id(post)) is not None), None
    )
    return Channel(title=_page_title(soup), handle=handle, telegram_id=telegram_id)


def _page_title(soup) -> str:
    og_title = soup.find("meta", attrs={"property": "og:title"})
    if og_title and og_title.get("content", "").strip():
        return og_title["content"].strip()
    header = soup.select_one(".tgme_channel_info_header_title, .tgme_header_title")
    return text_of(header) if header else ""


def _telegram_id(post: Tag) -> int | None:
    """The bare channel id from data-view, base64 JSON like {"c": -1234567890, "p": "84g"}."""
    encoded = post.get("data-view", "")
    if not encoded:
        return None
    padded = encoded + "=" * (-len(encoded) % 4)
    try:
        view = json.loads(base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_")))
        return abs(int(view["c"]))
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None


def _before(soup) -> int | None:
    more = soup.select_one("a.tme_messages_more[data-before]")
    value = more["data-before"] if more else ""
    return int(value) if value.isdigit() else None


def _record(post: Tag, channel: Channel) -> ParsedRecord | SkippedRecord:
    data_post = post["data-post"]
    position = f"post {data_post}"
    text_element = _own_text_element(post)
    text = text_of(text_element) if text_element else ""
    media, media_count = _media(post)
    if _is_service(post, text, media):
        return SkippedRecord(position, service.REASON)
    if not text and not media:
        return SkippedRecord(position, "no text or media")

    message_id = _message_id(data_post)
    forwarded_from, forwarded_from_id, forwarded_message_id = _forwarded(post)
    views = _views(post)
    edited = _is_edited(post)
    raw = {
        "format": "tme-html",
        "data_post": data_post,
        "text_html": text_element.decode_contents() if text_element else "",
        "views": views,
        "edited": edited,
    }
    raw.update(_quotes(post))
    return ParsedRecord(
        text=text,
        position=position,
        raw=raw,
        format="tme-html",
        channel=channel,
        source_message_id=message_id,
        published_at=_published_at(post),
        source_url=f"https://t.me/{channel.handle}/{message_id}",
        forwarded_from=forwarded_from,
        forwarded_from_id=forwarded_from_id,
        forwarded_message_id=forwarded_message_id,
        media=media,
        media_count=media_count,
        views=views,
    )


def _is_service(post: Tag, text: str, media: str) -> bool:
    """Marked a service post (service_message, service_message_photo…), showing the
    channel's new photo, or an unmarked one whose whole text says what the channel did."""
    if any(name.startswith("service_message") for name in post.get("class", [])):
        return True
    if post.select_one(".tgme_widget_message_service_photo"):
        return True
    return not media and service.is_service_text(text)


def _outside_quotes(element: Tag) -> bool:
    """False for elements inside the reply quote or the link preview."""
    return not element.find_parent(
        class_=["tgme_widget_message_reply", "tgme_widget_message_link_preview"]
    )


def _own_text_element(post: Tag) -> Tag | None:
    """The innermost js-message_text outside the quote and preview: an album's
    caption is nested in two of them, and either alone would be the text."""
    candidates = [el for el in post.select(".js-message_text") if _outside_quotes(el)]
    innermost = [el for el in candidates if not el.select_one(".js-message_text")]
    return innermost[0] if innermost else None


# Element classes of each kind of media, in the order they are looked for.
MEDIA_CLASSES = [
    ("tgme_widget_message_photo_wrap", "photo"),
    ("tgme_widget_message_video_player", "video"),
    ("tgme_widget_message_roundvideo_player", "video"),
    ("tgme_widget_message_voice_player", "audio"),
    ("tgme_widget_message_document_wrap", "document"),
    ("tgme_widget_message_poll", "poll"),
    ("tgme_widget_message_sticker_wrap", "sticker"),
    ("tgme_widget_message_location_wrap", "location"),
]


def _media_kind(element: Tag) -> str:
    classes = element.get("class", [])
    return next((kind for name, kind in MEDIA_CLASSES if name in classes), "")


def _media(post: Tag) -> tuple[str, int]:
    """(kind, count): an album counts its items and takes its first item's kind;
    a stub the page cannot render ("Please open Telegram…") is "unknown"."""
    album_items = [el for el in post.select(".grouped_media_wrap") if _outside_quotes(el)]
    if album_items:
        return _media_kind(album_items[0]) or "unknown", len(album_items)
    for element in post.find_all(class_=[name for name, _ in MEDIA_CLASSES]):
        if _outside_quotes(element) and (kind := _media_kind(element)):
            return kind, 1
    stub = post.select_one(".message_media_not_supported_wrap")
    if stub and _outside_quotes(stub):
        return "unknown", 1
    return "", 0


def _forwarded(post: Tag) -> tuple[str, str, int | None]:
    """(name, handle, original id) from "Forwarded from <a href=https://t.me/MFARussia/20400>"."""
    name_element = post.select_one(".tgme_widget_message_forwarded_from_name")
    if not name_element:
        return "", "", None
    name = text_of(name_element)
    link = re.match(r"https?://t\.me/(?:s/)?(\w+)(?:/(\d+))?", name_element.get("href", ""))
    # Hidden users are a <span>, with no link; t.me/c/<id>/… links name no handle.
    if not link or link.group(1) == "c":
        return name, "", None
    handle, number = link.groups()
    return name, handle, int(number) if number else None


def _views(post: Tag) -> int | None:
    element = post.select_one(".tgme_widget_message_views")
    return parse_count(element.get_text(strip=True)) if element else None


def parse_count(value: str) -> int | None:
    """ "1.2K" -> 1200, "436.6K" -> 436600, "2M" -> 2000000 (Decimal: no float rounding)."""
    match = re.fullmatch(r"([\d.,]+)\s*([KM]?)", value.strip(), re.IGNORECASE)
    if not match:
        return None
    number, suffix = match.groups()
    try:
        amount = Decimal(number.replace(",", "."))
    except InvalidOperation:
        return None
    return int(amount * {"": 1, "K": 1_000, "M": 1_000_000}[suffix.upper()])


def _is_edited(post: Tag) -> bool:
    """The footer's meta says "edited" (not counting the author's signature)."""
    for meta in post.select(".tgme_widget_message_meta"):
        own_words = [
            str(string)
            for string in meta.find_all(string=True)
            if not string.find_parent(class_="tgme_widget_message_from_author")
        ]
        if re.search(r"\bedited\b", " ".join(own_words)):
            return True
    return False


def _published_at(post: Tag) -> datetime | None:
    time = post.select_one(".tgme_widget_message_date time[datetime]") or post.select_one(
        "time[datetime]"
    )
    if not time:
        return None
    moment = datetime.fromisoformat(time["datetime"])
    if moment.tzinfo is None:  # the preview writes UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _quotes(post: Tag) -> dict:
    """The reply quote, link preview, poll question and signature, kept apart from the text."""
    quotes = {}
    reply = post.select_one(".tgme_widget_message_reply")
    if reply:
        quote = reply.select_one(".js-message_reply_text, .tgme_widget_message_metatext")
        author = reply.select_one(".tgme_widget_message_author_name")
        quotes["reply_quote"] = text_of(quote) if quote else ""
        quotes["reply_author"] = text_of(author) if author else ""
        quotes["reply_url"] = reply.get("href", "")
    preview = post.select_one(".tgme_widget_message_link_preview")
    if preview:
        quotes["link_preview"] = {
            part: text_of(element)
            if (element := preview.select_one(f".link_preview_{part}"))
            else ""
            for part in ("site_name", "title", "description")
        } | {"url": preview.get("href", "")}
    poll_question = post.select_one(".tgme_widget_message_poll_question")
    if poll_question:
        quotes["poll_question"] = text_of(poll_question)
    author = post.select_one(".tgme_widget_message_from_author")
    if author:
        quotes["author"] = text_of(author)
    return quotes


def text_of(element: Tag) -> str:
    """An element's text as a reader sees it: <br> is a newline, an emoji image
    (<i class="emoji"><b>🇷🇺</b></i>) is its character once, and the markup's
    own line breaks and indentation are just spaces."""
    text = "".join(_text_parts(element))
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


def _text_parts(element: Tag):
    for child in element.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if child.find_parent("pre"):
                yield str(child)
            else:
                yield re.sub(r"\s+", " ", str(child))
        elif child.name == "br":
            yield "\n"
        elif child.name in ("i", "img") and "emoji" in child.get("class", []):
            yield _emoji(child)
        else:
            yield from _text_parts(child)


def _emoji(element: Tag) -> str:
    if element.name == "img":
        return element.get("alt", "")
    inner = element.find("b")
    return (inner or element).get_text()


def records(path: Path, zone: tzinfo) -> Iterator[Record]:
    """A saved page's posts; the page gives its times in UTC, so `zone` is not needed."""
    yield from parse(read_text_file(path))


FORMAT = Format("tme-html", looks_like, records)
