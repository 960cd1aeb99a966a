"""The references of statements and searches, style by style (statements/citations.py)."""

import json
from datetime import UTC, date, datetime

import pytest

from statements.citations import (
    apa,
    bibtex,
    bibtex_escape,
    chicago,
    cite_search,
    count_wording,
    csl_json,
    ends_a_sentence,
    mla,
    ris,
    sentence,
)
from statements.models import Source, Statement
from statements.references import reference_for
from tests import factories as make

ARCHIVE_URL = "https://archive.example/statements/1/"


def reference(statement, copies=()):
    statement = Statement.objects.for_display().get(pk=statement.pk)
    return reference_for(statement, ARCHIVE_URL, copies)


@pytest.mark.parametrize(
    "title",
    [
        "Talks with Marko Đurić.",  # Latin
        "Переговоры с Марко Джуричем.",  # Cyrillic
        "Was it agreed?",
        "Ещё не всё…",
        "قال الله تعالى:",  # Arabic, a colon
        "هل اتفقوا؟",  # Arabic question mark
        "外交部发言人答记者问。",  # Chinese full stop
        "是否同意？",  # full-width question mark
        "He said: «We agree.»",  # the end inside closing quotes
    ],
)
def test_it_adds_no_period_after_a_title_that_ends_in_punctuation_in_any_script(db, title):
    ref = reference(make.statement(title=title, language="en"))
    for text in (chicago(ref), mla(ref)):
        assert f"“{title}”" in text
    assert f"{title} [" in apa(ref) or f"{title[:-1]} [" in apa(ref)
    for text in (chicago(ref), apa(ref), mla(ref)):
        assert not any(f"{mark}." in text for mark in ".?…:؟。？")
        assert "..”" not in text and ":.”" not in text


@pytest.mark.parametrize("title", ["Talks on Kosovo", "Переговоры о Косово", "محادثات", "会谈"])
def test_it_closes_a_title_without_punctuation_with_one_period(db, title):
    ref = reference(make.statement(title=title))
    assert f"“{title}.”" in chicago(ref)
    assert f"“{title}.”" in mla(ref)
    assert f"{title} [" in apa(ref)


def test_n_d_is_written_once_and_only_when_no_date_is_known_anywhere(db):
    undated = reference(make.statement(title="Talks."))
    assert undated.published is None
    assert "n.d. " in chicago(undated) and "n.d.." not in chicago(undated)
    assert "(n.d.)." in apa(undated)
    dated = reference(make.statement(make.source("Other"), event_date=date(2024, 3, 21)))
    assert "n.d." not in chicago(dated) and "March 21, 2024" in chicago(dated)
    assert "(2024, March 21)." in apa(dated)
    assert "21 Mar. 2024" in mla(dated)


def test_the_publisher_of_a_forward_is_the_channel_it_was_forwarded_from(db):
    source = make.source("Russian MFA on Serbia (web preview scrape)", slug="mfa-russia")
    forward = make.statement(source, forwarded_from="Russian MFA 🇷🇺")
    ref = reference(forward)
    assert ref.publisher == "Russian MFA"
    for text in (chicago(ref), apa(ref), mla(ref), bibtex(ref), ris(ref)):
        assert "Russian MFA" in text
        assert "web preview scrape" not in text and "mfa-russia" not in text


def test_a_forward_cites_the_original_post_by_its_handle_and_message_id(db):
    forward = make.statement(
        forwarded_from="Russian MFA",
        forwarded_from_id="MFARussia",
        forwarded_message_id=20400,
        source_message_id=7,
    )
    ref = reference(forward)
    assert ref.message_id == 20400
    assert ref.original_url == "https://t.me/MFARussia/20400"
    assert "message 20400" in chicago(ref) and "https://t.me/MFARussia/20400." in chicago(ref)
    assert "t.me/MFARussia/20400" in mla(ref)
    assert "M1  - 20400" in ris(ref) and "UR  - https://t.me/MFARussia/20400" in ris(ref)


def test_a_forward_of_a_channel_known_only_by_id_links_to_no_guessed_post(db):
    forward = make.statement(
        forwarded_from="Hidden", forwarded_from_id="channel1111111111", forwarded_message_id=5
    )
    assert reference(forward).original_url == ""


def test_a_post_links_to_its_own_message_by_the_sources_handle(db):
    source = make.source("MFA", handle="MFARussia", platform=Source.Platform.TELEGRAM)
    ref = reference(make.statement(source, source_message_id=123))
    assert (ref.message_id, ref.original_url) == (123, "https://t.me/MFARussia/123")


def test_a_copy_cites_the_earlier_original_its_publisher_date_and_link(db):
    original_source = make.source("МИД России", handle="MID_Russia")
    original = make.statement(
        original_source,
        source_message_id=55,
        published_at=datetime(2024, 5, 6, 9, tzinfo=UTC),
    )
    copy = make.statement(make.source("mfa-scrape"), duplicate_of=original)
    ref = reference(copy, [original])
    assert ref.publisher == "МИД России"
    assert ref.published == date(2024, 5, 6)
    assert ref.original_url == "https://t.me/MID_Russia/55"
    assert "n.d." not in chicago(ref)


def test_the_speakers_are_the_participants_the_title_names_in_its_order(db):
    lavrov, djuric = make.participant("Sergey Lavrov"), make.participant("Marko Đurić")
    lavrov.aliases = ["Lavrov"]
    lavrov.save()
    putin = make.participant("Vladimir Putin")  # quoted in the text, not a speaker
    title = "Marko Đurić and Lavrov held talks"
    ref = reference(make.statement(title=title, participants=[lavrov, djuric, putin]))
    assert ref.speakers == ("Marko Đurić", "Sergey Lavrov")
    assert "Marko Đurić" in chicago(ref) and "MFA, Telegram post" in chicago(ref)
    assert "Putin" not in chicago(ref)
    assert "{Marko Đurić} and {Sergey Lavrov}" in bibtex(ref)
    assert "AU  - Sergey Lavrov" in ris(ref) and "PB  - MFA" in ris(ref)


def test_without_speakers_the_publisher_is_the_author_named_once(db):
    ref = reference(make.statement(make.source("Russian MFA"), title="Talks"))
    assert chicago(ref).startswith("Russian MFA. “Talks.” Telegram post")
    assert chicago(ref).count("Russian MFA") == 1


def test_the_access_date_and_the_archive_address_are_in_every_style(db):
    ref = reference(make.statement())
    today = ref.accessed
    assert f"Accessed {today:%B} {today.day}, {today.year}. {ARCHIVE_URL}." in chicago(ref)
    assert ARCHIVE_URL in apa(ref) and "archive.example/statements/1/" in mla(ref)
    assert f"urldate = {{{today.isoformat()}}}" in bibtex(ref)


def test_bibtex_titles_are_brace_protected_and_special_characters_escaped(db):
    ref = reference(make.statement(title="NATO & the 50% {rule}_x ~ ^ \\"))
    entry = bibtex(ref)
    assert (
        "title = {{NATO \\& the 50\\% \\{rule\\}\\_x \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{}}}" in entry
    )
    assert entry.count("{") == entry.count("}")


def test_bibtex_escapes_what_would_break_it():
    assert bibtex_escape("50% {of} R&D_x") == "50\\% \\{of\\} R\\&D\\_x"


def test_ris_lines_end_in_crlf_and_close_the_record(db):
    text = ris(reference(make.statement(event_date=date(2024, 3, 21))))
    assert text.startswith("TY  - ELEC\r\n") and text.endswith("ER  - \r\n")
    assert "DA  - 2024/03/21\r\n" in text


def test_csl_json_holds_the_reference(db):
    ref = reference(make.statement(title="Talks", event_date=date(2024, 3, 21)))
    [item] = json.loads(json.dumps(csl_json(ref)))
    assert item["title"] == "Talks" and item["publisher"] == "MFA"
    assert item["issued"] == {"date-parts": [[2024, 3, 21]]}
    assert item["archive_location"] == ARCHIVE_URL


def test_sentence_ends_in_every_script():
    assert sentence("n.d.") == "n.d."
    assert sentence("Talks") == "Talks."
    assert ends_a_sentence("«Так.»") and ends_a_sentence("تعالى:") and ends_a_sentence("同意。")
    assert not ends_a_sentence("(Moscow, March 21, 2024)")


def test_a_search_is_cited_with_its_query_count_access_date_and_address():
    line = cite_search("kosovo", 1234, "https://archive.example/statements/?q=kosovo")
    assert line.startswith("Statement Archive. Search for “kosovo.” 1,234 statements found.")
    assert line.endswith("https://archive.example/statements/?q=kosovo.")
    assert "Accessed " in line and "about" not in line
    assert "“Was it?” 1 statement found." in cite_search("Was it?", 1, "https://a/")


def test_only_an_estimated_count_is_about():
    assert count_wording(1) == "1 statement"
    assert count_wording(12000) == "12,000 statements"
    assert count_wording(12000, estimated=True) == "about 12,000 statements"
