"""Files as the real exporters write them (tests/data), each with the counts it must give."""

import json
from pathlib import Path

import pytest

from statements.importers import service, tme_html, tme_text
from statements.importers.records import ParsedRecord, SkippedRecord
from statements.importers.run import import_paths
from statements.models import Source, Statement

DATA = Path(__file__).parent.parent / "data"
FULL_HEAD_PAGE = DATA / "tme_s_full_head.html"


def test_a_page_saved_from_the_live_site_imports_its_posts_and_skips_its_service_posts(db):
    run = import_paths([FULL_HEAD_PAGE])  # detected: no format given
    assert run.format == "tme-html"
    assert (run.created, run.skipped, run.failed) == (4, 4, 0)
    source = Source.objects.get()
    assert (source.handle, source.telegram_id, source.name) == (
        "mfa_full_head",
        1987654321,
        "МИД (тест)",
    )
    assert sorted(Statement.objects.values_list("source_message_id", flat=True)) == [
        5002,
        5004,
        5006,
        5008,
    ]
    again = import_paths([FULL_HEAD_PAGE])
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 4, 4)


def test_service_posts_of_the_web_preview_are_skipped_marked_or_not():
    records = {r.position: r for r in tme_html.parse(FULL_HEAD_PAGE.read_text())}
    skipped = {p for p, r in records.items() if isinstance(r, SkippedRecord)}
    assert skipped == {f"post mfa_full_head/{n}" for n in (5001, 5003, 5005, 5007)}
    assert {records[p].reason for p in skipped} == {"service message"}


def test_service_lines_of_a_plain_text_scrape_are_skipped_and_end_the_post_before():
    scrape = (
        "Forwarded from Russian MFA\nStatement one.\n#Tag\n"
        "Channel video changed\nStatement two.\n#Tag\n"
        "MFA pinned «Statement two.»\nChannel photo updated\n"
    )
    records = tme_text.parse(scrape)
    kinds = [ParsedRecord, SkippedRecord, ParsedRecord, SkippedRecord, SkippedRecord]
    assert [type(r) for r in records] == kinds
    assert [r.text for r in records if isinstance(r, ParsedRecord)] == [
        "Statement one.\n#Tag",
        "Statement two.\n#Tag",
    ]
    assert records[1] == SkippedRecord("line 4", "service message")
    assert records[2].forwarded_from == ""
    assert [r.position for r in records[3:]] == ["line 7", "line 8"]


@pytest.mark.parametrize(
    "text",
    [
        "Channel video changed",
        "Channel photo updated",
        "Channel photo removed",
        "Channel created",
        "Channel name was changed to «MFA»",
        "MFA Russia pinned a message",
        "MFA Russia pinned «Statement of the\nMinistry…»",
        "Live stream started",
        "MFA Russia started a video chat",
    ],
)
def test_what_service_posts_say_is_known(text):
    assert service.is_service_text(text)


@pytest.mark.parametrize(
    "text",
    [
        '+ "Channel video changed"',
        "The channel photo updated the story",
        "We have pinned our hopes on the talks in Belgrade and will say so.\n#Serbia",
        "Statement on the talks",
        "The minister ended a live stream with remarks on the talks in Belgrade and Pristina",
    ],
)
def test_posts_that_only_mention_a_service_action_are_statements(text):
    assert not service.is_service_text(text)


def test_service_messages_are_skipped_in_every_format(db, tmp_path):
    export = {
        "name": "Channel",
        "type": "public_channel",
        "id": 42,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2024-05-06T15:20:12",
                "action": "edit_chat_photo",
            },
            {"id": 2, "type": "message", "date": "2024-05-06T15:21:12", "text": "Statement."},
        ],
    }
    (tmp_path / "result.json").write_text(json.dumps(export))
    (tmp_path / "scrape.txt").write_text(
        "Forwarded from MFA\nAnother statement.\n#Tag\nChannel video changed\n"
    )
    run = import_paths([tmp_path / "result.json", tmp_path / "scrape.txt"])
    assert (run.created, run.skipped, run.failed) == (2, 2, 0)
    assert not Statement.objects.filter(text__icontains="changed").exists()


def write_account_html_export(root: Path) -> Path:
    """A whole-account HTML export: its index and lists, and a folder per chat."""
    export = DATA / "telegram_html_export"
    (root / "lists").mkdir(parents=True)
    (root / "export_results.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title></head>'
        '<body><div class="page_wrap"><div class="page_header"><div class="content">'
        '<div class="text bold">Exported Data</div></div></div></div></body></html>'
    )
    (root / "lists" / "chats.html").write_text((root / "export_results.html").read_text())
    for number, title in ((1, "MFA Russia (test)"), (12, "Embassy (test)")):
        chat = root / "chats" / f"chat_{number:02d}"
        chat.mkdir(parents=True)
        for page in export.glob("messages*.html"):
            (chat / page.name).write_text(page.read_text().replace("MFA Russia (test)", title))
    return root


def test_a_whole_account_html_export_gives_each_chat_its_own_source(db, tmp_path):
    single = import_paths([DATA / "telegram_html_export"], timezone_name="Europe/Moscow")
    per_chat = (single.created + single.duplicates, single.skipped)
    Statement.objects.all().delete()
    Source.objects.all().delete()

    root = write_account_html_export(tmp_path / "DataExport_2026-11-30")
    run = import_paths([root], timezone_name="Europe/Moscow")
    assert (run.format, run.failed) == ("telegram-html", 0)
    # The same posts in two channels at the same moment: the second of each is a copy.
    assert (run.created + run.duplicates, run.skipped) == (2 * per_chat[0], 2 * per_chat[1])
    assert per_chat == (7, 2)
    embassy, mfa = Source.objects.order_by("name")
    assert (embassy.name, mfa.name) == ("Embassy (test)", "MFA Russia (test)")
    assert embassy.statements.count() == mfa.statements.count() == 7
    # Its chats folder alone is the same export; imported again, nothing changes.
    again = import_paths([root / "chats"], timezone_name="Europe/Moscow")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 14)


def chats_list_entry(number: int, name: str, kind: str) -> str:
    """One chat of lists/chats.html as the exporter writes it: its kind on the right."""
    return (
        f'<a class="entry block_link clearfix" href="../chats/chat_{number:02d}/messages.html'
        '#allow_back"><div class="pull_left userpic_wrap"></div><div class="body">'
        f'<div class="pull_right info details">{kind}</div><div class="name bold">{name}</div>'
        '<div class="details_entry details">9 messages</div></div></a>'
    )


def test_a_whole_account_html_export_skips_personal_chats_and_groups_as_the_json_one_does(
    db, tmp_path
):
    root = write_account_html_export(tmp_path / "DataExport_2026-11-30")
    for number, title in ((3, "A friend"), (4, "A group")):
        chat = root / "chats" / f"chat_{number:02d}"
        chat.mkdir()
        for page in (DATA / "telegram_html_export").glob("messages*.html"):
            (chat / page.name).write_text(page.read_text().replace("MFA Russia (test)", title))
    (root / "lists" / "chats.html").write_text(
        '<div class="page_body list_page"><div class="entry_list">'
        + chats_list_entry(1, "MFA Russia (test)", "channel")
        + chats_list_entry(3, "A friend", "private")
        + chats_list_entry(4, "A group", "group")
        + chats_list_entry(12, "Embassy (test)", "channel")
        + "</div></div>"
    )
    run = import_paths([root], timezone_name="Europe/Moscow")
    assert run.failed == 0
    assert sorted(Source.objects.values_list("name", flat=True)) == [
        "Embassy (test)",
        "MFA Russia (test)",
    ]
    # Each message of the personal chat and of the group is skipped, as in a JSON export:
    # 9 records a chat (7 statements and 2 service messages).
    assert (run.created + run.duplicates, run.skipped) == (14, 2 * 2 + 2 * 9)
    assert not Statement.objects.filter(source__name__in=["A friend", "A group"]).exists()
