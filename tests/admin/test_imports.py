"""Uploading files to import, and the import runs' reports."""

import json
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from statements.curation import revisions
from statements.models import ImportRun, Source, Statement, StatementRevision
from tests import factories as make

RUNS = "/admin/statements/importrun/"
DATA = Path(__file__).parent.parent / "data"
EXPORT = DATA / "mfa_channel_export.json"
SCRAPE = Path("statements/demo/russia_serbia_tme_scrape.txt")


def test_import_runs_are_read_only(demo, editor):
    run = ImportRun.objects.first()
    page = editor.get(f"/admin/statements/importrun/{run.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert editor.get("/admin/statements/importrun/add/").status_code == 403


def test_an_editor_uploads_a_small_file_and_sees_the_runs_report(db, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    scrape = Path("statements/demo/russia_serbia_tme_scrape.txt").read_bytes()
    response = editor.post(
        "/admin/statements/importrun/upload/",
        {"file": SimpleUploadedFile("scrape.txt", scrape), "format": "auto", "timezone": "UTC"},
    )
    preview = ImportRun.objects.get()  # it would create a source: the editor is asked first
    assert preview.dry_run and not Statement.objects.exists()
    editor.post(f"{RUNS}{preview.pk}/import/")
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert (run.status, run.created, run.format) == ("finished", 7, "tme-text")
    listing = editor.get("/admin/statements/importrun/").content.decode()
    assert "Import a file" in listing
    assert editor.get(f"{RUNS}{run.pk}/change/").status_code == 200
    assert Statement.objects.count() == 7
    response = editor.post(
        "/admin/statements/importrun/upload/",
        {"file": SimpleUploadedFile("scrape.txt", scrape), "format": "auto", "timezone": "UTC"},
    )
    again = ImportRun.objects.latest("pk")  # into the source it made: imported at once
    assert response["Location"] == f"/admin/statements/importrun/{again.pk}/change/"
    assert (again.dry_run, again.unchanged) == (False, 7)


def test_a_big_upload_is_queued_for_the_worker_which_reports_progress(
    db, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_INLINE_MAX_BYTES = 10
    data = Path("tests/data/mfa_channel_export.json").read_bytes()
    editor.post(
        "/admin/statements/importrun/upload/",
        {"file": SimpleUploadedFile("result.json", data), "format": "auto", "timezone": "UTC"},
    )
    preview = ImportRun.objects.get()
    assert preview.status == "queued"
    call_command("import_worker", "--once", stdout=StringIO())
    preview.refresh_from_db()  # it would create a source: a preview, to ask the editor
    assert (preview.status, preview.dry_run, preview.created) == ("finished", True, 11)
    assert Statement.objects.count() == 0
    editor.post(f"{RUNS}{preview.pk}/import/")
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert run.status == "queued"
    call_command("import_worker", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert (run.status, run.dry_run, run.created, run.skipped) == ("finished", False, 11, 2)
    assert Statement.objects.count() == 11


def test_an_unreadable_upload_fails_with_its_reason_and_errors_download(
    db, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    editor.post(
        "/admin/statements/importrun/upload/",
        {
            "file": SimpleUploadedFile("broken.json", b'{"messages": [{"id": 1,'),
            "format": "auto",
            "timezone": "UTC",
        },
    )
    run = ImportRun.objects.get()
    assert run.status == "failed"
    errors = editor.get(f"/admin/statements/importrun/{run.pk}/errors.txt")
    assert errors["Content-Disposition"] == f'attachment; filename="import-{run.pk}-errors.txt"'
    assert b"broken.json" in errors.content
    assert b"not a complete Telegram JSON export" in errors.content


def test_the_upload_form_refuses_a_bad_time_zone(db, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = editor.post(
        "/admin/statements/importrun/upload/",
        {
            "file": SimpleUploadedFile("a.txt", b"Post\n#Tag\n"),
            "format": "auto",
            "timezone": "Mars",
        },
    )
    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_only_editors_may_upload(db, client, django_user_model):
    staff_without_group = django_user_model.objects.create_user(
        "staff-without-group", password="pw-12345-long", is_staff=True
    )
    client.force_login(staff_without_group)
    assert client.get("/admin/statements/importrun/upload/").status_code == 403


def test_an_editor_of_the_editor_group_may_upload(db, editor):
    page = editor.get("/admin/statements/importrun/upload/")
    assert page.status_code == 200
    assert b'name="_preview"' in page.content


# Who may see what (issue 13, item 14) --------------------------------------------------


def test_a_runs_errors_need_the_permission_to_view_runs(db, client, django_user_model, editor):
    run = ImportRun.objects.create(path="broken.json", format="telegram-json", errors=["bad"])
    staff_without_group = django_user_model.objects.create_user(
        "staff-without-group", password="pw-12345-long", is_staff=True
    )
    client.force_login(staff_without_group)
    assert client.get(f"{RUNS}{run.pk}/errors.txt").status_code == 403
    assert editor.get(f"{RUNS}{run.pk}/errors.txt").content == b"bad\n"


def test_a_runs_page_shows_its_errors_once(db, editor):
    run = ImportRun.objects.create(path="broken.json", format="telegram-json", errors=["bad"])
    page = editor.get(f"{RUNS}{run.pk}/change/").content.decode()
    assert page.count(">Errors<") + page.count(">Errors:<") == 1


# Sources an upload creates (items 2 and 3) ---------------------------------------------


def upload(client, path: Path, name: str = "", **fields):
    data = {"file": SimpleUploadedFile(name or path.name, path.read_bytes())}
    return client.post(f"{RUNS}upload/", {**data, "format": "auto", "timezone": "UTC", **fields})


def test_an_import_that_would_create_a_source_asks_first_and_writes_nothing(
    db, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(editor, SCRAPE, "small_mfa.txt", _import="Import")
    run = ImportRun.objects.get()
    assert run.dry_run and run.outcome["new_sources"][0]["name"] == "Small Mfa"
    assert not Source.objects.exists() and not Statement.objects.exists()
    page = editor.get(response["Location"]).content.decode()
    assert "Not imported: importing small_mfa.txt creates a new source" in page
    assert "the new source “Small Mfa”" in page


def test_uploading_a_file_again_without_a_source_makes_no_second_source(
    db, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload(editor, SCRAPE, "small_mfa.txt")
    editor.post(f"{RUNS}{ImportRun.objects.get().pk}/import/")
    upload(editor, SCRAPE, "small_mfa.txt")  # stored as small_mfa_<random>.txt
    source = Source.objects.get()  # not one named after the stored file
    assert source.name == "Small Mfa"
    _, first, again = ImportRun.objects.order_by("pk")
    assert (first.created, again.dry_run, again.created, again.unchanged) == (7, False, 0, 7)


def test_a_source_an_upload_creates_needs_review_and_nothing_is_published(
    db, editor, researcher, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload(editor, EXPORT)
    editor.post(f"{RUNS}{ImportRun.objects.get().pk}/import/")
    source = Source.objects.get()
    assert (source.name, source.needs_review) == ("MFA Russia - Serbia (sample)", True)
    assert set(Statement.objects.values_list("status", flat=True)) == {"new"}
    statement = Statement.objects.first()
    assert researcher.get(statement.get_absolute_url()).status_code == 404
    run = ImportRun.objects.get(dry_run=False)
    assert "wait for review" in editor.get(f"{RUNS}{run.pk}/change/").content.decode()


def test_a_copy_of_a_statement_an_editor_hid_comes_in_hidden(
    db, editor, researcher, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("import_statements", str(EXPORT), stdout=StringIO())
    hidden = Statement.objects.get(source_message_id=7)  # Lavrov and Vucic, September 23
    hidden.status = Statement.Status.HIDDEN
    hidden.save()
    scrapes = make.source("Scrape of the channel", needs_review=False)
    upload(editor, SCRAPE, source=scrapes.pk)
    copies = Statement.objects.filter(source=scrapes)
    copy = copies.get(duplicate_of=hidden)
    assert copy.status == "hidden"
    assert researcher.get(copy.get_absolute_url()).status_code == 404
    assert copies.filter(status="published").exists()  # copies of what is public stay so


# Preview, then import; a run's statements; undo (the build's "imports an editor can see")


def test_a_preview_writes_nothing_and_lists_what_the_import_would_do(
    db, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(editor, EXPORT, _preview="Preview")
    preview = ImportRun.objects.get()
    assert response["Location"] == f"{RUNS}{preview.pk}/change/"
    assert preview.dry_run and (preview.created, preview.skipped) == (11, 2)
    assert not Statement.objects.exists() and not Source.objects.exists()
    page = editor.get(response["Location"]).content.decode()
    assert "What importing this file would do" in page
    assert "Sergey Lavrov and Aleksandar Vulin before the talks in Moscow" in page
    assert "the new source “MFA Russia - Serbia (sample)”" in page
    assert "Import this file" in page

    editor.post(f"{RUNS}{preview.pk}/import/")
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert (run.dry_run, run.created, run.path) == (False, 11, "mfa_channel_export.json")
    assert Statement.objects.count() == 11
    page = editor.get(f"{RUNS}{run.pk}/change/").content.decode()
    link = f"/admin/statements/statement/?import_run={run.pk}"
    assert link in page
    listing = editor.get(link)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 11
    # The list says what narrows it: the run, chosen under "By import run".
    shown = [spec for spec in listing.context["cl"].filter_specs if spec.has_output()]
    assert [spec.lookup_choices for spec in shown if spec.title == "import run"] == [
        [(str(run.pk), str(run))]
    ]
    assert str(run) in listing.content.decode()
    assert editor.get("/admin/statements/statement/?import_run=x").status_code == 200


def edited_export(tmp_path: Path, text: str) -> Path:
    """The sample export again, its album post (25) edited by the channel to say `text`."""
    data = json.loads(EXPORT.read_text())
    post = next(m for m in data["messages"] if m["id"] == 25)
    post["text"] = text
    post["edited"] = "2024-08-15T10:00:00"
    edited = tmp_path / "result.json"
    edited.write_text(json.dumps(data, ensure_ascii=False))
    return edited


def test_an_editor_undoes_an_import_its_statements_hidden_and_its_updates_reverted(
    db, editor, researcher, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    scrapes = make.source("Channel", needs_review=False)
    upload(editor, EXPORT, source=scrapes.pk)
    first = ImportRun.objects.get()
    edited = edited_export(tmp_path, "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow")
    upload(editor, edited, source=scrapes.pk)
    second = ImportRun.objects.exclude(pk=first.pk).get()
    assert second.updated == 1
    album = Statement.objects.get(source_message_id=25)
    assert album.title.startswith("Sergey Lavrov and Aleksandar Vulin after")

    editor.post(f"{RUNS}{second.pk}/undo/")
    album.refresh_from_db()
    assert album.title == "Sergey Lavrov and Aleksandar Vulin before the talks in Moscow"
    assert album.revisions.filter(note=f"import run {second.pk} undone").count() == 1

    assert researcher.get(album.get_absolute_url()).status_code == 200
    editor.post(f"{RUNS}{first.pk}/undo/")
    assert set(Statement.objects.values_list("status", flat=True)) == {"hidden"}
    assert researcher.get(album.get_absolute_url()).status_code == 404
    undone = StatementRevision.objects.filter(note=f"import run {first.pk} undone")
    assert undone.count() == 11
    assert undone.first().fields == {"status": "published"}
    assert "Undone" in editor.get(f"{RUNS}{first.pk}/change/").content.decode()
    again = editor.post(f"{RUNS}{first.pk}/undo/", follow=True).content.decode()
    assert "was undone on" in again


def test_undoing_an_import_unlinks_the_people_its_update_linked(
    db, editor, participants, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    channel = make.source("Channel", needs_review=False)
    upload(editor, EXPORT, source=channel.pk)
    edited = edited_export(
        tmp_path, "Sergey Lavrov, Aleksandar Vulin and Ivica Dačić after the talks"
    )
    upload(editor, edited, source=channel.pk)
    second = ImportRun.objects.latest("pk")
    album = Statement.objects.get(source_message_id=25)
    dacic = participants.get(name="Ivica Dačić")
    assert dacic in album.participants.all()
    update = album.revisions.get(import_run=second)
    assert dacic.pk not in update.fields["participants"]

    editor.post(f"{RUNS}{second.pk}/undo/")
    assert dacic not in album.participants.all()
    assert album.participants.filter(name="Sergey Lavrov").exists()


def test_undoing_an_import_needs_the_permission_to_change_runs(db, client, django_user_model):
    run = ImportRun.objects.create(path="a.json", format="telegram-json", status="finished")
    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-12345-long", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    client.force_login(viewer)
    assert client.post(f"{RUNS}{run.pk}/undo/").status_code == 403
    assert client.post(f"{RUNS}upload/").status_code == 403


# Conflicts (item 15) -------------------------------------------------------------------


def conflicting_reimport(editor, editor_user, tmp_path) -> Statement:
    """An editor retitles an imported post, then the source's edit of it is imported: the
    import's title waits as a conflict."""
    channel = make.source("Channel", needs_review=False)
    upload(editor, EXPORT, source=channel.pk)
    album = Statement.objects.get(source_message_id=25)
    before = revisions.snapshot(album)
    album.title = "Lavrov and Vulin (edited)"
    album.save()
    revisions.record_edit(album, before, editor_user)
    edited = edited_export(tmp_path, "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow")
    upload(editor, edited, source=channel.pk)
    return album


def test_an_import_conflict_shows_in_versions_and_the_editor_takes_the_sources_value(
    db, editor, editor_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    album = conflicting_reimport(editor, editor_user, tmp_path)
    album.refresh_from_db()
    assert album.title == "Lavrov and Vulin (edited)"

    versions = f"/admin/statements/statement/{album.pk}/versions/"
    page = editor.get(versions).content.decode()
    assert "Import conflicts" in page
    assert "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow" in page
    conflict = album.revisions.get(applied=False)
    editor.post(f"{RUNS}conflict/{conflict.pk}/title/", {"decision": "accept"})
    album.refresh_from_db()
    assert album.title == "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow"
    assert "title" in album.editor_fields
    assert album.revisions.filter(note__startswith="accepted the source's title").exists()
    assert "Import conflicts" not in editor.get(versions).content.decode()


def test_an_editor_gives_a_field_back_to_the_importer(db, editor, editor_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    album = conflicting_reimport(editor, editor_user, tmp_path)
    conflict = album.revisions.get(applied=False)
    editor.post(f"{RUNS}conflict/{conflict.pk}/title/", {"decision": "give_back"})
    album.refresh_from_db()
    assert album.title == "Sergey Lavrov and Aleksandar Vulin after the talks in Moscow"
    assert "title" not in album.editor_fields
    assert album.revisions.filter(note__startswith="gave title back to the importer").exists()
