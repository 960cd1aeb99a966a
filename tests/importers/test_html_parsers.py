"""The HTML parsers: saved t.me/s pages and Telegram Desktop HTML exports (no database)."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from statements.importers import telegram_html, tme_html
from statements.importers.records import ParsedRecord, SkippedRecord, UnreadableFile

DATA = Path(__file__).parent.parent / "data"
EXPORT = DATA / "telegram_html_export"
MOSCOW = ZoneInfo("Europe/Moscow")


# t.me/s pages


@pytest.fixture(scope="module")
def page():
    return tme_html.parse_page((DATA / "tme_s_features.html").read_text(encoding="utf-8"))


def by_id(records):
    return {record.position.rpartition("/")[2]: record for record in records}


def test_tme_looks_like_a_preview_page_only():
    head = (DATA / "tme_s_features.html").read_text(encoding="utf-8")[:4096]
    assert tme_html.looks_like(head)
    assert not tme_html.looks_like((EXPORT / "messages.html").read_text()[:4096])
    assert not tme_html.looks_like("Forwarded from Russian MFA\nSome text")


def test_tme_page_channel_and_paging(page):
    assert page.channel.title == "MFA Test Channel"
    assert page.channel.handle == "mfa_test"
    assert page.channel.telegram_id == 1234567890
    assert page.before == 100


def test_tme_records_are_oldest_first_and_deduplicated(page):
    positions = [record.position for record in page.records]
    assert positions == [f"post mfa_test/{n}" for n in (100, 101, 102, 103, 104, 107, 108)]
    assert tme_html.parse((DATA / "tme_s_features.html").read_text()) == page.records


def test_tme_skips_service_posts_and_empty_posts(page):
    records = by_id(page.records)
    assert records["100"] == SkippedRecord("post mfa_test/100", "service message")
    assert isinstance(records["107"], SkippedRecord)


def test_tme_forward_with_video_stub_emoji_and_newlines(page):
    post = by_id(page.records)["101"]
    assert isinstance(post, ParsedRecord)
    assert post.text == (
        "🇷🇺🇷🇸 On September 23, Sergey Lavrov met Aleksandar Vucic.\n"
        "They discussed Kosovo & the Balkans.\n"
        "#RussiaSerbia"
    )
    assert "not supported" not in post.text and "VIEW IN TELEGRAM" not in post.text
    assert post.forwarded_from == "Russian MFA 🇷🇺"
    assert post.forwarded_from_id == "MFARussia"
    assert post.forwarded_message_id == 20400
    assert (post.media, post.media_count) == ("video", 1)
    assert post.views == 1200
    assert post.source_message_id == 101
    assert post.source_url == "https://t.me/mfa_test/101"
    assert post.published_at == datetime(2022, 9, 23, 21, 10, 4, tzinfo=UTC)
    assert post.channel == page.channel
    assert post.raw["data_post"] == "mfa_test/101"
    assert post.raw["text_html"].startswith('<i class="emoji"')
    assert post.raw["edited"] is False


def test_tme_reply_quote_stays_out_of_the_text(page):
    post = by_id(page.records)["102"]
    assert post.text == "Full transcript of the talks is now available."
    assert post.raw["reply_quote"] == "On September 23, Sergey Lavrov met Aleksandar Vucic."
    assert post.raw["reply_url"] == "https://t.me/mfa_test/101"
    assert (post.media, post.media_count) == ("", 0)


def test_tme_edited_mark_and_large_view_counts(page):
    post = by_id(page.records)["102"]
    assert post.raw["edited"] is True
    assert post.edited_at is None
    assert post.raw["author"] == "Press Office"
    assert post.views == 436600
    assert by_id(page.records)["103"].views == 2_000_000


def test_tme_link_preview_stays_out_of_the_text(page):
    post = by_id(page.records)["103"]
    assert post.text == "Sergey Lavrov’s remarks at the UN General Assembly: mid.ru/en/news/1"
    assert "New York" not in post.text
    assert post.raw["link_preview"] == {
        "site_name": "mid.ru",
        "title": "Remarks at the UN General Assembly",
        "description": "Sergey Lavrov’s remarks at the UN General Assembly, New York.",
        "url": "https://mid.ru/en/news/1",
    }


def test_tme_album_caption_once_and_item_count(page):
    post = by_id(page.records)["104"]
    assert post.text == "Photos from the talks in Belgrade.\n#RussiaSerbia"
    assert (post.media, post.media_count) == ("photo", 3)
    assert post.views == 12400


def test_tme_unrenderable_post_is_unknown_media(page):
    post = by_id(page.records)["108"]
    assert isinstance(post, ParsedRecord)
    assert (post.text, post.media, post.media_count) == ("", "unknown", 1)


def test_tme_last_page_header_title_hidden_forward_and_no_more_link():
    last = tme_html.parse_page((DATA / "tme_s_last_page.html").read_text(encoding="utf-8"))
    assert last.before is None
    assert last.channel.title == "Embassy of Russia 🇷🇺"
    assert last.channel.telegram_id is None
    [post] = last.records
    assert (post.forwarded_from, post.forwarded_from_id) == ("Hidden Author", "")
    assert post.forwarded_message_id is None
    assert (post.media, post.media_count, post.text) == ("photo", 1, "")
    assert post.views is None
    assert post.published_at == datetime(2021, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("shown", "count"),
    [("300", 300), ("1.2K", 1200), ("436.6K", 436600), ("2M", 2_000_000), ("", None)],
)
def test_tme_view_counts(shown, count):
    assert tme_html.parse_count(shown) == count


# Telegram Desktop HTML export


@pytest.fixture(scope="module")
def export():
    return {record.position: record for record in telegram_html.parse_folder(EXPORT, MOSCOW)}


def test_desktop_looks_like_an_export_only():
    assert telegram_html.looks_like((EXPORT / "messages.html").read_text()[:4096])
    assert not telegram_html.looks_like((DATA / "tme_s_features.html").read_text()[:4096])


def test_desktop_folder_reads_both_files_in_order_without_day_separators(export):
    assert list(export) == [f"message {n}" for n in range(1, 10)]
    assert export["message 1"] == SkippedRecord("message 1", "service message")
    assert export["message 8"] == SkippedRecord("message 8", "service message")


def test_desktop_forward_with_its_original_date(export):
    message = export["message 2"]
    assert message.channel.title == "MFA Russia (test)"
    assert message.source_message_id == 2
    assert message.text == (
        "🇷🇺🇷🇸 Sergey Lavrov met Ivica Dačić.\nThey discussed bilateral relations.\n#RussiaSerbia"
    )
    assert message.forwarded_from == "Russian MFA 🇷🇺"
    assert message.raw["forwarded_date"] == "2023-01-13T09:00:00+00:00"
    assert message.raw["from"] == "MFA Russia (test)"
    assert message.published_at == datetime(2023, 1, 13, 12, 37, 21, tzinfo=UTC)


def test_desktop_joined_messages_carry_the_sender(export):
    assert export["message 3"].raw["from"] == "MFA Russia (test)"
    assert export["message 4"].raw["from"] == "MFA Russia (test)"
    assert export["message 5"].raw["from"] == "MFA Russia (test)"  # first in messages2.html


def test_desktop_photo_and_reply(export):
    photo = export["message 3"]
    assert (photo.media, photo.media_count, photo.text) == ("photo", 1, "Photos from the talks.")
    reply = export["message 4"]
    assert reply.text == "The full transcript is on the ministry website."
    assert "In reply to" not in reply.text
    assert reply.raw["reply_to"] == 2
    assert reply.raw["signature"] == "Press Office"


def test_desktop_date_without_offset_is_read_in_the_given_zone(export):
    assert export["message 6"].published_at == datetime(2023, 1, 14, 7, 0, tzinfo=UTC)
    in_utc = telegram_html.parse((EXPORT / "messages2.html").read_text(), UTC)
    assert in_utc[1].published_at == datetime(2023, 1, 14, 10, 0, tzinfo=UTC)


def test_desktop_media_only_video_and_document(export):
    video = export["message 7"]
    assert (video.text, video.media, video.media_count) == ("", "video", 1)
    document = export["message 9"]
    assert (document.text, document.media) == ("The statement in full.", "document")
    assert document.raw["media_file"] == "files/statement.pdf"


def test_desktop_single_file_parse_has_no_previous_sender():
    records = telegram_html.parse((EXPORT / "messages2.html").read_text(), MOSCOW)
    assert records[0].position == "message 5"
    assert records[0].raw["from"] == ""


def test_desktop_message_files_in_numeric_order(tmp_path):
    for name in ("messages10.html", "messages2.html", "messages.html", "messages9.html", "x.html"):
        (tmp_path / name).write_text("")
    names = [path.name for path in telegram_html.message_files(tmp_path)]
    assert names == ["messages.html", "messages2.html", "messages9.html", "messages10.html"]


def test_desktop_folder_without_messages_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        telegram_html.parse_folder(tmp_path, MOSCOW)
