"""Import runs whose worker was killed: noticed by their stopped heartbeat, marked
interrupted with a message, and queued again by an editor."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from statements.models import ImportRun, Statement
from statements.worker import mark_abandoned_runs, next_upload

RUNS = "/admin/statements/importrun/"
EXPORT = Path(__file__).parent.parent / "data" / "mfa_channel_export.json"


def queued_upload(editor, settings, tmp_path) -> ImportRun:
    """A queued import of a file (a real one: its source is chosen in the form)."""
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_INLINE_MAX_BYTES = 10
    editor.post(
        f"{RUNS}upload/",
        {
            "file": SimpleUploadedFile("result.json", EXPORT.read_bytes()),
            "format": "auto",
            "timezone": "UTC",
        },
    )
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        outcome={**run.outcome, "new_sources_confirmed": True}
    )
    return run


def killed_while_running(run: ImportRun, silent_for: int) -> None:
    """What a worker killed part way leaves: the run taken (running) and its heartbeat old."""
    assert next_upload().pk == run.pk
    ImportRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=silent_for)
    )


def test_the_worker_writes_a_heartbeat_on_the_run_it_imports(db, editor, settings, tmp_path):
    run = queued_upload(editor, settings, tmp_path)
    call_command("import_worker", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert run.status == "finished"
    assert run.heartbeat_at is not None and run.heartbeat_at >= run.started_at


def test_a_run_whose_heartbeat_stopped_is_interrupted_when_the_admin_lists_runs(
    db, editor, settings, tmp_path
):
    settings.IMPORT_ABANDONED_AFTER_SECONDS = 120
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=600)
    page = editor.get(RUNS, follow=True).content.decode()
    run.refresh_from_db()
    assert run.status == "interrupted"
    assert "no heartbeat since" in run.errors[-1] and "re-queue it" in run.errors[-1]
    assert "Interrupted: the worker stopped working on it" in page
    assert Statement.objects.count() == 0


def test_a_run_still_beating_is_left_running(db, editor, settings, tmp_path):
    settings.IMPORT_ABANDONED_AFTER_SECONDS = 120
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=30)
    assert mark_abandoned_runs() == []
    run.refresh_from_db()
    assert run.status == "running"


def test_the_worker_marks_abandoned_runs_when_it_starts(db, editor, settings, tmp_path):
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=settings.IMPORT_ABANDONED_AFTER_SECONDS + 60)
    out = StringIO()
    call_command("import_worker", "--once", stdout=out)
    run.refresh_from_db()
    assert run.status == "interrupted"
    assert f"run {run.pk} marked interrupted" in out.getvalue()


def test_an_editor_requeues_an_interrupted_run_and_the_worker_imports_it(
    db, editor, settings, tmp_path
):
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=settings.IMPORT_ABANDONED_AFTER_SECONDS + 60)
    mark_abandoned_runs()
    response = editor.post(
        RUNS, {"action": "requeue_runs", "_selected_action": [run.pk]}, follow=True
    )
    assert "is queued again" in response.content.decode()
    run.refresh_from_db()
    assert (run.status, run.errors, run.heartbeat_at) == ("queued", [], None)
    assert "no heartbeat since" in run.outcome["requeued_after"][0]
    call_command("import_worker", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert (run.status, run.created) == ("finished", 11)
    assert Statement.objects.count() == 11


def test_a_run_whose_file_is_gone_is_not_requeued_and_the_editor_is_told(
    db, editor, settings, tmp_path
):
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=settings.IMPORT_ABANDONED_AFTER_SECONDS + 60)
    mark_abandoned_runs()
    Path(run.upload.path).unlink()
    response = editor.post(
        RUNS, {"action": "requeue_runs", "_selected_action": [run.pk]}, follow=True
    )
    assert "is no longer stored; upload it again" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "interrupted"


def test_only_a_run_that_was_interrupted_is_requeued(db, editor, settings, tmp_path):
    run = queued_upload(editor, settings, tmp_path)
    call_command("import_worker", "--once", stdout=StringIO())
    response = editor.post(
        RUNS, {"action": "requeue_runs", "_selected_action": [run.pk]}, follow=True
    )
    assert "not interrupted" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "finished"


def test_requeueing_needs_the_permission_to_change_runs(
    db, client, django_user_model, editor, settings, tmp_path
):
    run = queued_upload(editor, settings, tmp_path)
    killed_while_running(run, silent_for=settings.IMPORT_ABANDONED_AFTER_SECONDS + 60)
    mark_abandoned_runs()
    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-12345-long", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    client.force_login(viewer)
    client.post(RUNS, {"action": "requeue_runs", "_selected_action": [run.pk]})
    run.refresh_from_db()
    assert run.status == "interrupted"
