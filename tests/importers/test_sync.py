"""Live sync against a local server that plays t.me/s, pages and failures included."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import CommandError, call_command

from statements.models import Source, Statement

PAGE_SIZE = 3


def preview_page(handle: str, ids: list[int], before: int | None) -> str:
    posts = "".join(
        f"""<div class="tgme_widget_message_wrap js-widget_message_wrap">
        <div class="tgme_widget_message js-widget_message" data-post="{handle}/{number}">
        <div class="tgme_widget_message_bubble">
        <div class="tgme_widget_message_text js-message_text" dir="auto">
        Post number {number} on Kosovo<br/>
        Body of post {number}.</div>
        <div class="tgme_widget_message_footer"><span class="tgme_widget_message_meta">
        <a class="tgme_widget_message_date" href="https://t.me/{handle}/{number}">
        <time datetime="2024-05-{number % 28 + 1:02d}T10:00:00+00:00" class="time">10:00</time></a>
        </span></div></div></div></div>"""
        for number in ids
    )
    more = (
        f'<div class="tgme_widget_message_centered js-messages_more_wrap">'
        f'<a href="/s/{handle}?before={before}" class="tme_messages_more js-messages_more"'
        f' data-before="{before}"></a></div>'
        if before
        else ""
    )
    return (
        f"<html><head><meta property='og:title' content='{handle}'></head><body>"
        f"<main class='tgme_main'><section class='tgme_channel_history js-message_history'>"
        f"{more}{posts}</section></main></body></html>"
    )


class FakePreview:
    """t.me/s for one channel whose posts are 1..newest; can fail on chosen pages."""

    def __init__(self):
        self.newest = 8
        self.deleted: set[int] = set()  # posts the channel deleted: the pages skip them
        self.fail_before: set[int] = set()
        self.drop_more_link_before = None
        self.requests: list[str] = []
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                preview.requests.append(self.path)
                url = urlparse(self.path)
                handle = url.path.rstrip("/").rpartition("/")[2]
                before = int(parse_qs(url.query).get("before", [preview.newest + 1])[0])
                if handle != "mfa_test":
                    body, status = (
                        "<html><body><div class='tgme_page'>No channel</div></body></html>",
                        200,
                    )
                    if handle == "gone":
                        status = 404
                elif before in preview.fail_before:
                    body, status = "Bad gateway", 502
                else:
                    ids = [
                        number
                        for number in range(max(1, before - PAGE_SIZE), before)
                        if number not in preview.deleted
                    ]
                    more = ids[0] if ids and ids[0] > 1 else None
                    if before == preview.drop_more_link_before:
                        more = None
                    body = preview_page(handle, ids, more)
                    status = 200
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/s/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def preview(settings):
    fake = FakePreview()
    settings.TELEGRAM_PREVIEW_URL = fake.url
    settings.SYNC_DELAY_SECONDS = 0
    settings.SYNC_RETRIES = 1
    yield fake
    fake.stop()


def sync(*args) -> str:
    out = StringIO()
    call_command("sync_channel", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def archived_ids():
    return sorted(Statement.objects.values_list("source_message_id", flat=True))


def test_first_sync_reads_every_page_and_imports_every_post(db, preview):
    output = sync("mfa_test")
    assert archived_ids() == list(range(1, 9))
    assert "3 pages read" in output
    assert "created 8" in output
    source = Source.objects.get()
    assert source.handle == "mfa_test"
    assert Statement.objects.get(source_message_id=5).source_url == "https://t.me/mfa_test/5"


def test_an_incremental_sync_stops_at_what_the_archive_has(db, preview):
    sync("mfa_test")
    preview.newest = 10
    preview.requests.clear()
    output = sync("@mfa_test")
    assert "created 2" in output
    assert archived_ids() == list(range(1, 11))
    assert preview.requests == ["/s/mfa_test"]  # one page was enough


def test_since_limits_the_sync(db, preview):
    assert "created 3" in sync("mfa_test", "--since", "5")
    assert archived_ids() == [6, 7, 8]


@pytest.mark.parametrize("handle", ["gone", "nobody_here"])
def test_a_missing_channel_is_a_clear_error(db, preview, handle):
    with pytest.raises(CommandError, match=f"channel @{handle} does not exist"):
        sync(handle)
    assert Statement.objects.count() == 0


def test_a_server_error_mid_way_loses_nothing_and_the_next_sync_resumes(db, preview):
    preview.fail_before = {6}  # the second page keeps failing
    with pytest.raises(CommandError, match="run the command again to resume"):
        sync("mfa_test")
    assert archived_ids() == [6, 7, 8]  # what was read is kept
    preview.requests.clear()
    preview.fail_before = set()
    preview.newest = 9
    output = sync("mfa_test")
    assert archived_ids() == list(range(1, 10))  # the gap is filled, the new post read
    assert "created 6" in output
    assert Source.objects.get().sync_state == {}


def test_the_network_being_down_is_a_clear_error(db, settings):
    settings.TELEGRAM_PREVIEW_URL = "http://127.0.0.1:9/s/"  # nothing listens on the discard port
    settings.SYNC_DELAY_SECONDS = 0
    settings.SYNC_RETRIES = 1
    with pytest.raises(CommandError, match="could not fetch .* after 2 tries"):
        sync("mfa_test")


def test_a_page_without_a_more_link_does_not_end_the_sync_early(db, preview):
    preview.drop_more_link_before = 6  # a page that forgets its "more" link
    sync("mfa_test")
    assert archived_ids() == list(range(1, 9))


def test_a_post_the_channel_deleted_is_kept_and_marked_then_unmarked_when_back(
    db, preview, client, editor
):
    sync("mfa_test")
    preview.deleted = {6}
    preview.newest = 10
    output = sync("mfa_test", "--since", "3")  # the pages read show 5 and 7, not 6
    assert "1 archived posts deleted at the source" in output
    assert archived_ids() == list(range(1, 11))  # never deleted from the archive
    gone = Statement.objects.get(source_message_id=6)
    assert gone.deleted_at_source is not None
    assert list(Statement.objects.filter(deleted_at_source__isnull=False)) == [gone]
    mark = gone.revisions.get()
    assert mark.fields == {"deleted_at_source": None}
    assert mark.note.startswith("deleted at the source")
    assert mark.import_run is not None and mark.import_run.format == "tme-sync"

    page = client.get(gone.get_absolute_url()).content.decode()
    assert "Deleted at the source." in page
    assert "Earlier versions" not in page  # the mark is no edit of the source's
    found = client.get("/statements/", {"deleted_at_source": "yes"}).content.decode()
    assert gone.get_absolute_url() in found
    assert Statement.objects.get(source_message_id=5).get_absolute_url() not in found
    api = client.get("/api/statements/", {"deleted_at_source": "yes"}).json()
    assert [item["source_message_id"] for item in api["results"]] == [6]
    assert api["results"][0]["deleted_at_source"]

    admin_list = editor.get(
        "/admin/statements/statement/", {"deleted_at_source": "yes"}
    ).content.decode()
    assert f"/admin/statements/statement/{gone.pk}/change/" in admin_list
    other = Statement.objects.get(source_message_id=7).pk
    assert f"/admin/statements/statement/{other}/change/" not in admin_list

    preview.deleted = set()  # it is shown again
    output = sync("mfa_test", "--since", "3")
    assert "1 posts marked deleted are shown at the source again" in output
    gone.refresh_from_db()
    assert gone.deleted_at_source is None
    notes = list(gone.revisions.order_by("id").values_list("note", flat=True))
    assert len(notes) == 2 and notes[1].startswith("shown at the source again")


def test_an_incremental_sync_marks_nothing_outside_what_its_pages_showed(db, preview):
    sync("mfa_test")
    preview.deleted = {2}  # older than anything the next sync reads
    preview.newest = 10
    sync("mfa_test")
    assert not Statement.objects.filter(deleted_at_source__isnull=False).exists()


def test_an_album_shown_under_another_of_its_ids_is_not_marked(db, preview):
    sync("mfa_test")
    album = Statement.objects.get(source_message_id=5)
    album.media_count = 2  # messages 5 and 6 merged; the preview shows the album as 6
    album.save()
    Statement.objects.filter(source_message_id=6).delete()
    preview.deleted = {5}
    sync("mfa_test", "--since", "1")
    album.refresh_from_db()
    assert album.deleted_at_source is None


def test_an_editor_cannot_restore_a_deletion_mark_away(db, preview, editor):
    sync("mfa_test")
    preview.deleted = {6}
    sync("mfa_test", "--since", "3")
    gone = Statement.objects.get(source_message_id=6)
    versions = f"/admin/statements/statement/{gone.pk}/versions/"
    assert "Set by syncs" in editor.get(versions).content.decode()
    refused = editor.post(versions, {"version": 1, "field": "deleted_at_source"}, follow=True)
    assert "Choose a field of that version." in refused.content.decode()
    editor.post(versions, {"version": 1})  # the whole version: every field but the mark
    gone.refresh_from_db()
    assert gone.deleted_at_source is not None
