"""One post, one history, whatever the format (issue 14, item 2): the same export as JSON
and as HTML is one version of each post; a poorer rendering never replaces a richer one."""

import json
from datetime import UTC, datetime
from pathlib import Path

from statements.importers import telegram_html
from statements.importers.run import import_paths
from statements.importers.versions import BY_FORMAT
from statements.models import Statement, StatementRevision

DATA = Path(__file__).parent.parent / "data"
# The same six posts (and a service message) as Telegram Desktop writes them in JSON and
# in HTML, at the same moment, media not downloaded: a post edited after publication, with
# a link; a sticker; a PDF; an animation; a photo; plain text.
JSON_EXPORT = DATA / "same_export.json"
HTML_EXPORT = DATA / "same_export_html"
ZONE = "Europe/Moscow"


def post(number: int) -> Statement:
    return Statement.objects.get(source_message_id=number)


def test_the_html_export_after_its_json_changes_nothing_and_loses_nothing(db):
    first = import_paths([JSON_EXPORT])
    assert (first.created, first.skipped) == (6, 1)
    before = {
        s.pk: (s.title, s.text, s.media, s.media_count, s.edited_at, s.links)
        for s in Statement.objects.all()
    }
    again = import_paths([HTML_EXPORT], timezone_name=ZONE)
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 6, 1)
    assert not StatementRevision.objects.exists()  # no false history
    after = {
        s.pk: (s.title, s.text, s.media, s.media_count, s.edited_at, s.links)
        for s in Statement.objects.all()
    }
    assert after == before
    assert post(3).media == "sticker"
    assert post(5).media == "animation"
    assert post(2).edited_at == datetime(2024, 2, 1, 8, 30, tzinfo=UTC)
    assert post(2).links == ["https://mid.ru/en/press/1/"]
    # Both raw records are kept, the JSON one whole (sticker emoji, file name, MIME type).
    sticker = post(3).raw[BY_FORMAT]
    assert set(sticker) == {"telegram-json", "telegram-html"}
    assert sticker["telegram-json"]["sticker_emoji"] == "👍"
    assert sticker["telegram-json"]["mime_type"] == "image/webp"
    assert post(4).raw[BY_FORMAT]["telegram-json"]["file_name"] == "transcript_2024-02-01.pdf"
    # Reading either again is still nothing new.
    for path in (JSON_EXPORT, HTML_EXPORT):
        run = import_paths([path], timezone_name=ZONE)
        assert (run.created, run.updated, run.unchanged) == (0, 0, 6)
    assert not StatementRevision.objects.exists()
    assert set(post(3).raw[BY_FORMAT]) == {"telegram-json", "telegram-html"}


def test_the_json_export_after_its_html_fills_in_what_the_html_lacked(db):
    import_paths([HTML_EXPORT], timezone_name=ZONE)
    run = import_paths([JSON_EXPORT])
    assert (run.created, run.unchanged + run.updated) == (0, 6)
    assert post(2).edited_at == datetime(2024, 2, 1, 8, 30, tzinfo=UTC)
    assert post(2).links == ["https://mid.ru/en/press/1/"]
    assert post(3).media == "sticker"
    assert post(5).media == "animation"
    # Nothing is kept as an "earlier version": the two files are one version.
    assert not StatementRevision.objects.filter(applied=False).exists()
    # What a post says did not change: no revision replaces its words.
    assert not any(
        {"title", "text"} & set(revision.fields) for revision in StatementRevision.objects.all()
    )
    assert set(post(7).raw[BY_FORMAT]) == {"telegram-json", "telegram-html"}
    again = import_paths([HTML_EXPORT], timezone_name=ZONE)
    assert (again.updated, again.unchanged) == (0, 6)
    assert (post(3).media, post(5).media) == ("sticker", "animation")


def test_a_rendering_without_an_edit_time_is_not_an_older_version(db, tmp_path):
    import_paths([JSON_EXPORT])
    html = (HTML_EXPORT / "messages.html").read_text()
    changed = tmp_path / "messages.html"
    changed.write_text(html.replace("postponed to Friday", "postponed to Monday"))
    run = import_paths([changed], timezone_name=ZONE)
    assert (run.updated, run.unchanged) == (1, 5)
    statement = post(7)
    assert statement.text.endswith("postponed to Monday.")
    revision = statement.revisions.get()
    assert revision.applied and revision.fields["text"].endswith("postponed to Friday.")


def test_an_older_export_saying_the_same_is_no_earlier_version(db, tmp_path):
    data = json.loads(JSON_EXPORT.read_text())
    import_paths([JSON_EXPORT])
    edited = next(m for m in data["messages"] if m["id"] == 2)
    del edited["edited"], edited["edited_unixtime"]  # exported before a formatting-only edit
    older = tmp_path / "result.json"
    older.write_text(json.dumps(data, ensure_ascii=False))
    run = import_paths([older])
    assert (run.updated, run.unchanged) == (0, 6)
    assert not StatementRevision.objects.exists()
    assert post(2).edited_at == datetime(2024, 2, 1, 8, 30, tzinfo=UTC)


def test_the_web_preview_of_exported_posts_fills_in_and_says_nothing_new(db, tmp_path):
    import_paths([JSON_EXPORT])
    page = tmp_path / "twin_test.html"
    page.write_text(PREVIEW)
    run = import_paths([page])
    assert (run.created, run.updated, run.unchanged) == (0, 0, 2)
    # Only the permalinks the export lacked are history: a revision each, nothing else.
    filled = StatementRevision.objects.all()
    assert {tuple(r.fields) for r in filled} == {("source_url",)}
    assert {r.note for r in filled} == {"filled in from another rendering: source_url"}
    edited = post(2)
    assert edited.source.handle == "twin_test"
    assert edited.edited_at == datetime(2024, 2, 1, 8, 30, tzinfo=UTC)  # the preview has none
    assert edited.links == ["https://mid.ru/en/press/1/"]
    assert (edited.views, edited.source_url) == (1200, "https://t.me/twin_test/2")
    assert set(edited.raw[BY_FORMAT]) == {"telegram-json", "tme-html"}


def preview_post(number: int, moment: str, text: str, meta: str = "") -> str:
    return f"""
<div class="tgme_widget_message_wrap js-widget_message_wrap">
  <div class="tgme_widget_message js-widget_message" data-post="twin_test/{number}"
   data-view="eyJjIjotNzc3MDAwMTExLCJwIjoiMiJ9">
    <div class="tgme_widget_message_bubble">
      <div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>
      <div class="tgme_widget_message_footer compact js-message_footer">
       <div class="tgme_widget_message_info short js-message_info">
        <span class="tgme_widget_message_views">1.2K</span><span
         class="tgme_widget_message_meta">{meta}</span><span
         class="tgme_widget_message_meta"><a class="tgme_widget_message_date"
         href="https://t.me/twin_test/{number}"><time datetime="{moment}"
         class="time">07:05</time></a></span>
      </div></div>
    </div>
  </div>
</div>"""


# The t.me/s page of the same channel, showing two of its posts (the first edited).
PREVIEW = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Twin Channel (test) – Telegram</title>
<meta property="og:title" content="Twin Channel (test)"></head>
<body><main class="tgme_main"><section class="tgme_channel_history js-message_history">
{
    preview_post(
        2,
        "2024-02-01T07:05:00+00:00",
        "<b>Sergey Lavrov met Ivica Dačić in Moscow</b><br/>They discussed bilateral relations."
        ' The transcript is <a href="https://mid.ru/en/press/1/">on the ministry website</a>.'
        ' <a href="?q=%23RussiaSerbia">#RussiaSerbia</a>',
        meta="edited ",
    )
}
{
    preview_post(
        7,
        "2024-02-01T11:00:00+00:00",
        "Maria Zakharova: the briefing is postponed to Friday.",
    )
}
</section></main></body></html>
"""


def test_the_html_export_names_a_sticker_and_an_animation_it_did_not_download():
    records = telegram_html.parse_folder(HTML_EXPORT, UTC)
    media = {r.source_message_id: r.media for r in records if hasattr(r, "media")}
    assert media == {2: "", 3: "sticker", 4: "document", 5: "animation", 6: "photo", 7: ""}
