"""The plain-text web-preview scrape: splitting, cleaning, extraction, idempotence."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.importers import tme_text
from statements.importers.run import import_paths
from statements.models import ImportRun, Statement

DEMO_SCRAPE = Path("statements/demo/russia_serbia_tme_scrape.txt")
DATA = Path(__file__).parent.parent / "data"


def statement_starting(words):
    return Statement.objects.get(title__startswith=words)


def test_it_splits_the_demo_scrape_into_seven_posts_each_text_once():
    records = tme_text.parse(DEMO_SCRAPE.read_text())
    assert len(records) == 7
    for record in records:
        assert "This media is not supported" not in record.text
        assert "VIEW IN TELEGRAM" not in record.text
        body_lines = record.text.split("\n")[1:]
        assert len(body_lines) == len(set(body_lines)) or record.text.count(body_lines[0]) == 1
        assert record.text.count("#RussiaSerbia") == 1
        assert record.forwarded_from.startswith("Russian MFA")


def test_it_records_that_a_post_had_media(demo):
    with_media = Statement.objects.exclude(media="")
    assert [s.title[:15] for s in with_media] == ["On September 23"]


def test_it_imports_the_demo_with_the_expected_fields(demo):
    assert Statement.objects.count() == 7
    for statement in Statement.objects.all():
        assert [h.name for h in statement.hashtags.all()] == ["#RussiaSerbia"]
        assert statement.language == "en"
        assert not statement.title.startswith("🇷🇺")
        assert "This media is not supported" not in statement.text

    remarks = statement_starting("Sergey Lavrov’s opening remarks during a meeting")
    assert remarks.kind == "remarks"
    assert remarks.event_date == date(2024, 3, 21)
    assert remarks.location == "Moscow"

    call = statement_starting("On May 6")
    assert call.kind == "phone_call"
    assert {p.name for p in call.participants.all()} == {
        "Sergey Lavrov",
        "Ana Brnabić",
        "Ivica Dačić",
        "Marko Đurić",
    }

    conference = statement_starting("Russia’s Foreign Minister Sergey Lavrov’s statement")
    assert conference.kind == "press_conference"
    assert conference.event_date == date(2025, 2, 17)
    assert "Marko Đurić" in {p.name for p in conference.participants.all()}  # text says Djuric

    meeting = statement_starting("On September 23")
    assert meeting.kind == "meeting"
    # No year in the text and no publication date: the day is kept as written, not guessed.
    assert meeting.event_date is None
    assert meeting.event_date_text == "September 23"

    assert statement_starting("On August 14").location == "Moscow"
    assert statement_starting("President of Russia Vladimir Putin").kind == "meeting"


def test_importing_the_same_file_again_changes_nothing(demo):
    before = list(Statement.objects.order_by("pk").values())
    run = import_paths([DEMO_SCRAPE], source_slug="russia-serbia-scrape")
    assert (run.created, run.updated, run.unchanged) == (0, 0, 7)
    assert list(Statement.objects.order_by("pk").values()) == before


def test_it_splits_a_scrape_without_forwarded_lines_and_with_other_hashtags(db):
    records = tme_text.parse((DATA / "no_forwards_scrape.txt").read_text())
    assert [r.text.split("\n")[0][:20] for r in records] == [
        "🇷🇺 On 12 June, Forei",
        "📰 Interview of Serge",
        "Comment by the Forei",
    ]
    assert [r.media for r in records] == ["", "unknown", ""]
    assert records[1].text.count("Calmly.") == 1
    assert all(r.forwarded_from == "" for r in records)

    import_paths([DATA / "no_forwards_scrape.txt"], source_slug="other-channel")
    kinds = list(Statement.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["phone_call", "interview", "comment"]
    interview = Statement.objects.get(kind="interview")
    assert interview.event_date == date(2024, 6, 20)
    assert {h.name for h in interview.hashtags.all()} == {"#Interview", "#Lavrov"}


def test_it_reads_russian_posts_with_russian_dates_and_inflected_names(participants):
    import_paths([DATA / "russian_scrape.txt"], source_slug="mid-rf")
    statement = Statement.objects.get()
    assert statement.language == "ru"
    assert statement.event_date == date(2024, 3, 21)
    assert statement.location == "Москва"
    assert statement.forwarded_from == "МИД России"
    assert {p.name for p in statement.participants.all()} == {"Sergey Lavrov", "Marko Đurić"}
    assert [h.name for h in statement.hashtags.all()] == ["#РоссияСербия"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is a binary file"),
        (b"caf\xe9 au lait\n", "is not UTF-8 text"),
        (b"", "is empty"),
        (b'{"name": "x"}', "is JSON but not a format the archive can import"),
        (b"   \n\n  \n", "is empty"),
    ],
)
def test_a_file_that_cannot_be_read_writes_nothing(db, tmp_path, content, message):
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    with pytest.raises(Exception) as error:
        call_command("import_statements", str(path))
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert Statement.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_missing_file_or_a_folder_is_reported_by_name(db, tmp_path):
    with pytest.raises(Exception, match="missing.txt: cannot be read"):
        call_command("import_statements", str(tmp_path / "missing.txt"))
    with pytest.raises(Exception, match="is an empty folder"):
        call_command("import_statements", str(tmp_path))


def test_one_unreadable_file_among_several_stops_the_whole_import(db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    with pytest.raises(Exception, match="bad.txt"):
        call_command("import_statements", str(DEMO_SCRAPE), str(bad))
    assert Statement.objects.count() == 0


def test_a_bad_record_is_reported_and_skipped(db, tmp_path, capsys):
    path = tmp_path / "scrape.txt"
    # More distinct words than a PostgreSQL search vector can hold (1 MB): the database refuses it.
    too_many_words = " ".join(f"word{number}" for number in range(250_000))
    path.write_text(f"Good post about Kosovo\n#Tag\nForwarded from X\nHeadline\n{too_many_words}\n")
    call_command("import_statements", str(path), "--source", "scrape")
    output = capsys.readouterr()
    assert "created 1," in output.out
    assert "failed 1" in output.out
    assert "scrape.txt: lines 3" in output.err or "scrape.txt: lines 4" in output.err
    assert Statement.objects.get().title == "Good post about Kosovo"


def test_an_editors_correction_survives_reimporting_the_same_file(demo):
    statement = statement_starting("On September 23")
    statement.location = "New York"
    statement.title = "Lavrov met Vučić at the UN General Assembly"
    statement.save()
    run = import_paths([DEMO_SCRAPE], source_slug="russia-serbia-scrape")
    assert (run.created, run.updated, run.unchanged) == (0, 0, 7)
    statement.refresh_from_db()
    assert statement.location == "New York"
    assert statement.title == "Lavrov met Vučić at the UN General Assembly"


def test_a_post_added_at_the_top_of_the_scrape_leaves_the_others_unchanged(demo, tmp_path):
    longer = tmp_path / "scrape.txt"
    longer.write_text(
        "Forwarded from Russian MFA\nNew headline about Belgrade\nNew body.\n#RussiaSerbia\n"
        "New body.\n#RussiaSerbia\n" + DEMO_SCRAPE.read_text()
    )
    run = import_paths([longer], source_slug="russia-serbia-scrape")
    assert (run.created, run.updated, run.unchanged) == (1, 0, 7)


def test_the_same_post_twice_in_one_file_is_imported_once(db, tmp_path):
    path = tmp_path / "twice.txt"
    post = "Forwarded from X\nHeadline\nBody line.\n#Tag\nBody line.\n#Tag\n"
    path.write_text(post + post)
    run = import_paths([path], source_slug="x")
    assert (run.created, run.skipped) == (1, 1)
    assert "the same post as lines 2–6, skipped" in run.errors[0]
    again = import_paths([path], source_slug="x")
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 1, 1)


def headlines(text):
    return [record.text.split("\n")[0] for record in tme_text.parse(text)]


@pytest.mark.parametrize(
    "scrape, expected",
    [
        # the headline repeated as the first body line
        (
            "Statement by X\nStatement by X\nbody\n#T\nStatement by X\nbody\n#T\n",
            ["Statement by X"],
        ),
        # a body line repeated inside the post
        ("H\nb\nb\nc\n#T\nb\nb\nc\n#T\n", ["H"]),
        # a one-line post before a repeated one
        ("Short note #T\nH2\nb2\n#T2\nb2\n#T2\n", ["Short note #T", "H2"]),
        # the copy includes the headline
        ("H1\nbody one\n#T\nH1\nbody one\n#T\nH2\nbody two\n#T\nH2\nbody two\n#T\n", ["H1", "H2"]),
        # no copies, no forwards: split after hashtag lines
        ("H1\nbody\n#A\nH2\nbody\n#B #C\n", ["H1", "H2"]),
        # consecutive posts with the same first line
        (
            "Forwarded from X\nBreaking\nfirst\n#T\nfirst\n#T\n"
            "Forwarded from X\nBreaking\nsecond\n#T\nsecond\n#T\n",
            ["Breaking", "Breaking"],
        ),
        # no hashtags at all, posts separated by forwards only
        ("Forwarded from X\nH1\nb1\nb1\nForwarded from X\nH2\nb2\nb2\n", ["H1", "H2"]),
    ],
)
def test_other_scrapes_of_the_same_kind_split_correctly(scrape, expected):
    assert headlines(scrape) == expected


def test_a_body_line_equal_to_the_headline_stays_in_the_post():
    records = tme_text.parse("Vote now\nIntro\nVote now\n#T\nIntro\nVote now\n#T\n")
    assert [r.text for r in records] == ["Vote now\nIntro\nVote now\n#T"]
