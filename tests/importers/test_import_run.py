"""Every import format through the one pipeline: what ends up in the archive."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from statements.importers import batches
from statements.importers.run import import_paths
from statements.models import ImportRun, Source, Statement
from tests import factories as make

DATA = Path(__file__).parent.parent / "data"
EXPORT = DATA / "mfa_channel_export.json"
SCRAPE = Path("statements/demo/russia_serbia_tme_scrape.txt")


def export(messages, **chat):
    return {
        "name": "Test channel",
        "type": "public_channel",
        "id": 555,
        **chat,
        "messages": messages,
    }


def message(number, text, **extra):
    return {
        "id": number,
        "type": "message",
        "date": "2024-05-06T15:20:12",
        "date_unixtime": "1715008812",
        "from": "Test channel",
        "from_id": "channel555",
        "text": text,
        **extra,
    }


def write_json(tmp_path, data, name="result.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


def test_the_sample_export_gives_eleven_statements_with_the_album_as_one(participants):
    run = import_paths([EXPORT])
    assert (run.created, run.skipped, run.failed) == (11, 2, 0)  # two service messages
    source = Source.objects.get()
    assert (source.telegram_id, source.name) == (1234567890, "MFA Russia - Serbia (sample)")
    album = Statement.objects.get(source_message_id=25)
    assert (album.media, album.media_count) == ("photo", 3)
    assert album.title == "Sergey Lavrov and Aleksandar Vulin before the talks in Moscow"
    assert not Statement.objects.filter(source_message_id__in=[26, 27]).exists()
    assert album.published_at == datetime(2024, 8, 14, 13, 20, tzinfo=UTC)
    video = Statement.objects.get(source_message_id=7)
    assert video.media == "video"
    assert video.source_url == ""  # the export does not give the channel's handle


def test_russian_posts_are_linked_through_inflected_names(participants):
    import_paths([EXPORT])
    call = Statement.objects.get(source_message_id=16)
    assert call.language == "ru"
    assert call.kind == "phone_call"
    assert {p.name for p in call.participants.all()} >= {
        "Sergey Lavrov",
        "Marko Đurić",
        "Ana Brnabić",
    }
    talks = Statement.objects.get(source_message_id=33)
    assert talks.kind == "remarks"  # «Вступительное слово … в ходе переговоров»
    assert talks.location == "Москва"
    assert {p.name for p in talks.participants.all()} == {"Sergey Lavrov", "Marko Đurić"}
    assert [
        h.name for h in Statement.objects.get(source_message_id=39).hashtags.order_by("name")
    ] == ["#Косово", "#РоссияСербия"]


def test_links_from_entities_are_kept(db):
    import_paths([EXPORT])
    remarks = Statement.objects.get(source_message_id=10)
    assert remarks.links == ["https://mid.ru/en/foreign_policy/news/1900037/"]


def test_the_scrape_and_the_export_of_the_same_posts_are_one_statement_each(demo, client):
    run = import_paths([EXPORT])
    assert (run.created, run.duplicates) == (4, 7)
    assert Statement.objects.count() == 18
    assert Statement.objects.listed().count() == 11
    assert client.get("/api/statements/").json()["count"] == 11
    assert client.get("/api/statements/", {"q": "Dayton"}).json()["count"] == 2
    # The dated copy from the export is the one searches show; the scrape is its appearance.
    call = Statement.objects.listed().get(kind="phone_call", language="en")
    assert call.source_message_id == 13
    assert call.appearances.get().source.slug == "russia-serbia-scrape"
    page = client.get(f"/statements/{call.pk}/").content.decode()
    assert "Also published" in page
    assert "Russian MFA on Serbia (web preview scrape)" in page


def test_reimporting_an_export_changes_nothing(db):
    import_paths([EXPORT])
    before = list(Statement.objects.order_by("pk").values())
    run = import_paths([EXPORT])
    assert (run.created, run.updated, run.unchanged, run.duplicates) == (0, 0, 11, 0)
    assert list(Statement.objects.order_by("pk").values()) == before


def test_an_edited_post_updates_and_keeps_its_earlier_text(db, tmp_path, client):
    first = write_json(tmp_path, export([message(5, "Lavrov met Vucic\nFirst text.")]), "a.json")
    edited = message(
        5,
        "Lavrov met Vucic\nCorrected text.",
        edited="2024-05-06T16:00:00",
        edited_unixtime="1715011200",
    )
    second = write_json(tmp_path, export([edited]), "b.json")
    import_paths([first])
    run = import_paths([second])
    assert run.updated == 1
    statement = Statement.objects.get()
    assert statement.text == "Corrected text."
    assert statement.edited_at == datetime(2024, 5, 6, 16, 0, tzinfo=UTC)
    revision = statement.revisions.get()
    assert revision.fields["text"] == "First text."
    assert revision.import_run == run
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    assert "Earlier versions" in page
    assert "<del>First</del>" in page and "<ins>Corrected</ins>" in page  # a word diff


def test_the_full_account_layout_gives_each_channel_its_own_source(db, tmp_path):
    account = {
        "about": "Export",
        "personal_information": {"user_id": 1},
        "chats": {
            "about": "…",
            "list": [
                {
                    "name": "Friend",
                    "type": "personal_chat",
                    "id": 7,
                    "messages": [message(1, "Hi there")],
                },
                export(
                    [message(10, "Statement one"), message(11, "Statement two")], name="MFA", id=100
                ),
            ],
        },
        "left_chats": {
            "about": "…",
            "list": [
                export(
                    [message(3, "Old channel post")], name="Embassy", id=200, type="private_channel"
                ),
            ],
        },
    }
    run = import_paths([write_json(tmp_path, account)])
    assert (run.created, run.skipped) == (3, 1)  # the personal chat is not a channel
    assert sorted(Source.objects.values_list("name", "telegram_id")) == [
        ("Embassy", 200),
        ("MFA", 100),
    ]
    # The same channel in another export is the same source, whatever its title there.
    import_paths(
        [write_json(tmp_path, export([message(12, "Three")], name="MFA renamed", id=100), "b.json")]
    )
    assert Source.objects.get(telegram_id=100).statements.count() == 3


def test_the_old_export_format_with_local_times(db, tmp_path):
    old = {
        "name": "Old channel",
        "type": "public_channel",
        "id": 2**33 + 4242,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date": "2020-03-29T12:00:00",
                "from": "Old channel",
                "from_id": 2**33 + 4242,
                "text": "Posted at noon, Moscow time",
            }
        ],
    }
    run = import_paths([write_json(tmp_path, old)], timezone_name="Europe/Moscow")
    assert run.timezone == "Europe/Moscow"
    statement = Statement.objects.get()
    assert statement.published_at == datetime(2020, 3, 29, 9, 0, tzinfo=UTC)
    assert statement.source.telegram_id == 4242


def test_control_characters_written_as_xNN_are_read(db, tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(
        json.dumps(export([message(1, "Page\\x0Cbreak and a \\\\x41 literal")]))
        .replace("\\\\x0C", "\\x0C")
        .replace("\\\\\\\\x41", "\\\\x41")
        .encode()
    )
    assert b"\\x0C" in path.read_bytes()
    run = import_paths([path])
    assert run.created == 1
    assert Statement.objects.get().title == "Pagebreak and a \\x41 literal"


def test_a_truncated_export_writes_nothing_and_says_where(db, tmp_path):
    data = EXPORT.read_bytes()
    path = tmp_path / "result.json"
    path.write_bytes(data[: len(data) // 2])
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_statements", str(path), stdout=out, stderr=err)
    assert Statement.objects.count() == 0
    assert "result.json: is not a complete Telegram JSON export" in err.getvalue()
    assert "after message" in err.getvalue()
    assert "Nothing from this file was imported" in err.getvalue()
    run = ImportRun.objects.get()
    assert (run.status, run.created) == ("failed", 0)


def test_service_and_unsupported_messages_are_skipped_and_counted(db, tmp_path):
    messages = [
        {
            "id": 1,
            "type": "service",
            "date": "2024-01-01T00:00:00",
            "action": "create_channel",
            "text": "",
        },
        {"id": 2, "type": "unsupported"},
        message(3, ""),  # no text, no media
        message(4, "", photo="(File not included. Change data exporting settings to download.)"),
    ]
    run = import_paths([write_json(tmp_path, export(messages))])
    assert (run.created, run.skipped) == (1, 3)
    assert Statement.objects.get().media == "photo"


def test_a_bad_time_zone_is_refused_before_anything_is_written(db):
    with pytest.raises(CommandError, match="unknown time zone 'Mars/Olympus'"):
        call_command("import_statements", str(EXPORT), "--timezone", "Mars/Olympus")
    assert Statement.objects.count() == 0


def test_saved_web_preview_pages(participants):
    run = import_paths([DATA / "tme_s_features.html", DATA / "tme_s_last_page.html"])
    assert run.failed == 0
    source = Source.objects.get(handle="mfa_test")
    forward = Statement.objects.get(source=source, source_message_id=101)
    assert forward.source_url == "https://t.me/mfa_test/101"
    assert forward.forwarded_from_id == "MFARussia"
    assert forward.media == "video"
    assert forward.published_at is not None
    assert "Sergey Lavrov" in {p.name for p in forward.participants.all()}
    again = import_paths([DATA / "tme_s_features.html"])
    assert again.created == 0 and again.updated == 0


def test_a_desktop_html_export_folder(db):
    run = import_paths([DATA / "telegram_html_export"], timezone_name="Europe/Moscow")
    assert run.format == "telegram-html"
    assert run.failed == 0
    assert run.created + run.duplicates >= 5
    assert Source.objects.get().name == "MFA Russia (test)"
    first = Statement.objects.get(source_message_id=2)
    assert first.published_at == datetime(2023, 1, 13, 12, 37, 21, tzinfo=UTC)
    again = import_paths([DATA / "telegram_html_export"], timezone_name="Europe/Moscow")
    assert (again.created, again.updated, again.unchanged) == (0, 0, run.created + run.duplicates)


def test_json_lines_with_participants_hashtags_and_external_ids(db, tmp_path):
    make.participant("Sergey Lavrov", aliases=["Лавров"])
    path = tmp_path / "statements.jsonl"
    rows = [
        {
            "external_id": "mid-1",
            "source": "mid-ru",
            "url": "https://mid.ru/1",
            "published_at": "2024-03-21T10:00:00Z",
            "title": "Press release",
            "text": "Talks held.",
            "language": "en",
            "kind": "meeting",
            "participants": ["Лавров", "Wang Yi"],
            "hashtags": ["Russia_China"],
        },
        {"external_id": "mid-2", "text": "Another statement", "published_at": "21 March"},
        "not an object",
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n{broken\n")
    run = import_paths([path])
    assert (run.created, run.failed) == (1, 3)
    assert any("line 2 (id mid-2): has a date that is not ISO 8601" in e for e in run.errors)
    assert any("line 4: is not JSON" in e for e in run.errors)
    statement = Statement.objects.get()
    assert (statement.source.slug, statement.external_id, statement.kind) == (
        "mid-ru",
        "mid-1",
        "meeting",
    )
    assert statement.title == "Press release"
    assert {p.name for p in statement.participants.all()} == {"Sergey Lavrov", "Wang Yi"}
    assert [h.name for h in statement.hashtags.all()] == ["#Russia_China"]
    assert import_paths([path]).unchanged == 1


def test_csv_with_the_documented_columns(db, tmp_path):
    path = tmp_path / "site.csv"
    path.write_text(
        "external_id,source,url,published_at,title,text,language,kind,participants,hashtags\n"
        'a1,mid-ru,https://mid.ru/a1,2024-02-17 12:00,Talks,"Text, with comma",en,,'
        '"Sergey Lavrov; Marko Djuric",#Serbia #Russia\n'
        "a2,mid-ru,,,,,en,,,\n"
    )
    run = import_paths([path], timezone_name="Europe/Moscow")
    assert (run.created, run.failed) == (1, 1)
    statement = Statement.objects.get()
    assert statement.published_at == datetime(2024, 2, 17, 9, 0, tzinfo=UTC)
    assert statement.text == "Text, with comma"
    assert sorted(p.name for p in statement.participants.all()) == ["Marko Djuric", "Sergey Lavrov"]
    assert sorted(h.name for h in statement.hashtags.all()) == ["#Russia", "#Serbia"]


def test_the_command_takes_folders_and_reports_per_file_failures(db, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(export([message(1, "A post")])))
    (folder / "bad.json").write_text(
        '{"name": "x", "type": "public_channel", "id": 1, "messages": ['
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Some files could not be imported"):
        call_command("import_statements", str(folder), stdout=out, stderr=err)
    assert "created 1" in out.getvalue()
    assert "bad.json" in err.getvalue()
    assert Statement.objects.count() == 1


def test_a_big_import_enriches_in_a_second_process_with_the_same_result(
    participants, monkeypatch, settings
):
    settings.IMPORT_PARALLEL = False
    import_paths([EXPORT])
    one_process = list(
        Statement.objects.order_by("source_message_id").values_list(
            "source_message_id", "title", "kind", "language", "event_date", "names_text"
        )
    )
    Statement.objects.all().delete()
    settings.IMPORT_PARALLEL = True
    monkeypatch.setattr(batches, "BATCH_SIZE", 3)  # several batches: the pipeline runs
    run = import_paths([EXPORT])
    assert (run.created, run.skipped, run.failed) == (11, 2, 0)
    two_processes = list(
        Statement.objects.order_by("source_message_id").values_list(
            "source_message_id", "title", "kind", "language", "event_date", "names_text"
        )
    )
    assert two_processes == one_process
    assert import_paths([EXPORT]).unchanged == 11


@pytest.mark.parametrize(
    "bad_message",
    [
        {"id": 2, "type": "message", "date_unixtime": "99999999999999999", "text": "far future"},
        {"id": 3, "type": "message", "date": "not a date", "text": "bad date"},
        {"id": 4, "type": "message", "date_unixtime": "1715008812", "text": 42},
        {"type": "message", "date_unixtime": "1715008812", "text": "no id"},
        "a string where a message should be",
    ],
)
def test_one_bad_message_is_reported_and_the_rest_imported(db, tmp_path, bad_message):
    data = export([message(1, "A good post"), bad_message, message(5, "Another good post")])
    run = import_paths([write_json(tmp_path, data)])
    assert (run.created, run.failed) == (2, 1)
    assert "result.json: message" in run.errors[0]


def test_a_row_in_a_language_the_archive_does_not_know_is_reported_and_skipped(db, tmp_path):
    # An editor could not save it: the admin offers only the archive's languages.
    path = tmp_path / "site.jsonl"
    rows = [
        {"external_id": "a", "language": "english", "text": "Talks in Moscow"},
        {"external_id": "b", "language": "sr", "text": "Razgovori u Moskvi"},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    run = import_paths([path])
    assert (run.created, run.failed) == (1, 1), run.errors
    assert "site.jsonl: line 1 (id a): has an unknown language 'english'" in run.errors[0]
    assert Statement.objects.get().language == "sr"


def test_odd_values_in_json_lines_fail_only_their_line(db, tmp_path):
    path = tmp_path / "odd.jsonl"
    rows = [
        {"external_id": "a\x00b", "source": "x" * 150, "text": "NUL in the id, a long source"},
        {"external_id": "c", "text": {"nested": "object"}},
        {"external_id": "d", "text": "fine"},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    run = import_paths([path])
    assert (run.created, run.failed) == (2, 1), run.errors
    assert Statement.objects.get(external_id="ab").source.slug == "x" * 100


def test_a_csv_row_with_too_few_fields_or_an_open_quote(db, tmp_path):
    short = tmp_path / "short.csv"
    short.write_text("external_id,text,title\nu1,One,T\nu2,Two\n")
    run = import_paths([short])
    assert (run.created, run.failed) == (1, 1)
    assert "line 3: has fewer fields than the header" in run.errors[0]
    broken = tmp_path / "broken.csv"
    broken.write_text('external_id,text\nu1,"never closed\nu2,Two\n')
    run = import_paths([broken])
    assert run.status == "failed"
    assert Statement.objects.filter(external_id="u2").count() == 0


def test_plain_text_that_is_not_a_scrape_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("a;b;c\n1;2;3\n")
    with pytest.raises(CommandError, match="not a format the archive can import"):
        call_command("import_statements", str(path))


def test_a_file_where_no_record_can_be_read_is_unreadable(db):
    run = import_paths([EXPORT], format_name="jsonl")
    assert run.status == "failed"
    assert run.created == 0
    assert "has no record that could be read" in run.errors[-1]


LONG_TEXT = (
    "Foreign Minister Sergey Lavrov held talks with the Foreign Minister of Serbia on "
    "bilateral cooperation, energy and the situation in the Balkans."
)


def test_a_recurring_title_in_one_channel_is_not_a_duplicate(db, tmp_path):
    weeks_apart = export(
        [
            message(1, "Briefing by Maria Zakharova", date_unixtime="1700000000", photo="a.jpg"),
            message(2, "Briefing by Maria Zakharova", date_unixtime="1703000000", photo="b.jpg"),
            message(3, LONG_TEXT, date_unixtime="1700000000"),
            message(4, LONG_TEXT, date_unixtime="1703000000"),  # the same channel repeating itself
        ]
    )
    run = import_paths([write_json(tmp_path, weeks_apart)])
    assert (run.created, run.duplicates) == (4, 0)
    assert Statement.objects.listed().count() == 4


def test_the_same_post_in_another_channel_is_a_duplicate_only_close_in_time(db, tmp_path):
    first = export([message(1, LONG_TEXT, date_unixtime="1700000000")], name="MFA", id=1)
    repost = export([message(7, LONG_TEXT, date_unixtime="1700003600")], name="Embassy", id=2)
    much_later = export([message(9, LONG_TEXT, date_unixtime="1760000000")], name="Other", id=3)
    import_paths([write_json(tmp_path, first, "a.json")])
    assert import_paths([write_json(tmp_path, repost, "b.json")]).duplicates == 1
    assert import_paths([write_json(tmp_path, much_later, "c.json")]).duplicates == 0
    assert Statement.objects.listed().count() == 2


def test_a_hidden_or_deleted_canonical_leaves_its_copy_counted_once(db, tmp_path):
    first = export([message(1, LONG_TEXT)], name="MFA", id=1)
    repost = export([message(7, LONG_TEXT)], name="Embassy", id=2)
    third = export([message(8, LONG_TEXT)], name="Consulate", id=3)
    for number, data in enumerate((first, repost, third)):
        import_paths([write_json(tmp_path, data, f"{number}.json")])
    canonical = Statement.objects.get(duplicate_of__isnull=True)
    assert Statement.objects.listed().count() == 1

    canonical.status = Statement.Status.HIDDEN
    canonical.save()
    assert Statement.objects.listed().count() == 2  # the copies show; nothing is lost
    canonical.status = Statement.Status.PUBLISHED
    canonical.save()

    canonical.delete()
    assert Statement.objects.listed().count() == 1
    survivor = Statement.objects.get(duplicate_of__isnull=True)
    assert survivor.appearances.count() == 1


def test_reading_the_same_web_page_again_later_changes_nothing(db, tmp_path):
    first = import_paths([DATA / "tme_s_features.html"])
    again = import_paths([DATA / "tme_s_features.html"])
    assert first.created and (again.created, again.updated) == (0, 0)
    # Views grow with every reading of the page: not a change of the post.
    html = (DATA / "tme_s_features.html").read_text()
    changed_views = tmp_path / "later.html"
    changed_views.write_text(html.replace("1.2K", "3.4K"))
    assert import_paths([changed_views]).updated == 0


def test_one_source_for_a_file_of_several_channels_is_refused(db, tmp_path):
    account = {
        "about": "Export",
        "chats": {
            "about": "…",
            "list": [
                export([message(1, "Statement one")], name="A", id=100),
                export([message(1, "Statement two")], name="B", id=200),
            ],
        },
    }
    run = import_paths([write_json(tmp_path, account)], source_slug="one")
    assert run.status == "failed"
    assert "holds posts of several channels" in run.errors[0]
    assert Statement.objects.count() == 0


def test_an_older_export_does_not_undo_a_newer_edit(db, tmp_path):
    newer = message(
        5,
        "Lavrov met Vucic\nCorrected text.",
        edited="2024-05-06T16:00:00",
        edited_unixtime="1715011200",
    )
    older = message(5, "Lavrov met Vucic\nFirst text.")
    import_paths([write_json(tmp_path, export([newer]), "march.json")])
    for _ in range(2):
        run = import_paths([write_json(tmp_path, export([older]), "january.json")])
        assert (run.updated, run.unchanged) == (0, 1)
    statement = Statement.objects.get()
    assert statement.text == "Corrected text."
    earlier = statement.revisions.get()
    assert earlier.fields["text"] == "First text."
    assert "older export" in earlier.note


# Hidden means hidden; previews; sources an upload creates (issue 13) ---------------------


def test_a_copy_of_a_hidden_statement_is_hidden_and_of_one_to_review_waits(db):
    import_paths([EXPORT])
    hidden = Statement.objects.get(source_message_id=7)
    hidden.status = Statement.Status.HIDDEN
    hidden.save()
    waiting = Statement.objects.exclude(pk=hidden.pk).filter(title__contains="Dacic").first()
    waiting.status = Statement.Status.NEW
    waiting.save()
    make.source("Scrape", slug="scrape")
    import_paths([SCRAPE], source_slug="scrape")
    copies = Statement.objects.filter(source__slug="scrape")
    assert copies.get(duplicate_of=hidden).status == "hidden"
    assert copies.get(duplicate_of=waiting).status == "new"


def test_a_dry_run_writes_nothing_but_tells_what_it_would_do(db, tmp_path):
    run = import_paths([EXPORT], dry_run=True, new_sources_need_review=True)
    assert run.dry_run and (run.created, run.skipped) == (11, 2)
    assert not Statement.objects.exists() and not Source.objects.exists()
    assert run.source is None and ImportRun.objects.get().created == 11
    assert run.outcome["new_sources"] == [
        {
            "name": "MFA Russia - Serbia (sample)",
            "slug": "mfa-russia-serbia-sample",
            "needs_review": True,
        }
    ]
    created = run.outcome["created"]
    assert len(created) == 11
    assert {item["status"] for item in created} == {"New (to review)"}
    assert "Sergey Lavrov and Aleksandar Vulin before the talks in Moscow" in {
        item["title"] for item in created
    }

    import_paths([EXPORT])
    data = json.loads(EXPORT.read_text())
    post = next(m for m in data["messages"] if m["id"] == 25)
    post["text"] = "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow"
    post["edited"] = "2024-08-15T10:00:00"
    album = Statement.objects.get(source_message_id=25)
    run = import_paths([write_json(tmp_path, data)], dry_run=True)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 10)
    # The fields an editor knows a statement by, not its hashes or raw record.
    assert run.outcome["updated"] == [
        {"statement": album.pk, "title": album.title, "fields": ["text", "title"]}
    ]
    album.refresh_from_db()
    assert album.title.endswith("before the talks in Moscow")
    assert not album.revisions.exists()


def test_a_file_naming_no_channel_goes_to_a_source_named_as_asked(db):
    run = import_paths([SCRAPE], fallback_name="small_mfa", new_sources_need_review=True)
    source = Source.objects.get()
    assert (source.name, source.slug, source.needs_review) == ("Small Mfa", "small_mfa", True)
    assert run.source == source
    assert set(source.statements.values_list("status", flat=True)) == {"new"}


def undated_post(tmp_path) -> Statement:
    """A post archived without its date, as from a scrape."""
    import_paths([write_json(tmp_path, export([message(1, LONG_TEXT)], name="MFA", id=1))])
    undated = Statement.objects.get()
    Statement.objects.filter(pk=undated.pk).update(published_at=None)
    return undated


def test_a_dated_copy_becomes_the_canonical_statement_with_a_revision_each(db, tmp_path):
    undated = undated_post(tmp_path)
    repost = export([message(7, LONG_TEXT)], name="Embassy", id=2)
    import_paths([write_json(tmp_path, repost, "repost.json")])
    dated = Statement.objects.get(duplicate_of__isnull=True)
    assert dated.pk != undated.pk
    assert undated.revisions.get().fields == {"duplicate_of": None}
    assert dated.revisions.get().fields == {"duplicate_of": undated.pk}


def test_no_import_changes_which_copy_an_editor_made_canonical(db, tmp_path, editor_user):
    undated = undated_post(tmp_path)
    make.revision(undated, {"duplicate_of": 123}, changed_by=editor_user)
    repost = export([message(7, LONG_TEXT)], name="Embassy", id=2)
    import_paths([write_json(tmp_path, repost, "repost.json")])
    assert Statement.objects.get(duplicate_of__isnull=True) == undated
